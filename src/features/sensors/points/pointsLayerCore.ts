// The three.js side shared by the laser-scan and point-cloud layers: one THREE.Points per kept message, placed
// by its own TF at its stamp (so a decaying trail stays where it was measured while the robot moves), pruned
// by age and by a point budget. No React here; the layers call update() from useFrame.
import * as THREE from 'three';
import { DecayBuffer } from './decayBuffer';

/** Pose of `frameId` in the scene's fixed frame at `stampSec` (latest when undefined); null when unknown. */
export type TfLookup = (frameId: string, stampSec?: number) => THREE.Matrix4 | null;

export interface PointsEntry {
  at: number;
  cost: number;
  frameId: string;
  stampSec?: number;
  points: THREE.Points<THREE.BufferGeometry, THREE.PointsMaterial>;
  placed: boolean;
}

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
  private readonly buffer = new DecayBuffer<PointsEntry>((e) => {
    e.points.removeFromParent();
    e.points.geometry.dispose();
  });

  constructor(pointSize = 3) {
    this.material = new THREE.PointsMaterial({ size: pointSize, sizeAttenuation: false, vertexColors: true });
    this.group.name = 'sensor-points';
  }

  get pointCount(): number {
    return this.buffer.cost;
  }

  get entries(): readonly PointsEntry[] {
    return this.buffer.items;
  }

  /** Adds one message's points (arrays are used as they are: do not reuse them afterwards). */
  add(p: PointsInput, now: number, decayMs: number, budget: number): void {
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.BufferAttribute(p.positions, 3));
    geometry.setAttribute('color', new THREE.BufferAttribute(p.colors, 3));
    geometry.setDrawRange(0, p.count);
    geometry.computeBoundingSphere();
    const points = new THREE.Points(geometry, this.material);
    points.matrixAutoUpdate = false;
    points.visible = false;
    points.frustumCulled = false;
    this.group.add(points);
    this.buffer.push({ at: now, cost: p.count, frameId: p.frameId, stampSec: p.stampSec, points, placed: false }, decayMs, budget);
  }

  /** Prunes and places; returns the first frame that could not be placed, if any. */
  update(now: number, lookup: TfLookup, decayMs: number, budget: number, pointSize: number): string | undefined {
    this.material.size = pointSize;
    this.buffer.prune(now, decayMs, budget);
    let missing: string | undefined;
    const items = this.buffer.items;
    for (let i = 0; i < items.length; i++) {
      const e = items[i];
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
    this.buffer.clear();
  }

  dispose(): void {
    this.clear();
    this.material.dispose();
    this.group.removeFromParent();
  }
}
