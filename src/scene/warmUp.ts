// Shaders compiled before the first big message needs them. A WebGL program is compiled the first time an
// object with its material kind is drawn, and its first use waits for the GPU process to finish the link (and
// everything queued before it). In software rendering that wait is tens of milliseconds per program, inside the
// frame that first shows a map, a cloud or a marker array. So once the view is up and idle, it compiles one
// object of each kind its layers draw (the scene core's and every extension's `warmUp()`), with
// KHR_parallel_shader_compile where the browser has it (three's compileAsync), against the real scene's
// lights. The warm-up objects are kept (not drawn) while the view lives: three deletes a program once no
// material uses it.
//
// Compiling is not all: a program's first use reads back its status, uniforms and attributes (synchronous
// calls), so the warm-up makes that first use itself.
// Nor is compiling all the GPU process does: a software rasteriser (SwiftShader) builds the routines of each
// pipeline state (the program with its primitive kind, vertex layout, blending) at the first draw that uses
// it, 150 ms inside the frame that first showed a big cloud. So the warm-up draws each object once too, where
// nobody sees it (one pixel of scissor, no clear; the next frame draws that pixel again).
// The first compile also makes the one extension query three leaves until then (KHR_parallel_shader_compile,
// a synchronous round trip of its own). The first texture three sets up makes another (anisotropic filtering,
// 20 ms behind a queued upload in the frame that showed the first map strip): the warm-up objects' textures are
// set up here too (initTexture).

import * as THREE from 'three';
import { gridWarmUpObject } from './gridRenderer';
import { makeLabel } from './labelSprite';
import { markerWarmUpObjects } from './markerObjects';
import { standInBody } from './robotBody';

/** The part of a WebGLRenderer the warm-up uses (a double in tests). */
export interface WarmUpRenderer {
  /** The programs the renderer holds (three's WebGLRenderer.info.programs). */
  info: { programs: readonly { getUniforms(): unknown; getAttributes(): unknown }[] | null };
  compileAsync(scene: THREE.Object3D, camera: THREE.Camera, targetScene?: THREE.Scene | null): Promise<unknown>;
  /** Uploads a texture and sets its parameters (three's WebGLRenderer.initTexture). */
  initTexture?(texture: THREE.Texture): void;
  /** Draws the object once, unseen, against the target's lights (drawUnseen). */
  drawOnce?(object: THREE.Object3D): void;
  /**
   * Resolves once the GPU process has done what was sent so far (a fence, polled between tasks), so the next
   * step's synchronous calls do not wait on a draw's pipeline build.
   */
  settled?(): Promise<void>;
}

function texturesOf(root: THREE.Object3D): THREE.Texture[] {
  const out: THREE.Texture[] = [];
  root.traverse((o) => {
    const m = o as THREE.Mesh;
    const mats = Array.isArray(m.material) ? m.material : m.material ? [m.material] : [];
    for (const mat of mats) for (const v of Object.values(mat)) if (v instanceof THREE.Texture && !out.includes(v)) out.push(v);
  });
  return out;
}

export interface WarmUpHandle {
  /** Resolves once every warm-up program is ready (or failed: a warm-up never throws). */
  readonly done: Promise<void>;
  /** The objects being kept so that their programs stay compiled. */
  readonly holder: THREE.Scene;
  /** Releases the warm-up objects (when the view goes). */
  dispose(): void;
}

/** The scene core's kinds: grid strips, markers (batched shapes, lines, points, text), robot bodies. */
export function coreWarmUpObjects(): THREE.Object3D[] {
  // urdf-loader gives URDF links MeshPhongMaterial (opaque, or see-through for a colour with alpha).
  const link = new THREE.Mesh(new THREE.BoxGeometry(0.1, 0.1, 0.1), new THREE.MeshPhongMaterial({ color: 0x8a949e }));
  const seeThrough = new THREE.Mesh(link.geometry, new THREE.MeshPhongMaterial({ color: 0x8a949e, transparent: true, opacity: 0.5 }));
  return [gridWarmUpObject(), ...markerWarmUpObjects(), standInBody(), link, seeThrough, makeLabel('warm-up')];
}

/** Only materials and their textures are released: geometries may be the scene's shared unit shapes. */
function disposeTree(root: THREE.Object3D): void {
  root.traverse((o) => {
    const m = o as THREE.Mesh;
    const mats = Array.isArray(m.material) ? m.material : m.material ? [m.material] : [];
    for (const mat of mats) {
      for (const v of Object.values(mat)) if (v instanceof THREE.Texture) v.dispose();
      mat.dispose();
    }
  });
}

/** The meshes, points, lines and sprites in `root`, each a draw of its own. */
export function drawables(root: THREE.Object3D): THREE.Object3D[] {
  const out: THREE.Object3D[] = [];
  root.traverse((o) => {
    const d = o as THREE.Object3D & { isMesh?: boolean; isPoints?: boolean; isLine?: boolean; isSprite?: boolean };
    if (d.isMesh || d.isPoints || d.isLine || d.isSprite) out.push(o);
  });
  return out;
}

/** Lets the page draw and handle input between two warm-up steps. */
const nextSlice = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/**
 * Compiles the programs of `objects` against `target`'s lights, one object per task (each step is a few
 * synchronous round trips to the GPU process; all at once would be a block of its own). Nothing here may
 * break the view: a failed compile only means the first real object of that kind compiles its own program,
 * as it would have anyway.
 */
export function warmUpShaders(
  gl: WarmUpRenderer,
  camera: THREE.Camera,
  target: THREE.Scene,
  objects: readonly THREE.Object3D[],
): WarmUpHandle {
  const holder = new THREE.Scene();
  holder.name = 'shader-warm-up';
  for (const o of objects) holder.add(o);
  let disposed = false;
  const firstUsed = new Set(gl.info.programs ?? []);
  const done = (async () => {
    for (const o of objects) {
      if (disposed) return;
      try {
        await gl.compileAsync(o, camera, target);
        // A program's first use asks the GPU process for its link status, logs, uniforms and attributes, each
        // a synchronous round trip behind whatever is queued (a map upload): done here, while the view is idle.
        // (Every new one: a see-through double-sided material compiles a second program for its back faces.)
        for (const program of gl.info.programs ?? []) {
          if (firstUsed.has(program)) continue;
          firstUsed.add(program);
          program.getUniforms();
          program.getAttributes();
        }
        for (const tex of texturesOf(o)) gl.initTexture?.(tex);
        // One drawable per task: each may build pipeline states of its own.
        if (gl.drawOnce)
          for (const part of drawables(o)) {
            await nextSlice();
            if (disposed) return;
            gl.drawOnce(part);
            await gl.settled?.();
          }
      } catch {
        // see above
      }
      await nextSlice();
    }
  })();
  return {
    done,
    holder,
    dispose() {
      if (disposed) return;
      disposed = true;
      void done.then(() => disposeTree(holder));
    },
  };
}

/**
 * Draws `object` once where nobody sees it: into one pixel of scissor, without clearing, with copies of the
 * scene's lights (so its program is the one the scene uses) and no culling. The next frame draws that pixel
 * again. Leaves the renderer's clear, scissor and info (what the last frame drew) and the object's culling and
 * parent as they were.
 */
export function drawUnseen(gl: THREE.WebGLRenderer, camera: THREE.Camera, scene: THREE.Scene, object: THREE.Object3D): void {
  const stage = new THREE.Scene();
  scene.traverse((o) => {
    if ((o as THREE.Light).isLight) stage.add(o.clone());
  });
  const parent = object.parent;
  stage.add(object);
  const culled: THREE.Object3D[] = [];
  object.traverse((o) => {
    if (o.frustumCulled) culled.push(o);
    o.frustumCulled = false;
  });
  // What the last real frame drew stays in the renderer's info (the bench and the badge read it there).
  const info = { ...gl.info.render };
  const autoClear = gl.autoClear;
  const scissorTest = gl.getScissorTest();
  const scissor = gl.getScissor(new THREE.Vector4());
  try {
    gl.autoClear = false;
    gl.setScissorTest(true);
    gl.setScissor(0, 0, 1, 1);
    gl.render(stage, camera);
  } finally {
    gl.autoClear = autoClear;
    gl.setScissor(scissor);
    gl.setScissorTest(scissorTest);
    Object.assign(gl.info.render, info);
    for (const o of culled) o.frustumCulled = true;
    if (parent) parent.add(object);
    else stage.remove(object);
  }
}

/** How often, and how long at most, the warm-up polls its fence (ms). */
const FENCE_POLL_MS = 8;
const FENCE_GIVE_UP_MS = 5000;

/**
 * Resolves once the GPU process has finished the commands sent so far: a WebGL2 fence whose status is polled
 * between tasks (the browser updates it only then, so polling never blocks). Resolves at once without fences,
 * and after FENCE_GIVE_UP_MS whatever the status.
 */
export function gpuSettled(ctx: WebGLRenderingContext | WebGL2RenderingContext): Promise<void> {
  const gl2 = ctx as WebGL2RenderingContext;
  const sync = typeof gl2.fenceSync === 'function' ? gl2.fenceSync(gl2.SYNC_GPU_COMMANDS_COMPLETE, 0) : null;
  if (!sync) return Promise.resolve();
  gl2.flush();
  const started = performance.now();
  return new Promise((resolve) => {
    const poll = () => {
      if (gl2.getSyncParameter(sync, gl2.SYNC_STATUS) === gl2.SIGNALED || performance.now() - started > FENCE_GIVE_UP_MS) {
        gl2.deleteSync(sync);
        resolve();
      } else setTimeout(poll, FENCE_POLL_MS);
    };
    setTimeout(poll, FENCE_POLL_MS);
  });
}
