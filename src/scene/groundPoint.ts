// Where a pointer meets the map: a ray from the camera through the pointer, intersected with the plane z = h of
// the fixed frame (the site maps lie at z = 0). Pure three.js math, no renderer.

import * as THREE from 'three';

/** Normalised device coordinates of a pointer event over an element (-1..1, y up). */
export function ndcOf(clientX: number, clientY: number, rect: { left: number; top: number; width: number; height: number }): THREE.Vector2 {
  return new THREE.Vector2(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
}

const plane = new THREE.Plane();
const ray = new THREE.Raycaster();
const hit = new THREE.Vector3();

/** The point on the plane z = h under `ndc`, or null when the ray runs parallel to it or away from it. */
export function groundPoint(camera: THREE.Camera, ndc: THREE.Vector2, h = 0): { x: number; y: number } | null {
  camera.updateMatrixWorld();
  ray.setFromCamera(ndc, camera);
  plane.set(new THREE.Vector3(0, 0, 1), -h);
  const p = ray.ray.intersectPlane(plane, hit);
  return p ? { x: p.x, y: p.y } : null;
}
