// Site maps layer: GridRenderer upkeep once per frame (see gridRenderer.ts).

import { useFrame } from '@react-three/fiber';
import { useEffect, useState } from 'react';
import { GridRenderer } from './gridRenderer';
import { countRender, type SceneRuntime } from './sceneRuntime';

export function GridLayer({ rt }: { rt: SceneRuntime }) {
  countRender('GridLayer');
  const [grids] = useState(() => new GridRenderer(rt.gridRoot));
  useEffect(() => () => grids.dispose(), [grids]);
  useFrame(() => {
    const t0 = performance.now();
    grids.update(rt.model);
    rt.frameStats.add(performance.now() - t0);
  });
  return <primitive object={rt.gridRoot} />;
}
