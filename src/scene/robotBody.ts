// A robot's three.js body apart from its URDF (urdfBody.ts builds that): the stand-in shown until the
// description is known, the tint that tells robots apart, the selected/stale look, the coarse twins of its round
// primitives and big mesh files, and disposal.

import * as THREE from 'three';
import { coarseGeometryOf, triangleCount } from './meshDetail';

/** A capsule with a nose, standing on z=0, facing +x: shown until the URDF arrives (or if it cannot load). */
export function standInBody(): THREE.Object3D {
  const g = new THREE.Group();
  const mat = new THREE.MeshStandardMaterial({ color: 0xb0bec5, roughness: 0.6 });
  const body = new THREE.Mesh(new THREE.CapsuleGeometry(0.22, 0.9, 6, 16), mat);
  body.rotation.x = Math.PI / 2;
  body.position.z = 0.67;
  const nose = new THREE.Mesh(new THREE.BoxGeometry(0.16, 0.12, 0.08), mat);
  nose.position.set(0.22, 0, 1.2);
  g.add(body, nose);
  g.name = 'stand-in';
  return g;
}

export interface TintedMaterial {
  mat: THREE.Material & { color?: THREE.Color; emissive?: THREE.Color; opacity: number; transparent: boolean };
  baseOpacity: number;
}

/**
 * Gives every mesh its own material tinted toward the robot's colour (so robots are told apart) and returns
 * them for later highlight/dim changes. Placeholders keep their magenta.
 */
export function tintBody(root: THREE.Object3D, color: string): TintedMaterial[] {
  const tint = new THREE.Color(color);
  const out: TintedMaterial[] = [];
  root.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (!mesh.isMesh || mesh.userData.placeholder) return;
    const src = Array.isArray(mesh.material) ? mesh.material : [mesh.material];
    if (src.every((m) => m.userData.tinted)) return;
    const tinted = src.map((m) => {
      const c = m.clone() as TintedMaterial['mat'];
      if (c.color) c.color.lerp(tint, 0.65);
      c.userData.tinted = true;
      out.push({ mat: c, baseOpacity: c.opacity });
      return c;
    });
    mesh.material = Array.isArray(mesh.material) ? tinted : tinted[0];
  });
  return out;
}

export function setBodyLook(mats: TintedMaterial[], color: string, selected: boolean, dimmed: boolean): void {
  const glow = new THREE.Color(color).multiplyScalar(selected ? 0.45 : 0);
  for (const { mat, baseOpacity } of mats) {
    if (mat.emissive) mat.emissive.copy(glow);
    const opacity = dimmed ? Math.min(baseOpacity, 0.35) : baseOpacity;
    const transparent = opacity < 1;
    if (mat.transparent !== transparent) mat.needsUpdate = true;
    mat.opacity = opacity;
    mat.transparent = transparent;
  }
}

/**
 * urdf-loader draws a URDF <sphere> as a unit sphere of 30 x 30 segments (1,740 triangles) and a <cylinder> as a
 * unit cylinder of 30 sides, scaled to size: a humanoid's joints are mostly spheres, ~14,000 triangles a robot.
 * At reduced detail they are drawn with these twins instead: 12 x 8 segments (168 triangles) and 12 sides, the
 * same size and place (the scale stays), shared by every robot and never disposed.
 */
const COARSE_SPHERE = new THREE.SphereGeometry(1, 12, 8);
const COARSE_CYLINDER = new THREE.CylinderGeometry(1, 1, 1, 12);
const FINE = 'fineGeometry';

function coarseTwin(g: THREE.BufferGeometry, sharedGeometry: boolean): THREE.BufferGeometry | undefined {
  // A big mesh file's simplified twin (meshDetail.ts), shared like the file's own geometry.
  if (sharedGeometry) return coarseGeometryOf(g);
  if (g instanceof THREE.SphereGeometry && g.parameters.radius === 1 && g.parameters.widthSegments > 12) return COARSE_SPHERE;
  if (g instanceof THREE.CylinderGeometry && g.parameters.radiusTop === 1 && g.parameters.radialSegments > 12) return COARSE_CYLINDER;
  return undefined;
}

/**
 * Draws the body's round URDF primitives and big mesh files with their coarse twins (coarse) or their own geometry
 * again. Cheap to call on a body already so; returns how many meshes have a twin.
 */
export function setBodyCoarse(root: THREE.Object3D, coarse: boolean): number {
  let n = 0;
  root.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (!mesh.isMesh) return;
    const fine = (mesh.userData[FINE] as THREE.BufferGeometry | undefined) ?? mesh.geometry;
    const twin = coarseTwin(fine, !!mesh.userData.sharedGeometry);
    if (!twin) return;
    n++;
    mesh.userData[FINE] = fine;
    mesh.geometry = coarse ? twin : fine;
  });
  return n;
}

/** Triangles the body draws at full detail (`fine`) and with its coarse twins (`coarse`), visible or not. */
export function bodyTriangles(root: THREE.Object3D): { fine: number; coarse: number } {
  const n = { fine: 0, coarse: 0 };
  root.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (!mesh.isMesh || !mesh.geometry) return;
    const fine = (mesh.userData[FINE] as THREE.BufferGeometry | undefined) ?? mesh.geometry;
    const twin = coarseTwin(fine, !!mesh.userData.sharedGeometry);
    n.fine += triangleCount(fine);
    n.coarse += triangleCount(twin ?? fine);
  });
  return n;
}

export function disposeBody(root: THREE.Object3D): void {
  root.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (!mesh.isMesh) return;
    // Mesh files are cached and shared between robots (meshSource.ts): their geometry and its twin stay. A
    // primitive's coarse twin is shared by every robot: the body's own geometry is the one to dispose.
    if (!mesh.userData.sharedGeometry) ((mesh.userData[FINE] as THREE.BufferGeometry | undefined) ?? mesh.geometry)?.dispose();
    const mats = Array.isArray(mesh.material) ? mesh.material : [mesh.material];
    for (const m of mats) m?.dispose();
  });
}
