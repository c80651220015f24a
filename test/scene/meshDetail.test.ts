// Big URDF mesh files get a simplified twin (meshoptimizer, in the preparation worker) that robots draw at reduced
// detail: far fewer triangles over the same outline and place; small or multi-material meshes keep none; the
// twin crosses from the worker with the mesh; a robot body swaps to it and back, and disposing a body disposes
// neither the shared file geometry nor its twin. The worker host answers nothing before the simplifier is ready.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as THREE from 'three';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { COARSE_MESH_ABOVE, COARSE_MESH_TRIANGLES, coarseGeometryOf, triangleCount } from '../../src/scene/meshDetail';
import { meshDetailReady } from '../../src/scene/meshSimplify';
import { meshFromBuffers, parseWorkerMesh, type MeshPrepResult } from '../../src/scene/meshParse';
import { MeshCache } from '../../src/scene/meshSource';
import { handlePrep, hostPrepWorker, type PrepReply, type PrepRequest, type PrepScope } from '../../src/scene/prepWorkerHost';
import { disposeBody, setBodyCoarse } from '../../src/scene/robotBody';
import { MESH_PACKAGE } from '../../src/sim/humanoid';
import { finerStl } from '../support/bigMesh';

const TORSO = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'meshes', MESH_PACKAGE, 'meshes', 'torso.stl'));
const finer = (n: number): ArrayBuffer => {
  const b = finerStl(TORSO, n);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

beforeAll(() => meshDetailReady());

/** The box of the positions a geometry actually draws (its index's vertices, or all). */
function drawnBox(g: THREE.BufferGeometry): THREE.Box3 {
  const pos = g.getAttribute('position');
  const box = new THREE.Box3();
  const v = new THREE.Vector3();
  const n = g.index ? g.index.count : pos.count;
  for (let i = 0; i < n; i++) box.expandByPoint(v.fromBufferAttribute(pos, g.index ? g.index.getX(i) : i));
  return box;
}

describe('coarse twins of big mesh files', () => {
  it('a 128,000-triangle part: a twin of at most ~10,000 triangles over the same outline, same bounds', () => {
    const mesh = parseWorkerMesh('stl', finer(40)) as THREE.Mesh;
    const fine = mesh.geometry;
    expect(triangleCount(fine)).toBe(128_000);
    const twin = coarseGeometryOf(fine)!;
    expect(twin).toBeDefined();
    const n = triangleCount(twin);
    console.log(`torso at 128,000 triangles: coarse twin ${n} triangles`);
    expect(n).toBeGreaterThan(10);
    expect(n).toBeLessThan(2 * COARSE_MESH_TRIANGLES);
    expect(n).toBeLessThan(triangleCount(fine) / 6);
    // indexed, smooth normals for every kept vertex
    expect(twin.index).not.toBeNull();
    expect(twin.getAttribute('normal').count).toBe(twin.getAttribute('position').count);
    // The outline: the drawn extent within 2 % of the part's size on every side; culling bounds are the fine ones.
    const [a, b] = [drawnBox(fine), drawnBox(twin)];
    const size = a.getSize(new THREE.Vector3()).length();
    expect(b.min.distanceTo(a.min)).toBeLessThan(0.02 * size);
    expect(b.max.distanceTo(a.max)).toBeLessThan(0.02 * size);
    expect(twin.boundingBox!.equals(fine.boundingBox!)).toBe(true);
    expect(twin.boundingSphere!.equals(fine.boundingSphere!)).toBe(true);
  });

  it('small meshes and meshes of several materials keep none', () => {
    const small = parseWorkerMesh('stl', finer(4)) as THREE.Mesh;
    expect(triangleCount(small.geometry)).toBeLessThanOrEqual(COARSE_MESH_ABOVE);
    expect(coarseGeometryOf(small.geometry)).toBeUndefined();
    // the same big part as an OBJ with two materials: the twin could not keep which face has which
    const stl = parseWorkerMesh('stl', finer(20)) as THREE.Mesh;
    const p = stl.geometry.getAttribute('position');
    const lines = ['mtllib x.mtl', 'o part'];
    for (let i = 0; i < p.count; i++) lines.push(`v ${p.getX(i)} ${p.getY(i)} ${p.getZ(i)}`);
    const half = p.count / 6;
    lines.push('usemtl a');
    for (let t = 0; t < p.count / 3; t++) {
      if (t === half) lines.push('usemtl b');
      lines.push(`f ${3 * t + 1} ${3 * t + 2} ${3 * t + 3}`);
    }
    const obj = parseWorkerMesh('obj', new TextEncoder().encode(lines.join('\n')).buffer as ArrayBuffer);
    const part = obj.children[0] as THREE.Mesh;
    expect(part.geometry.groups).toHaveLength(2);
    expect(triangleCount(part.geometry)).toBeGreaterThan(COARSE_MESH_ABOVE);
    expect(coarseGeometryOf(part.geometry)).toBeUndefined();
  });

  it('crosses from the worker with the mesh: its buffers are transferred and it is registered for the page geometry', () => {
    const req = structuredClone<PrepRequest>({ id: 1, kind: 'mesh', msg: { format: 'stl', data: finer(20) } });
    const { reply, transfer } = handlePrep(req);
    // position and normal of the mesh, then the twin's position, normal and index
    expect(transfer).toHaveLength(5);
    const crossed = structuredClone(reply, { transfer });
    const mesh = meshFromBuffers((crossed.result as Extract<MeshPrepResult, { node: unknown }>).node) as THREE.Mesh;
    const twin = coarseGeometryOf(mesh.geometry)!;
    expect(twin).toBeDefined();
    expect(triangleCount(twin)).toBeLessThan(triangleCount(mesh.geometry) / 2);
  });
});

describe('a robot body with a big mesh file', () => {
  it('draws the twin at reduced detail and the file at full; disposal keeps both (the cache shares them)', async () => {
    const cache = new MeshCache(
      async () => finer(40),
      500,
      () => null,
    );
    const part = (await cache.load('http://m/p/torso.stl')) as THREE.Mesh;
    const fine = part.geometry;
    const twin = coarseGeometryOf(fine)!;
    expect(twin).toBeDefined();
    const body = new THREE.Group().add(part, new THREE.Mesh(new THREE.BoxGeometry(), new THREE.MeshPhongMaterial()));
    expect(setBodyCoarse(body, true)).toBe(1);
    expect(part.geometry).toBe(twin);
    expect(setBodyCoarse(body, true)).toBe(1);
    expect(part.geometry).toBe(twin);
    setBodyCoarse(body, false);
    expect(part.geometry).toBe(fine);
    // A second robot's clone of the file draws the same twin.
    const other = (await cache.load('http://m/p/torso.stl')) as THREE.Mesh;
    setBodyCoarse(other, true);
    expect(other.geometry).toBe(twin);
    setBodyCoarse(body, true);
    const disposed = [vi.spyOn(fine, 'dispose'), vi.spyOn(twin, 'dispose')];
    disposeBody(body);
    for (const spy of disposed) expect(spy).not.toHaveBeenCalled();
  });
});

describe('the preparation worker waits for what its handlers need', () => {
  it('answers requests that came before it was ready once it is, in order; a failed start still answers', async () => {
    for (const outcome of ['resolve', 'reject'] as const) {
      const posted: PrepReply[] = [];
      const scope: PrepScope = { onmessage: null, postMessage: (m) => posted.push(m) };
      let settle!: () => void;
      const ready = new Promise<void>((res, rej) => (settle = outcome === 'resolve' ? res : () => rej(new Error('no wasm'))));
      hostPrepWorker(scope, { echo: (m) => ({ result: m, transfer: [] }) }, ready);
      scope.onmessage!({ data: { id: 1, kind: 'echo', msg: 'a' } });
      scope.onmessage!({ data: { id: 2, kind: 'echo', msg: 'b' } });
      await Promise.resolve();
      expect(posted).toEqual([]);
      settle();
      await ready.catch(() => undefined);
      await Promise.resolve();
      scope.onmessage!({ data: { id: 3, kind: 'echo', msg: 'c' } });
      expect(posted.map((r) => [r.id, r.result])).toEqual([
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ]);
    }
  });
});
