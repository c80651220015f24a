// Inside the canvas (frameloop "never"): the view's own frame loop. Every display frame asks the pacer
// (framePacer.ts) whether to draw; a drawn frame runs every layer's useFrame and renders (R3F's advance).
import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import type { SceneRuntime } from './sceneRuntime';

export function PacedFrames({ rt }: { rt: SceneRuntime }) {
  const advance = useThree((s) => s.advance);
  useEffect(() => {
    let raf = 0;
    const step = (t: number) => {
      raf = requestAnimationFrame(step);
      if (rt.pacer.tick(t)) advance(t);
    };
    raf = requestAnimationFrame(step);
    return () => cancelAnimationFrame(raf);
  }, [advance, rt]);
  return null;
}
