// The simplifier behind big meshes' coarse twins (meshDetail.ts): meshoptimizer's, WebAssembly, run in the
// preparation workers. The twin keeps the part's outline (the error bound is relative to the part's size) and
// place. The page never compiles it: its Content Security Policy allows no WebAssembly (electron/csp.ts allows
// it for the preparation workers' scripts only), so a mesh parsed on the page (no workers) keeps no twin.

import * as THREE from 'three';
import type { MeshoptSimplifier as Simplifier } from 'meshoptimizer/simplifier';
import { COARSE_MESH_ABOVE, COARSE_MESH_TRIANGLES, coarseGeometryOf, setCoarseGeometry, triangleCount } from './meshDetail';

/** The simplifier may move the surface by up to this share of the part's size. */
const MAX_ERROR = 0.02;

let ready: Promise<boolean> | null = null;
let simplifier: typeof Simplifier | null = null;

/**
 * Resolves once the simplifier's WebAssembly is compiled (true), or false where it cannot or may not run (a
 * page: see above): then meshes keep no twin and are drawn as they are. Idempotent; wait for it before parsing
 * so the result does not depend on timing (the worker host does: prepWorkerHost.ts).
 */
export function meshDetailReady(): Promise<boolean> {
  ready ??= (
    typeof document !== 'undefined'
      ? Promise.resolve(false)
      : import('meshoptimizer/simplifier').then(async ({ MeshoptSimplifier }) => {
          if (!MeshoptSimplifier.supported) return false;
          await MeshoptSimplifier.ready;
          simplifier = MeshoptSimplifier;
          return true;
        })
  ).catch(() => false);
  return ready;
}

/**
 * The simplified twin of a triangle mesh's geometry: indexed, positions (and per-vertex colours) of the kept
 * vertices, smooth normals, the fine geometry's bounds. Undefined when it is small enough already, has several
 * materials (groups), is not plain float positions, or the simplifier is not ready.
 */
export function simplifyGeometry(g: THREE.BufferGeometry, target = COARSE_MESH_TRIANGLES): THREE.BufferGeometry | undefined {
  const pos = g.getAttribute('position') as THREE.BufferAttribute | undefined;
  const ms = simplifier;
  if (!ms || !pos || !(pos.array instanceof Float32Array) || pos.itemSize !== 3) return undefined;
  if (g.groups.length > 1 || triangleCount(g) <= COARSE_MESH_ABOVE) return undefined;
  const positions = pos.array;
  // Vertices at the same place are one vertex to the simplifier (STL repeats every corner for each triangle).
  const weld = ms.generatePositionRemap(positions, 3);
  const source = g.index ? Uint32Array.from(g.index.array as ArrayLike<number>, (i) => weld[i]!) : weld;
  const limit = Math.min(target, Math.floor(triangleCount(g) / 2)) * 3;
  let [kept] = ms.simplify(source, positions, 3, limit, MAX_ERROR, ['Prune']);
  // A surface the simplifier may not collapse (many loose pieces): cluster it instead.
  if (kept.length > 2 * limit) [kept] = ms.simplifySloppy(source, positions, 3, null, limit, MAX_ERROR);
  if (kept.length === 0 || kept.length >= source.length) return undefined;
  // Only the vertices the twin uses: compactMesh renumbers `kept` in place and says where each old vertex went.
  const [remap, used] = ms.compactMesh(kept);
  const gather = (a: THREE.BufferAttribute) => {
    const out = new Float32Array(used * a.itemSize);
    const src = a.array as Float32Array;
    for (let v = 0; v < remap.length; v++) {
      const to = remap[v]!;
      if (to < used) for (let k = 0; k < a.itemSize; k++) out[to * a.itemSize + k] = src[v * a.itemSize + k]!;
    }
    return new THREE.BufferAttribute(out, a.itemSize, a.normalized);
  };
  const twin = new THREE.BufferGeometry();
  twin.setAttribute('position', gather(pos));
  const color = g.getAttribute('color') as THREE.BufferAttribute | undefined;
  if (color && color.array instanceof Float32Array) twin.setAttribute('color', gather(color));
  twin.setIndex(new THREE.BufferAttribute(kept, 1));
  twin.computeVertexNormals();
  if (!g.boundingBox) g.computeBoundingBox();
  if (!g.boundingSphere) g.computeBoundingSphere();
  twin.boundingBox = g.boundingBox!.clone();
  twin.boundingSphere = g.boundingSphere!.clone();
  return twin;
}

/** Gives every big triangle mesh of a parsed file its coarse twin; returns how many got one. */
export function addCoarseTwins(root: THREE.Object3D): number {
  let n = 0;
  root.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (!mesh.isMesh || coarseGeometryOf(mesh.geometry)) return;
    const twin = simplifyGeometry(mesh.geometry);
    if (!twin) return;
    setCoarseGeometry(mesh.geometry, twin);
    n++;
  });
  return n;
}
