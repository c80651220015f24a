// The shader warm-up (warmUp.ts), run in Node against a renderer double: what it compiles, in which steps,
// that it makes each new program's first use, keeps its objects while the view lives, and never throws.
import { describe, expect, it, vi, type Mock } from 'vitest';
import * as THREE from 'three';
import { GridRenderer, gridWarmUpObject } from '../../src/scene/gridRenderer';
import { CORE_EXTENSIONS } from '../../src/scene/coreTopics';
import { feedSubscriptions } from '../../src/scene/sceneExtension';
import { SceneModel } from '../../src/scene/sceneModel';
import { coreWarmUpObjects, drawables, drawUnseen, gpuSettled, warmUpShaders, type WarmUpRenderer } from '../../src/scene/warmUp';
import { FakeLink } from '../support/fakeLink';

interface FakeProgram {
  getUniforms: Mock<() => unknown>;
  getAttributes: Mock<() => unknown>;
}
const program = (): FakeProgram => ({ getUniforms: vi.fn<() => unknown>(), getAttributes: vi.fn<() => unknown>() });

/** A renderer double: each compiled object adds one program (two for the first, as a back-face pass does). */
function fakeRenderer(existing: FakeProgram[] = []) {
  const programs: FakeProgram[] = [...existing];
  const calls: { object: THREE.Object3D; target: THREE.Scene | null | undefined; programsBefore: number }[] = [];
  const gl: WarmUpRenderer = {
    info: { programs },
    compileAsync: vi.fn(async (object: THREE.Object3D, _camera: THREE.Camera, target?: THREE.Scene | null) => {
      calls.push({ object, target, programsBefore: programs.length });
      programs.push(program());
      if (calls.length === 1) programs.push(program());
      return object;
    }),
    initTexture: vi.fn<(t: THREE.Texture) => void>(),
  };
  return { gl, programs, calls };
}

const camera = new THREE.PerspectiveCamera();

describe('warmUpShaders', () => {
  it('compiles every object against the real scene (its lights), one object per task', async () => {
    const { gl, calls } = fakeRenderer();
    const target = new THREE.Scene();
    const objects = [new THREE.Mesh(), new THREE.Points(), new THREE.Line()];
    const h = warmUpShaders(gl, camera, target, objects);
    // Nothing compiled synchronously: the view's current task is not lengthened.
    expect(calls.length).toBe(1);
    await h.done;
    expect(calls.map((c) => c.object)).toEqual(objects);
    expect(calls.every((c) => c.target === target)).toBe(true);
  });

  it("sets up the warm-up objects' textures (the first texture makes a synchronous extension query), each once", async () => {
    const { gl } = fakeRenderer();
    const map = new THREE.DataTexture(new Uint8Array(4), 1, 1);
    const a = new THREE.Mesh(new THREE.PlaneGeometry(), new THREE.MeshBasicMaterial({ map }));
    const b = new THREE.Mesh(new THREE.PlaneGeometry(), new THREE.MeshBasicMaterial({ map, alphaMap: map }));
    await warmUpShaders(gl, camera, new THREE.Scene(), [a, b, new THREE.Mesh()]).done;
    expect(gl.initTexture).toHaveBeenCalledTimes(2);
    expect(gl.initTexture).toHaveBeenCalledWith(map);
    // The scene core's grid strip has a texture: the first map's strip does not set up the first texture.
    const core = fakeRenderer();
    const strip = gridWarmUpObject() as THREE.Mesh<THREE.BufferGeometry, THREE.MeshBasicMaterial>;
    await warmUpShaders(core.gl, camera, new THREE.Scene(), [strip]).done;
    expect(core.gl.initTexture).toHaveBeenCalledWith(strip.material.map);
  });

  it('makes the first use of every new program (also a second one of the same object), not of programs in use before', async () => {
    const old = program();
    const { gl, programs } = fakeRenderer([old]);
    const h = warmUpShaders(gl, camera, new THREE.Scene(), [new THREE.Mesh(), new THREE.Mesh()]);
    await h.done;
    expect(programs.length).toBe(4);
    for (const p of programs.slice(1)) {
      expect(p.getUniforms).toHaveBeenCalledTimes(1);
      expect(p.getAttributes).toHaveBeenCalledTimes(1);
    }
    expect(old.getUniforms).not.toHaveBeenCalled();
  });

  it('keeps the objects while the view lives; disposing releases materials and textures, not shared geometry', async () => {
    const { gl } = fakeRenderer();
    const geometry = new THREE.BoxGeometry();
    const texture = new THREE.DataTexture(new Uint8Array(4), 1, 1);
    const material = new THREE.MeshBasicMaterial({ map: texture });
    const onGeometry = vi.fn();
    const onMaterial = vi.fn();
    const onTexture = vi.fn();
    geometry.addEventListener('dispose', onGeometry);
    material.addEventListener('dispose', onMaterial);
    texture.addEventListener('dispose', onTexture);
    const mesh = new THREE.Mesh(geometry, material);
    const h = warmUpShaders(gl, camera, new THREE.Scene(), [mesh]);
    await h.done;
    expect(mesh.parent).toBe(h.holder);
    expect(onMaterial).not.toHaveBeenCalled();
    h.dispose();
    await h.done;
    await Promise.resolve();
    expect(onMaterial).toHaveBeenCalledTimes(1);
    expect(onTexture).toHaveBeenCalledTimes(1);
    expect(onGeometry).not.toHaveBeenCalled();
  });

  it('never throws: a failing compile leaves the rest to compile', async () => {
    const { gl, calls } = fakeRenderer();
    const real = gl.compileAsync;
    let n = 0;
    gl.compileAsync = vi.fn((o: THREE.Object3D, c: THREE.Camera, t?: THREE.Scene | null) => {
      if (n++ === 0) return Promise.reject(new Error('context lost'));
      return real(o, c, t);
    });
    const h = warmUpShaders(gl, camera, new THREE.Scene(), [new THREE.Mesh(), new THREE.Mesh()]);
    await expect(h.done).resolves.toBeUndefined();
    expect(calls.length).toBe(1);
  });

  it('stops when the view goes before it is done', async () => {
    const { gl, calls } = fakeRenderer();
    const h = warmUpShaders(gl, camera, new THREE.Scene(), [new THREE.Mesh(), new THREE.Mesh(), new THREE.Mesh()]);
    h.dispose();
    await h.done;
    expect(calls.length).toBeLessThan(3);
  });
});

describe('the warm-up draws each drawable once, unseen', () => {
  it('draws every mesh, points, line and sprite in its own task, after its compile, waiting for the GPU between', async () => {
    const { gl, calls } = fakeRenderer();
    const order: string[] = [];
    let pending = 0;
    gl.drawOnce = vi.fn((o: THREE.Object3D) => {
      // The previous draw was settled before this one was made.
      expect(pending).toBe(0);
      pending++;
      order.push(`draw ${o.name}`);
    });
    gl.settled = vi.fn(async () => {
      await new Promise((r) => setTimeout(r, 1));
      pending--;
      order.push('settled');
    });
    const group = new THREE.Group();
    group.name = 'markers';
    const a = new THREE.Mesh();
    a.name = 'a';
    const b = new THREE.Points();
    b.name = 'b';
    group.add(a, b);
    const line = new THREE.Line();
    line.name = 'line';
    const h = warmUpShaders(gl, camera, new THREE.Scene(), [group, line]);
    expect(gl.drawOnce).not.toHaveBeenCalled();
    await h.done;
    expect(order).toEqual(['draw a', 'settled', 'draw b', 'settled', 'draw line', 'settled']);
    expect(calls.map((c) => c.object)).toEqual([group, line]);
    expect(drawables(group)).toEqual([a, b]);
    expect(drawables(new THREE.Sprite())).toHaveLength(1);
    expect(drawables(new THREE.Group())).toEqual([]);
  });

  it("drawUnseen: one pixel of scissor, no clear, the scene's lights, no culling; then everything as it was, info too", () => {
    const scene = new THREE.Scene();
    scene.add(new THREE.AmbientLight(), new THREE.DirectionalLight());
    const parent = new THREE.Group();
    const mesh = new THREE.Mesh();
    const child = new THREE.Mesh();
    child.frustumCulled = false;
    mesh.add(child);
    parent.add(mesh);
    const seen: { autoClear: boolean; scissor: number[]; scissorTest: boolean; lights: string[]; culled: boolean[] }[] = [];
    const state = { autoClear: true, scissorTest: false, scissor: new THREE.Vector4(0, 0, 640, 480) };
    const lastFrame = { calls: 38, triangles: 2_002, points: 18_750, lines: 0, frame: 900 };
    const info = { render: { ...lastFrame } };
    const gl = {
      get autoClear() {
        return state.autoClear;
      },
      set autoClear(v: boolean) {
        state.autoClear = v;
      },
      getScissorTest: () => state.scissorTest,
      setScissorTest: (v: boolean) => (state.scissorTest = v),
      getScissor: (t: THREE.Vector4) => t.copy(state.scissor),
      setScissor: (x: number | THREE.Vector4, y?: number, w?: number, h?: number) => {
        if (typeof x === 'number') state.scissor.set(x, y!, w!, h!);
        else state.scissor.copy(x);
      },
      info,
      render: (stage: THREE.Scene) => {
        // three resets its counts when a render starts, and counts what this one drew.
        Object.assign(info.render, { calls: 1, triangles: 12, points: 0, lines: 0, frame: info.render.frame + 1 });
        expect(mesh.parent).toBe(stage);
        seen.push({
          autoClear: state.autoClear,
          scissor: state.scissor.toArray(),
          scissorTest: state.scissorTest,
          lights: stage.children.filter((c) => (c as THREE.Light).isLight).map((c) => c.type),
          culled: [mesh.frustumCulled, child.frustumCulled],
        });
      },
    } as unknown as THREE.WebGLRenderer;
    drawUnseen(gl, camera, scene, mesh);
    expect(seen).toEqual([
      { autoClear: false, scissor: [0, 0, 1, 1], scissorTest: true, lights: ['AmbientLight', 'DirectionalLight'], culled: [false, false] },
    ]);
    expect(state).toEqual({ autoClear: true, scissorTest: false, scissor: new THREE.Vector4(0, 0, 640, 480) });
    // What the last real frame drew is still what the renderer's info says (the badge, the governor read it).
    expect(info.render).toEqual(lastFrame);
    expect(mesh.parent).toBe(parent);
    expect([mesh.frustumCulled, child.frustumCulled]).toEqual([true, false]);
    // The scene's own lights stayed where they were.
    expect(scene.children.length).toBe(2);
  });

  it('gpuSettled polls a fence between tasks until it is signalled, and resolves at once without fences', async () => {
    let status = 0;
    const calls: string[] = [];
    const ctx = {
      SYNC_GPU_COMMANDS_COMPLETE: 1,
      SYNC_STATUS: 2,
      SIGNALED: 3,
      fenceSync: () => (calls.push('fence'), {}),
      flush: () => calls.push('flush'),
      getSyncParameter: () => (calls.push('poll'), status),
      deleteSync: () => calls.push('delete'),
    } as unknown as WebGL2RenderingContext;
    let done = false;
    const p = gpuSettled(ctx).then(() => (done = true));
    // Nothing is polled in the task that made the fence.
    expect(calls).toEqual(['fence', 'flush']);
    await new Promise((r) => setTimeout(r, 40));
    expect(done).toBe(false);
    expect(calls.filter((c) => c === 'poll').length).toBeGreaterThan(1);
    status = 3;
    await p;
    expect(calls.at(-1)).toBe('delete');
    await expect(gpuSettled({} as WebGLRenderingContext)).resolves.toBeUndefined();
  });
});

describe('the scene core warm-up objects', () => {
  it('draw with the same kind of material as a real map strip (so the map needs no new program)', () => {
    const model = new SceneModel();
    model.setSubscriptions(feedSubscriptions(CORE_EXTENSIONS));
    const link = new FakeLink();
    model.syncRobots(['a'], () => link);
    const root = new THREE.Group();
    const grids = new GridRenderer(root);
    link.emit('/map', {
      header: { stamp: { secs: 0, nsecs: 0 }, frame_id: 'map' },
      info: { resolution: 0.5, width: 4, height: 2, origin: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
      data: new Int8Array(8),
    });
    grids.update(model);
    const real = (grids.groupOf('a')!.children[0] as THREE.Mesh<THREE.PlaneGeometry, THREE.MeshBasicMaterial>).material;
    const warm = (gridWarmUpObject() as THREE.Mesh<THREE.PlaneGeometry, THREE.MeshBasicMaterial>).material;
    const kind = (m: THREE.MeshBasicMaterial) => ({
      type: m.type,
      transparent: m.transparent,
      side: m.side,
      forceSinglePass: m.forceSinglePass,
      depthWrite: m.depthWrite,
      map: !!m.map,
      colorSpace: m.map?.colorSpace,
    });
    expect(kind(warm)).toEqual(kind(real));
    // One pass for the flat strips: a see-through double-sided material would be drawn twice.
    expect(real.forceSinglePass).toBe(true);
    model.dispose();
  });

  it('cover the map, batched marker shapes, lines, points, text and robot bodies', () => {
    // Labels draw their text on a 2D canvas: a canvas double that draws nothing (Node has no DOM).
    const ctx = new Proxy({} as Record<string, unknown>, {
      get: (t, k) => (k === 'measureText' ? () => ({ width: 10 }) : k in t ? t[k as string] : () => undefined),
      set: (t, k, v) => ((t[k as string] = v), true),
    });
    vi.stubGlobal('document', { createElement: () => ({ width: 0, height: 0, getContext: () => ctx }) });
    const kinds = new Set<string>();
    for (const o of coreWarmUpObjects())
      o.traverse((c) => {
        const m = (c as THREE.Mesh).material as THREE.Material | undefined;
        if (m) kinds.add(`${(c as THREE.InstancedMesh).isInstancedMesh ? 'InstancedMesh' : c.type}:${m.type}`);
      });
    for (const k of [
      'Mesh:MeshBasicMaterial',
      'InstancedMesh:MeshStandardMaterial',
      'Line:LineBasicMaterial',
      'LineSegments:LineBasicMaterial',
      'Points:PointsMaterial',
      'Sprite:SpriteMaterial',
      'Mesh:MeshPhongMaterial',
      'Mesh:MeshStandardMaterial',
    ])
      expect([...kinds], k).toContain(k);
    vi.unstubAllGlobals();
  });
});
