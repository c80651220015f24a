// Inside the canvas (frameloop "never"): the view's own frame loop. Every display frame asks the pacer
// (framePacer.ts) whether to draw; a drawn frame runs every layer's useFrame and renders (R3F's advance).
// Before the pacer measures the frame drawn last, the runtime's renderInfo learns what it drew (the renderer's
// info still holds it: three resets it when a render starts, and nothing was rendered since), so the detail
// governor relates that frame's cost to its primitives, and the badge and the e2e probe read it there.
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
      const out = rt.renderInfo;
      out.calls = r.calls;
      out.triangles = r.triangles;
      out.points = r.points;
      out.lines = r.lines;
      out.programs = gl.info.programs?.length ?? 0;
      if (!rt.pacer.tick(t)) return;
      out.frames++;
      advance(t);
    };
    raf = requestAnimationFrame(step);
    return () => cancelAnimationFrame(raf);
  }, [advance, gl, rt]);
  return null;
}
