// Site maps layer: GridRenderer upkeep once per frame (see gridRenderer.ts). Big grids are decoded in the
// preparation pool and uploaded strip by strip within a per-frame budget (WebGLRenderer.initTexture).

import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useState } from 'react';
import { GridRenderer } from './gridRenderer';
import { sharedPrepPool } from './prepPool';
import { countRender, type SceneRuntime } from './sceneRuntime';

export function GridLayer({ rt }: { rt: SceneRuntime }) {
  countRender('GridLayer');
  const gl = useThree((s) => s.gl);
  const [grids] = useState(() => new GridRenderer(rt.gridRoot, { pool: sharedPrepPool(), upload: (t) => gl.initTexture(t) }));
  useEffect(() => () => grids.dispose(), [grids]);
  useFrame(() => {
    const t0 = performance.now();
    grids.update(rt.model, rt.pacer.pacing);
    rt.frameStats.add(performance.now() - t0);
  });
  return <primitive object={rt.gridRoot} />;
}
