// Inside the canvas: once the view has drawn its first frames, compiles the shaders of every kind of object its
// layers draw (warmUp.ts), so that the first map, cloud or marker array does not wait on a compile, and starts
// the preparation workers.
import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { sharedPrepPool } from './prepPool';
import type { SceneExtension } from './sceneExtension';
import type { SceneRuntime } from './sceneRuntime';
import { coreWarmUpObjects, warmUpShaders, type WarmUpHandle } from './warmUp';

/** After this long the view has drawn its first frames; the warm-up then runs while nothing big arrives yet. */
const AFTER_MS = 250;

export function ShaderWarmUp({ rt, extensions }: { rt: SceneRuntime; extensions: readonly SceneExtension[] }) {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const scene = useThree((s) => s.scene);
  useEffect(() => {
    let handle: WarmUpHandle | undefined;
    const timer = setTimeout(() => {
      sharedPrepPool()?.start();
      const objects = [...coreWarmUpObjects(), ...extensions.flatMap((e) => e.warmUp?.() ?? [])];
      const before = gl.info.programs?.length ?? 0;
      handle = warmUpShaders(gl, camera, scene, objects);
      void handle.done.then(() => {
        rt.renderInfo.warmedUp = (gl.info.programs?.length ?? 0) - before;
      });
    }, AFTER_MS);
    return () => {
      clearTimeout(timer);
      handle?.dispose();
    };
  }, [gl, camera, scene, rt, extensions]);
  return null;
}
