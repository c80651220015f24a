// Marker shapes in as few draw calls as their kinds allow: a cube, sphere, cylinder or arrow marker is a
// ShapeProxy (an Object3D that is never drawn itself, but can be picked and measured like a mesh), and
// ShapeBatches draws every shown proxy of one geometry and opacity as one instance of one InstancedMesh.
// 5,000 cube markers are one draw call, not 5,000.

import * as THREE from 'three';

/** A batch of more instances than this draws them with the geometry's low-detail twin, if it has one. */
export const LOW_DETAIL_ABOVE = 256;
const lowDetail = new WeakMap<THREE.BufferGeometry, THREE.BufferGeometry>();
const coarsest = new WeakMap<THREE.BufferGeometry, THREE.BufferGeometry>();

/**
 * Gives a shared marker geometry a coarser twin for big batches: 1,250 spheres of 20x14 segments are 665k
 * triangles a frame (seconds in a software renderer); of 10x7, 157k. Picking keeps the detailed geometry.
 * `coarsestTwin` is drawn instead when the view has reduced its detail (detailGovernor.ts: a 6x4 sphere, a
 * 5-sided cylinder), for a batch a software renderer would otherwise spend most of its frame on.
 */
export function setLowDetail(geometry: THREE.BufferGeometry, low: THREE.BufferGeometry, coarsestTwin?: THREE.BufferGeometry): void {
  lowDetail.set(geometry, low);
  if (coarsestTwin) coarsest.set(geometry, coarsestTwin);
}

/** The geometry a batch of `n` instances draws. */
export function batchGeometry(geometry: THREE.BufferGeometry, n: number, coarse: boolean): THREE.BufferGeometry {
  if (n <= LOW_DETAIL_ABOVE) return geometry;
  return (coarse ? coarsest.get(geometry) : undefined) ?? lowDetail.get(geometry) ?? geometry;
}

const pickMaterial = new THREE.MeshBasicMaterial();
const pickMesh = new THREE.Mesh(new THREE.BufferGeometry(), pickMaterial);

/** A marker shape drawn by ShapeBatches. `geometry` lets Box3.setFromObject and the picker treat it as a mesh. */
export class ShapeProxy extends THREE.Object3D {
  readonly isShapeProxy = true;
  /** The batch it is drawn in: one per geometry and opacity. */
  readonly batchKey: string;
  constructor(
    readonly geometry: THREE.BufferGeometry,
    readonly color: THREE.Color,
    readonly opacity: number,
  ) {
    super();
    this.batchKey = `${geometry.uuid}|${opacity.toFixed(3)}`;
  }

  /** Hit-tests the shape as a mesh of its geometry would be; the hit names the proxy. */
  override raycast(raycaster: THREE.Raycaster, hits: THREE.Intersection[]): void {
    pickMesh.geometry = this.geometry;
    pickMesh.matrixWorld.copy(this.matrixWorld);
    const from = hits.length;
    pickMesh.raycast(raycaster, hits);
    for (let i = from; i < hits.length; i++) hits[i].object = this;
  }
}

export function isShapeProxy(o: THREE.Object3D): o is ShapeProxy {
  return (o as ShapeProxy).isShapeProxy === true;
}

interface Batch {
  mesh: THREE.InstancedMesh;
  /** The proxies' geometry (the mesh may draw its low-detail twin). */
  geometry: THREE.BufferGeometry;
  capacity: number;
  shown: ShapeProxy[];
}

function shownUnder(o: THREE.Object3D, top: THREE.Object3D): boolean {
  for (let p: THREE.Object3D | null = o; p && p !== top; p = p.parent) if (!p.visible) return false;
  return top.visible;
}

export class ShapeBatches {
  /** The instanced meshes; add it to the scene beside (not under) the markers' root. */
  readonly root = new THREE.Group();
  private readonly batches = new Map<string, Batch>();
  private readonly found: ShapeProxy[] = [];
  private synced: { version: number; coarse: boolean; shown: boolean } | undefined;

  constructor() {
    this.root.name = 'marker-batches';
  }

  private batchFor(p: ShapeProxy): Batch {
    const key = p.batchKey;
    let b = this.batches.get(key);
    if (!b) {
      b = { mesh: this.makeMesh(p, 64), geometry: p.geometry, capacity: 64, shown: [] };
      this.batches.set(key, b);
    }
    return b;
  }

  private makeMesh(p: ShapeProxy, capacity: number): THREE.InstancedMesh {
    const a = p.opacity;
    const mat = new THREE.MeshStandardMaterial({
      color: 0xffffff,
      transparent: a < 1,
      opacity: a,
      depthWrite: a >= 1,
      roughness: 0.7,
      metalness: 0.05,
    });
    const mesh = new THREE.InstancedMesh(p.geometry, mat, capacity);
    mesh.count = 0;
    // The instances move every frame: culling on a stale bounding sphere would hide them.
    mesh.frustumCulled = false;
    mesh.instanceMatrix.setUsage(THREE.DynamicDrawUsage);
    this.root.add(mesh);
    return mesh;
  }

  /**
   * Once per frame, after the markers are placed: every shown proxy under `markers` becomes an instance.
   * `coarse`: big batches draw their coarsest twin (the view has reduced its detail). `version`: a number that
   * changes whenever anything under `markers` moved, appeared, went or changed visibility (MarkerRenderer's
   * `changes`); while it and `coarse` stay the same the instances are left as they are (rewriting 5,000 of them
   * cost 16 ms a frame, most of a frame at 60 fps). Without it every frame rewrites them.
   */
  sync(markers: THREE.Object3D, coarse = false, version?: number): void {
    const shown = markers.visible;
    const s = this.synced;
    if (version !== undefined && s && s.version === version && s.coarse === coarse && s.shown === shown) return;
    this.synced = version === undefined ? undefined : { version, coarse, shown };
    for (const b of this.batches.values()) b.shown.length = 0;
    const found = this.found;
    found.length = 0;
    markers.traverse((o) => {
      if (isShapeProxy(o)) found.push(o);
    });
    if (found.length) markers.updateMatrixWorld();
    for (const p of found) if (shownUnder(p, markers)) this.batchFor(p).shown.push(p);
    for (const [key, b] of this.batches) {
      const n = b.shown.length;
      if (n === 0 && b.mesh.count === 0) {
        this.dropBatch(key, b);
        continue;
      }
      if (n > b.capacity) {
        while (b.capacity < n) b.capacity *= 2;
        const old = b.mesh;
        b.mesh = this.makeMesh(b.shown[0], b.capacity);
        old.removeFromParent();
        old.dispose();
        (old.material as THREE.Material).dispose();
      }
      const mesh = b.mesh;
      const geometry = batchGeometry(b.geometry, n, coarse);
      if (mesh.geometry !== geometry) mesh.geometry = geometry;
      for (let i = 0; i < n; i++) {
        const p = b.shown[i];
        mesh.setMatrixAt(i, p.matrixWorld);
        mesh.setColorAt(i, p.color);
      }
      mesh.count = n;
      mesh.instanceMatrix.needsUpdate = true;
      if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    }
  }

  private dropBatch(key: string, b: Batch): void {
    b.mesh.removeFromParent();
    b.mesh.dispose();
    (b.mesh.material as THREE.Material).dispose();
    this.batches.delete(key);
  }

  /** Instanced meshes (one draw call each) and the instances they draw. */
  stats(): { batches: number; instances: number } {
    let instances = 0;
    for (const b of this.batches.values()) instances += b.mesh.count;
    return { batches: this.batches.size, instances };
  }

  dispose(): void {
    for (const [key, b] of [...this.batches]) this.dropBatch(key, b);
    this.synced = undefined;
  }
}
