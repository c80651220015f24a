// Inside the canvas: once the view has drawn its first frames, compiles the shaders of every kind of object its
// layers draw and draws each once unseen (warmUp.ts), so that the first map, cloud or marker array does not
// wait on a compile or a software rasteriser's pipeline build, and starts the preparation workers.
import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import type * as THREE from 'three';
import { sharedPrepPool } from './prepPool';
import type { SceneExtension } from './sceneExtension';
import type { SceneRuntime } from './sceneRuntime';
import { coreWarmUpObjects, drawUnseen, gpuSettled, warmUpShaders, type WarmUpHandle, type WarmUpRenderer } from './warmUp';

/** After this long the view has drawn its first frames; the warm-up then runs while nothing big arrives yet. */
const AFTER_MS = 250;
/** Frames after a warm-up draw whose cost the level of detail does not hear. */
const WARM_UP_STALLED_FRAMES = 2;

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
      const renderer: WarmUpRenderer = {
        info: gl.info,
        compileAsync: (o, c, target) => gl.compileAsync(o, c, target),
        initTexture: (tex) => gl.initTexture(tex),
        drawOnce: (o: THREE.Object3D) => {
          drawUnseen(gl, camera, scene, o);
          // The pipeline it builds stalls the next frame or two once: not what the scene costs.
          rt.detail.ignore(WARM_UP_STALLED_FRAMES);
        },
        settled: () => gpuSettled(gl.getContext()),
      };
      handle = warmUpShaders(renderer, camera, scene, objects);
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
