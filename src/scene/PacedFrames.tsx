// Inside the canvas (frameloop "never"): the view's own frame loop. Every display frame asks the pacer
// (framePacer.ts) whether to draw; a drawn frame runs every layer's useFrame and renders (R3F's advance).
// Before the pacer measures the frame drawn last, the runtime learns what it drew (the renderer's info still
// holds it: nothing was rendered since), so the detail governor relates cost to primitives.
import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import type { SceneRuntime } from './sceneRuntime';

export function PacedFrames({ rt }: { rt: SceneRuntime }) {
  const advance = useThree((s) => s.advance);
  const gl = useThree((s) => s.gl);
  useEffect(() => {
    let raf = 0;
    const step = (t: number) => {
      raf = requestAnimationFrame(step);
      const r = gl.info.render;
      rt.drawnPrimitives = r.triangles + r.points + r.lines;
      if (rt.pacer.tick(t)) advance(t);
    };
    raf = requestAnimationFrame(step);
    return () => cancelAnimationFrame(raf);
  }, [advance, gl, rt]);
  return null;
}
