// Coarse twins of big URDF mesh files. A scanned or CAD-exported part can hold hundreds of thousands of
// triangles; drawn in software that is a quarter of a second a frame, and no level of detail of the other layers
// helps. So a mesh of more than COARSE_MESH_ABOVE triangles gets a simplified twin (meshSimplify.ts, in the
// preparation worker beside the parse) that the robot draws at reduced detail (robotBody.ts setBodyCoarse), the
// way its round primitives draw fewer segments. This is the page's side: which geometry has which twin.

import type * as THREE from 'three';

/** Meshes with more triangles than this get a coarse twin. */
export const COARSE_MESH_ABOVE = 20_000;
/** What a coarse twin aims for (at most; fewer when the part allows). */
export const COARSE_MESH_TRIANGLES = 10_000;

/** The coarse twin of a parsed mesh file's geometry, by geometry (clones of a cached mesh share theirs). */
const twins = new WeakMap<THREE.BufferGeometry, THREE.BufferGeometry>();

export function coarseGeometryOf(g: THREE.BufferGeometry): THREE.BufferGeometry | undefined {
  return twins.get(g);
}

export function setCoarseGeometry(fine: THREE.BufferGeometry, coarse: THREE.BufferGeometry): void {
  twins.set(fine, coarse);
}

export function triangleCount(g: THREE.BufferGeometry): number {
  return Math.floor((g.index ? g.index.count : (g.getAttribute('position')?.count ?? 0)) / 3);
}
