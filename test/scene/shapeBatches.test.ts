// Marker shapes drawn instanced: one InstancedMesh per geometry and opacity, instances following the placed
// proxies, hidden ones left out, and proxies still picked and measured like meshes.
import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { buildMarkerObject } from '../../src/scene/markerObjects';
import type { MarkerEntry } from '../../src/scene/markerStore';
import { MarkerType } from '../../src/scene/rosMsgs';
import { isShapeProxy, LOW_DETAIL_ABOVE, ShapeBatches } from '../../src/scene/shapeBatches';

function entry(type: number, i: number, a = 1): MarkerEntry {
  return {
    key: `r|ns|${i}`,
    robotId: 'r',
    ns: 'ns',
    id: i,
    type,
    frame: 'map',
    frameLocked: false,
    stamp: 0,
    pose: { tx: i, ty: 0, tz: 0, qx: 0, qy: 0, qz: 0, qw: 1 },
    scale: { x: 1, y: 0.2, z: 0.2 },
    color: { r: 1, g: 0, b: 0, a },
    colors: null,
    points: new Float32Array(0),
    text: '',
    meshResource: '',
    receivedAt: 0,
    expiresAt: Infinity,
    rev: 1,
  };
}

function scene(entries: MarkerEntry[]) {
  const markers = new THREE.Group();
  for (const e of entries) {
    const o = buildMarkerObject(e)!;
    o.position.set(e.pose.tx, e.pose.ty, e.pose.tz);
    markers.add(o);
  }
  return markers;
}

describe('ShapeBatches', () => {
  it('draws 1,000 cubes, 1,000 spheres, cylinders and arrows in one draw call per geometry and opacity', () => {
    const entries = [
      ...Array.from({ length: 1000 }, (_, i) => entry(MarkerType.CUBE, i)),
      ...Array.from({ length: 1000 }, (_, i) => entry(MarkerType.SPHERE, 1000 + i)),
      ...Array.from({ length: 10 }, (_, i) => entry(MarkerType.CYLINDER, 2000 + i)),
      ...Array.from({ length: 10 }, (_, i) => entry(MarkerType.CYLINDER, 3000 + i, 0.5)),
      ...Array.from({ length: 10 }, (_, i) => entry(MarkerType.ARROW, 4000 + i)),
    ];
    const markers = scene(entries);
    const batches = new ShapeBatches();
    batches.sync(markers);
    const meshes = batches.root.children as THREE.InstancedMesh[];
    // cube, sphere, cylinder, translucent cylinder, arrow shaft, arrow head
    expect(meshes).toHaveLength(6);
    expect(batches.stats()).toEqual({ batches: 6, instances: 2040 });
    expect(meshes.map((m) => m.count).sort((a, b) => a - b)).toEqual([10, 10, 10, 10, 1000, 1000]);
    // Nothing under the markers' root is drawn itself.
    markers.traverse((o) => expect((o as THREE.Mesh).isMesh ?? false).toBe(false));
    // Instance 5 of the cubes sits where cube marker 5 was placed, in its colour.
    const cubes = meshes.find((m) => m.count === 1000 && m.geometry.type === 'BoxGeometry')!;
    const m = new THREE.Matrix4();
    cubes.getMatrixAt(5, m);
    expect(new THREE.Vector3().setFromMatrixPosition(m).x).toBe(5);
    const c = new THREE.Color();
    cubes.getColorAt(5, c);
    expect([c.r, c.g, c.b]).toEqual([1, 0, 0]);
    expect((meshes.find((m) => (m.material as THREE.Material).transparent)!.material as THREE.Material).opacity).toBe(0.5);
  });

  it('follows moves, leaves hidden markers out and releases a batch nothing uses', () => {
    const markers = scene([entry(MarkerType.CUBE, 0), entry(MarkerType.CUBE, 1), entry(MarkerType.SPHERE, 2)]);
    const batches = new ShapeBatches();
    batches.sync(markers);
    expect(batches.stats()).toEqual({ batches: 2, instances: 3 });
    markers.children[1].visible = false;
    markers.children[0].position.x = 42;
    batches.sync(markers);
    const cubes = batches.root.children.find((o) => (o as THREE.InstancedMesh).geometry.type === 'BoxGeometry') as THREE.InstancedMesh;
    expect(cubes.count).toBe(1);
    const m = new THREE.Matrix4();
    cubes.getMatrixAt(0, m);
    expect(new THREE.Vector3().setFromMatrixPosition(m).x).toBe(42);
    markers.remove(markers.children[2]);
    batches.sync(markers);
    batches.sync(markers);
    expect(batches.stats().batches).toBe(1);
  });

  it('keeps proxies pickable and measurable like the meshes they replace', () => {
    const markers = scene([entry(MarkerType.CUBE, 3)]);
    markers.updateMatrixWorld();
    const proxy = markers.children[0];
    expect(isShapeProxy(proxy)).toBe(true);
    const ray = new THREE.Raycaster(new THREE.Vector3(3, 0, 10), new THREE.Vector3(0, 0, -1));
    const hits = ray.intersectObject(markers, true);
    expect(hits[0]?.object).toBe(proxy);
    expect(hits[0].object.userData.markerKey).toBe('r|ns|3');
    const box = new THREE.Box3().setFromObject(proxy);
    expect(box.min.x).toBeCloseTo(2.5);
    expect(box.max.z).toBeCloseTo(0.1);
  });

  it('draws a batch of hundreds of spheres with the coarse twin and a few with the detailed one; picking keeps the detail', () => {
    const many = scene(Array.from({ length: LOW_DETAIL_ABOVE + 1 }, (_, i) => entry(MarkerType.SPHERE, i)));
    const few = scene(Array.from({ length: 10 }, (_, i) => entry(MarkerType.SPHERE, i)));
    const tri = (g: THREE.BufferGeometry) => (g.index ? g.index.count : g.attributes.position.count) / 3;
    const a = new ShapeBatches();
    a.sync(many);
    const b = new ShapeBatches();
    b.sync(few);
    const coarse = (a.root.children[0] as THREE.InstancedMesh).geometry;
    const detailed = (b.root.children[0] as THREE.InstancedMesh).geometry;
    expect(tri(coarse) * 3).toBeLessThan(tri(detailed));
    const proxy = many.children[0];
    expect(isShapeProxy(proxy) && proxy.geometry).toBe(detailed);
    // The batch shrinks below the bound: back to the detailed geometry.
    many.children.slice(20).forEach((o) => (o.visible = false));
    a.sync(many);
    expect((a.root.children[0] as THREE.InstancedMesh).geometry).toBe(detailed);
  });
});

describe('ShapeBatches with reduced detail', () => {
  it('a big batch draws its coarsest twin while the view has reduced detail, a small one keeps its detailed geometry', () => {
    const big = Array.from({ length: LOW_DETAIL_ABOVE + 1 }, (_, i) => entry(MarkerType.SPHERE, i));
    const small = Array.from({ length: 3 }, (_, i) => entry(MarkerType.CUBE, 10_000 + i));
    const markers = scene([...big, ...small]);
    const batches = new ShapeBatches();
    const tris = (m: THREE.InstancedMesh) => (m.geometry.index ? m.geometry.index.count : m.geometry.attributes.position.count) / 3;
    const sphereBatch = () => (batches.root.children as THREE.InstancedMesh[]).find((m) => m.count === big.length)!;
    const cubeBatch = () => (batches.root.children as THREE.InstancedMesh[]).find((m) => m.count === 3)!;
    batches.sync(markers);
    const low = tris(sphereBatch());
    const cube = cubeBatch().geometry;
    batches.sync(markers, true);
    const coarse = tris(sphereBatch());
    expect(coarse).toBeLessThan(low / 2);
    expect(cubeBatch().geometry).toBe(cube);
    batches.sync(markers, false);
    expect(tris(sphereBatch())).toBe(low);
    // Picking keeps the detailed geometry.
    const proxy = markers.children.find((o) => isShapeProxy(o)) as unknown as { geometry: THREE.BufferGeometry };
    expect((proxy.geometry.index?.count ?? 0) / 3).toBeGreaterThan(low);
  });
});

describe('ShapeBatches with a change version', () => {
  it('leaves the instances alone while nothing under the markers changed, and rewrites them when it did', () => {
    const markers = scene(Array.from({ length: 300 }, (_, i) => entry(MarkerType.CUBE, i)));
    const batches = new ShapeBatches();
    batches.sync(markers, false, 1);
    const mesh = batches.root.children[0] as THREE.InstancedMesh;
    const written = mesh.instanceMatrix.version;
    // Same version: not rewritten (and not even looked at: a moved proxy stays where it was drawn).
    markers.children[0].position.x = 999;
    batches.sync(markers, false, 1);
    expect(mesh.instanceMatrix.version).toBe(written);
    const at = new THREE.Matrix4();
    mesh.getMatrixAt(0, at);
    expect(new THREE.Vector3().setFromMatrixPosition(at).x).toBe(0);
    // A new version: the moved cube is drawn where it is now.
    batches.sync(markers, false, 2);
    expect(mesh.instanceMatrix.version).toBeGreaterThan(written);
    mesh.getMatrixAt(0, at);
    expect(new THREE.Vector3().setFromMatrixPosition(at).x).toBe(999);
    // Reducing detail, or hiding the root, is a change of its own.
    const v = mesh.instanceMatrix.version;
    batches.sync(markers, true, 2);
    expect(mesh.instanceMatrix.version).toBeGreaterThan(v);
    markers.visible = false;
    batches.sync(markers, true, 2);
    expect(batches.stats().instances).toBe(0);
  });
});
