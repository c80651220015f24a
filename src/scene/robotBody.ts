// Building a robot's three.js body: URDF (primitives; package:// meshes from a configurable base URL, else a
// marked placeholder box) tinted with the robot's colour, or a simple stand-in body until the URDF is known.

import * as THREE from 'three';
import URDFLoader, { type URDFRobot } from 'urdf-loader';
import type { SceneWarnings } from './sceneWarnings';

export function placeholderMesh(path: string): THREE.Object3D {
  const box = new THREE.Mesh(new THREE.BoxGeometry(0.2, 0.2, 0.2), new THREE.MeshBasicMaterial({ color: 0xff00ff, wireframe: true }));
  box.name = `placeholder:${path}`;
  box.userData.placeholder = true;
  return box;
}

/** Parses a URDF string. Meshes load asynchronously; failures become placeholders and count a warning. */
export function parseUrdf(urdf: string, meshBaseUrl: string | undefined, warnings: SceneWarnings): URDFRobot {
  const loader = new URDFLoader();
  loader.packages = meshBaseUrl ? (pkg: string) => `${meshBaseUrl.replace(/\/$/, '')}/${pkg}` : '';
  const fallback = loader.defaultMeshLoader.bind(loader);
  loader.loadMeshCb = (path, manager, material, done) => {
    if (!meshBaseUrl || path.startsWith('package://')) {
      warnings.warn('mesh-placeholder', path);
      done(placeholderMesh(path));
      return;
    }
    try {
      fallback(path, manager, material, (obj, err) => {
        if (err || !obj) {
          warnings.warn('mesh-placeholder', `${path}: ${err?.message ?? 'not loaded'}`);
          done(placeholderMesh(path));
        } else done(obj);
      });
    } catch (err) {
      warnings.warn('mesh-placeholder', `${path}: ${String(err)}`);
      done(placeholderMesh(path));
    }
  };
  return loader.parse(urdf);
}

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
    const tinted = src.map((m) => {
      const c = m.clone() as TintedMaterial['mat'];
      if (c.color) c.color.lerp(tint, 0.65);
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
    mesh.geometry?.dispose();
    const mats = Array.isArray(mesh.material) ? mesh.material : [mesh.material];
    for (const m of mats) m?.dispose();
  });
}
