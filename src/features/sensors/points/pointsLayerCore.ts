// The three.js side shared by the laser-scan and point-cloud layers: one THREE.Points per kept message, placed
// by its own TF at its stamp (so a decaying trail stays where it was measured while the robot moves), pruned
// by age and by a point budget. No React here; the layers call update() from useFrame.
// GPU buffers are reused (pointsGeometry.ts): a message's points are copied into a recycled geometry and only
// their range uploaded, a big one in slices over frames while the previous message stays on screen; a newer
// message replaces one still uploading (with no decay), so the screen shows the newest that is complete.
import * as THREE from 'three';
import { DecayBuffer } from './decayBuffer';
import { PointsGeometryPool, SlicedUpload, strideIndex, UPLOAD_BYTES_PER_FRAME, type PointsGeometry } from './pointsGeometry';

/** Pose of `frameId` in the scene's fixed frame at `stampSec` (latest when undefined); null when unknown. */
export type TfLookup = (frameId: string, stampSec?: number) => THREE.Matrix4 | null;

export interface PointsEntry {
  at: number;
  cost: number;
  frameId: string;
  stampSec?: number;
  points: THREE.Points<PointsGeometry, THREE.PointsMaterial>;
  placed: boolean;
}

interface Incoming {
  entry: PointsEntry;
  upload: SlicedUpload;
}

/**
 * Messages of more than `above` points draw every `stride`-th point. `admit`: asked when the points shown grow by
 * more than `above` in a frame (a big new message), with that growth; returns the stride to draw at from then
 * on (the view's predicted level of detail, detailGovernor.ts expect()).
 */
export interface Thinning {
  stride: number;
  above: number;
  admit?: (addedPoints: number) => number;
}
const NO_THINNING: Thinning = { stride: 1, above: Infinity };

export interface PointsInput {
  positions: Float32Array;
  colors: Float32Array;
  count: number;
  frameId: string;
  stampSec?: number;
}

export class PointsLayerCore {
  readonly group = new THREE.Group();
  readonly material: THREE.PointsMaterial;
  readonly geometries = new PointsGeometryPool();
  private readonly buffer = new DecayBuffer<PointsEntry>((e) => this.release(e));
  /** Messages whose points are still being uploaded (not shown yet), oldest first. */
  private incoming: Incoming[] = [];
  /** Messages replaced while still uploading (never shown). */
  replaced = 0;
  /** Points drawn in the last frame, and the largest stride they were thinned by (1: all). */
  drawnPoints = 0;
  stride = 1;
  /** Points shown (whole messages, before thinning) after the last update. */
  private shownBefore = 0;

  /** `uploadBytesPerFrame`: positions and colours sent to the GPU per frame at most (at least one slice is). */
  constructor(
    pointSize = 3,
    private readonly uploadBytesPerFrame = UPLOAD_BYTES_PER_FRAME,
  ) {
    this.material = new THREE.PointsMaterial({ size: pointSize, sizeAttenuation: false, vertexColors: true });
    this.group.name = 'sensor-points';
  }

  get pointCount(): number {
    return this.buffer.cost;
  }

  get entries(): readonly PointsEntry[] {
    return this.buffer.items;
  }

  private release(e: PointsEntry): void {
    e.points.removeFromParent();
    this.geometries.release(e.points.geometry);
  }

  /** Messages still being uploaded. */
  get uploading(): number {
    return this.incoming.length;
  }

  /**
   * Adds one message's points (copied into a reused GPU buffer: the arrays may be reused afterwards). Shown once
   * uploaded; with no decay a message still uploading is replaced, with decay the waiting ones fit the budget.
   */
  add(p: PointsInput, now: number, decayMs: number, budget: number): void {
    const count = Math.max(0, Math.min(p.count, Math.floor(p.positions.length / 3), Math.floor(p.colors.length / 3)));
    let waiting = count;
    for (const w of this.incoming) waiting += w.entry.cost;
    while (this.incoming.length > 0 && (decayMs <= 0 || waiting > budget)) {
      const old = this.incoming.shift()!;
      waiting -= old.entry.cost;
      this.release(old.entry);
      this.replaced++;
    }
    const geometry = this.geometries.acquire(p.positions, p.colors, count);
    const points = new THREE.Points(geometry, this.material);
    points.matrixAutoUpdate = false;
    // Rendered (so its ranges reach the GPU) but drawing nothing until the upload is complete.
    points.visible = true;
    points.frustumCulled = false;
    this.group.add(points);
    const entry: PointsEntry = { at: now, cost: count, frameId: p.frameId, stampSec: p.stampSec, points, placed: false };
    this.incoming.push({ entry, upload: new SlicedUpload(geometry, count) });
  }

  /** Moves uploads on within the frame's byte budget; complete ones join the shown messages. */
  private uploadStep(decayMs: number, budget: number): void {
    let bytes = this.uploadBytesPerFrame;
    let first = true;
    while (this.incoming.length > 0) {
      const w = this.incoming[0];
      bytes -= w.upload.step(bytes, first);
      first = false;
      if (!w.upload.done) return;
      this.incoming.shift();
      const e = w.entry;
      e.points.geometry.setDrawRange(0, e.cost);
      e.points.visible = false;
      this.buffer.push(e, decayMs, budget);
      if (bytes <= 0) return;
    }
  }

  /**
   * Prunes and places; returns the first frame that could not be placed, if any. `thin`: messages of more than
   * `thin.above` points draw every `thin.stride`-th point (the view has reduced its detail, detailGovernor.ts),
   * at a point size that keeps the cloud's covered area.
   */
  update(
    now: number,
    lookup: TfLookup,
    decayMs: number,
    budget: number,
    pointSize: number,
    thin: Thinning = NO_THINNING,
  ): string | undefined {
    this.uploadStep(decayMs, budget);
    this.buffer.prune(now, decayMs, budget);
    const shown = this.buffer.cost;
    const grown = shown - this.shownBefore;
    this.shownBefore = shown;
    const thinBy = thin.admit && grown > thin.above ? Math.max(thin.stride, thin.admit(grown)) : thin.stride;
    let missing: string | undefined;
    const items = this.buffer.items;
    let thinned = 1;
    this.drawnPoints = 0;
    for (let i = 0; i < items.length; i++) {
      const e = items[i];
      const stride = thinBy > 1 && e.cost > thin.above ? thinBy : 1;
      const g = e.points.geometry;
      const drawn = Math.ceil(e.cost / stride);
      const index = stride > 1 ? strideIndex(stride, drawn) : null;
      if (g.index !== index) g.setIndex(index);
      if (g.drawRange.count !== drawn) g.setDrawRange(0, drawn);
      thinned = Math.max(thinned, stride);
      this.drawnPoints += drawn;
      // A kept (decaying) message stays where it was measured; the newest one alone follows TF updates.
      if (e.placed && decayMs > 0) continue;
      const m = lookup(e.frameId, e.stampSec) ?? (e.stampSec !== undefined ? lookup(e.frameId) : null);
      if (!m) {
        if (!e.placed) missing ??= e.frameId;
        continue;
      }
      e.points.matrix.copy(m);
      e.points.matrixWorldNeedsUpdate = true;
      e.points.visible = true;
      e.placed = true;
    }
    this.material.size = pointSize * Math.sqrt(thinned);
    this.stride = thinned;
    return missing;
  }

  /** The newest placed message's points in the fixed frame, as [x0,y0,z0,x1,...] (tests and diagnostics). */
  newestFixedPoints(max = 5000): number[] {
    const items = this.buffer.items;
    for (let k = items.length - 1; k >= 0; k--) {
      const e = items[k];
      if (!e.placed) continue;
      const pos = e.points.geometry.getAttribute('position') as THREE.BufferAttribute;
      const n = Math.min(e.cost, max);
      const v = new THREE.Vector3();
      const out: number[] = [];
      for (let i = 0; i < n; i++) {
        v.fromBufferAttribute(pos, i).applyMatrix4(e.points.matrix);
        out.push(v.x, v.y, v.z);
      }
      return out;
    }
    return [];
  }

  clear(): void {
    for (const w of this.incoming.splice(0)) this.release(w.entry);
    this.buffer.clear();
    this.shownBefore = 0;
  }

  dispose(): void {
    this.clear();
    this.geometries.dispose();
    this.material.dispose();
    this.group.removeFromParent();
  }
}
