// A robot's three.js body apart from its URDF (urdfBody.ts builds that): the stand-in shown until the
// description is known, the tint that tells robots apart, the selected/stale look, and disposal.

import * as THREE from 'three';

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

export function disposeBody(root: THREE.Object3D): void {
  root.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (!mesh.isMesh) return;
    // Mesh files are cached and shared between robots (meshSource.ts): their geometry stays.
    if (!mesh.userData.sharedGeometry) mesh.geometry?.dispose();
    const mats = Array.isArray(mesh.material) ? mesh.material : [mesh.material];
    for (const m of mats) m?.dispose();
  });
}
