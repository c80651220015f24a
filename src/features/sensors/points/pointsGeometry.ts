// GPU buffers of the point layers, reused rather than allocated per message: a geometry holds preallocated
// position and colour attributes of a bounded capacity (a power of two, at most the points one message may
// bring), a message's points are copied in, and only the range they cover is uploaded (addUpdateRange:
// bufferSubData, not a new buffer). A recycled geometry whose upload would exceed the frame's byte budget is
// uploaded in slices over several frames (SlicedUpload); a fresh one goes whole on its first render (WebGL
// creates the buffer with its data), which happens only until the layer has its working set of geometries.
import * as THREE from 'three';

/** Bytes of positions and colours (float32 xyz + rgb) per point. */
export const BYTES_PER_POINT = 24;
/** What a layer uploads per frame at most (about 175k points); a bigger message takes a few frames. */
export const UPLOAD_BYTES_PER_FRAME = 4 * 1024 * 1024;

export function capacityFor(count: number): number {
  let c = 256;
  while (c < count) c *= 2;
  return c;
}

export type PointsGeometry = THREE.BufferGeometry & { userData: { capacity: number; fresh: boolean } };

function attr(geometry: THREE.BufferGeometry, name: 'position' | 'color'): THREE.BufferAttribute {
  return geometry.getAttribute(name) as THREE.BufferAttribute;
}

export class PointsGeometryPool {
  private free: PointsGeometry[] = [];
  /** Geometries allocated so far (tests and diagnostics: steady streams stop allocating). */
  created = 0;

  /** `keepFree`: released geometries kept for reuse; more are disposed (their GPU buffers freed). */
  constructor(private readonly keepFree = 2) {}

  /** A geometry holding `count` points (`positions`, `colors`: at least 3*count floats), drawing none yet. */
  acquire(positions: Float32Array, colors: Float32Array, count: number): PointsGeometry {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const c = this.free[i].userData.capacity;
      if (c >= count && (best < 0 || c < this.free[best].userData.capacity)) best = i;
    }
    const g = best >= 0 ? this.free.splice(best, 1)[0] : this.create(count);
    attr(g, 'position').array.set(positions.subarray(0, count * 3));
    attr(g, 'color').array.set(colors.subarray(0, count * 3));
    g.setDrawRange(0, 0);
    return g;
  }

  private create(count: number): PointsGeometry {
    const capacity = capacityFor(count);
    const g = new THREE.BufferGeometry() as PointsGeometry;
    for (const name of ['position', 'color'] as const)
      g.setAttribute(name, new THREE.BufferAttribute(new Float32Array(capacity * 3), 3).setUsage(THREE.DynamicDrawUsage));
    g.userData = { capacity, fresh: true };
    // three sorts what it draws by the geometry's bounding sphere and computes one the first time it is missing:
    // over the whole capacity (262,144 points: 27 ms of the UI thread in the frame of the first big cloud). The
    // points are not culled (the layer turns frustum culling off), so the sphere only orders draw calls.
    g.boundingSphere = new THREE.Sphere(new THREE.Vector3(), Infinity);
    this.created++;
    return g;
  }

  release(g: PointsGeometry): void {
    // A thinning index is shared by many geometries (strideIndex): never let a geometry's dispose free it.
    g.setIndex(null);
    if (this.free.length < this.keepFree) {
      g.setDrawRange(0, 0);
      this.free.push(g);
    } else g.dispose();
  }

  get freeCount(): number {
    return this.free.length;
  }

  dispose(): void {
    for (const g of this.free) g.dispose();
    this.free = [];
  }
}

const strideIndices = new Map<number, THREE.BufferAttribute>();

/**
 * An index drawing every `stride`-th point, at least `count` entries long (0, stride, 2*stride, …), shared by
 * every geometry thinned by that stride: one upload, not one per message. Grown by doubling.
 */
export function strideIndex(stride: number, count: number): THREE.BufferAttribute {
  let a = strideIndices.get(stride);
  if (!a || a.count < count) {
    const n = capacityFor(Math.max(count, a ? a.count * 2 : 0));
    const idx = new Uint32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i * stride;
    a = new THREE.BufferAttribute(idx, 1);
    strideIndices.set(stride, a);
  }
  return a;
}

/** One message's points on their way to the GPU. */
export class SlicedUpload {
  /** Points whose upload has been requested. */
  uploaded = 0;

  constructor(
    readonly geometry: PointsGeometry,
    readonly count: number,
  ) {}

  get done(): boolean {
    return this.uploaded >= this.count;
  }

  /**
   * Requests the upload of the next points within `bytes` (at least one point when `atLeastOne`); returns the
   * bytes used. A fresh geometry is uploaded whole on its first render whatever the ranges say.
   */
  step(bytes: number, atLeastOne: boolean): number {
    const g = this.geometry;
    if (g.userData.fresh) {
      g.userData.fresh = false;
      this.uploaded = this.count;
      for (const name of ['position', 'color'] as const) attr(g, name).needsUpdate = true;
      return this.count * BYTES_PER_POINT;
    }
    let n = Math.min(this.count - this.uploaded, Math.floor(bytes / BYTES_PER_POINT));
    if (n <= 0 && atLeastOne) n = Math.min(this.count - this.uploaded, Math.ceil(UPLOAD_BYTES_PER_FRAME / BYTES_PER_POINT));
    if (n <= 0) return 0;
    for (const name of ['position', 'color'] as const) {
      const a = attr(g, name);
      a.addUpdateRange(this.uploaded * 3, n * 3);
      a.needsUpdate = true;
    }
    this.uploaded += n;
    return n * BYTES_PER_POINT;
  }
}
