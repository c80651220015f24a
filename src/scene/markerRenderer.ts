// Per-frame upkeep of marker objects, apart from React so it can be tested in Node: rebuilds only markers
// whose revision changed (polled from the marker store), places each in the fixed frame through its robot's
// TF (frame_locked ones every frame, others once at their stamp), hides markers whose frame is not connected
// (counted once per revision) and disposes what goes away. Identical site markers published by several robots
// are drawn once.

import { inSite } from './siteFrame';
import type * as THREE from 'three';
import type { MarkerEntry } from './markerStore';
import type { SceneModel } from './sceneModel';
import { compose, type Transform } from './tfMath';

export type BuildFn = (e: MarkerEntry) => THREE.Object3D | null;
export type DisposeFn = (o: THREE.Object3D) => void;

interface Slot {
  rev: number;
  entry: MarkerEntry;
  obj: THREE.Object3D;
  placed: boolean;
  warned: boolean;
}

const siteSig = (e: MarkerEntry) =>
  `${e.ns}|${e.id}|${e.frame}|${e.type}|${e.text}|${e.pose.tx.toFixed(2)},${e.pose.ty.toFixed(2)},${e.pose.tz.toFixed(2)}`;

/** Places `obj` at `t` and updates its matrix (see freezeMatrices); false when it already stood there. */
function setPose(obj: THREE.Object3D, t: Transform): boolean {
  const p = obj.position;
  const q = obj.quaternion;
  if (p.x === t.tx && p.y === t.ty && p.z === t.tz && q.x === t.qx && q.y === t.qy && q.z === t.qz && q.w === t.qw) return false;
  p.set(t.tx, t.ty, t.tz);
  q.set(t.qx, t.qy, t.qz, t.qw);
  obj.updateMatrix();
  return true;
}

/** Shows or hides `obj`; true when that changed it. */
function setVisible(obj: THREE.Object3D, visible: boolean): boolean {
  if (obj.visible === visible) return false;
  obj.visible = visible;
  return true;
}

/**
 * Marker objects keep their local matrices themselves (matrixAutoUpdate off, updated when placed): three would
 * otherwise recompose every one of 5,000 markers' matrices in every frame (5.6 ms), though they stand still.
 */
function freezeMatrices(obj: THREE.Object3D): void {
  obj.traverse((o) => {
    o.updateMatrix();
    o.matrixAutoUpdate = false;
  });
}

export class MarkerRenderer {
  private slots = new Map<string, Slot>();
  private seenVersion = -1;
  private seenFeeds = -1;
  /** Objects built since creation (for tests: unchanged markers must not be rebuilt). */
  builds = 0;
  /**
   * Bumped whenever an object is added, dropped, placed or hidden: while it stands still, nothing under the root
   * moved or changed visibility, and the instanced shapes need not be rewritten (ShapeBatches.sync).
   */
  changes = 0;

  constructor(
    private readonly root: THREE.Object3D,
    /** Shared with the runtime: marker key -> drawn object. */
    readonly objects: Map<string, THREE.Object3D>,
    private readonly build: BuildFn,
    private readonly dispose_: DisposeFn,
  ) {}

  private drop(key: string): void {
    const s = this.slots.get(key);
    if (!s) return;
    this.changes++;
    s.obj.removeFromParent();
    this.dispose_(s.obj);
    this.slots.delete(key);
    this.objects.delete(key);
  }

  update(model: SceneModel, nowMs: number): void {
    const store = model.markers;
    store.prune(nowMs);
    if (store.version !== this.seenVersion || model.feedsVersion !== this.seenFeeds) {
      this.seenVersion = store.version;
      this.seenFeeds = model.feedsVersion;
      const keep = new Set<string>();
      const sigs = new Set<string>();
      for (const e of store.visible()) {
        if (e.frame === model.fixedFrame && !model.site.of(e.robotId)) {
          const sig = siteSig(e);
          if (sigs.has(sig)) continue;
          sigs.add(sig);
        }
        keep.add(e.key);
        const old = this.slots.get(e.key);
        if (old && old.rev === e.rev) continue;
        this.drop(e.key);
        const obj = this.build(e);
        if (!obj) continue;
        this.builds++;
        this.changes++;
        freezeMatrices(obj);
        obj.visible = false;
        this.root.add(obj);
        this.slots.set(e.key, { rev: e.rev, entry: e, obj, placed: false, warned: false });
        this.objects.set(e.key, obj);
      }
      for (const k of [...this.slots.keys()]) if (!keep.has(k)) this.drop(k);
    }
    for (const s of this.slots.values()) {
      const e = s.entry;
      if (s.placed && !e.frameLocked) continue;
      const site = model.site.of(e.robotId);
      if (e.frame === model.fixedFrame) {
        const moved = setPose(s.obj, inSite(site, e.pose));
        if (setVisible(s.obj, true) || moved) this.changes++;
        s.placed = true;
        continue;
      }
      const feed = model.feeds.get(e.robotId);
      const tf = feed?.tf;
      let r = tf?.lookup(model.fixedFrame, e.frame, e.frameLocked || !Number.isFinite(e.stamp) ? undefined : e.stamp);
      if (r && !r.ok && !e.frameLocked) r = tf!.lookup(model.fixedFrame, e.frame);
      if (!r || !r.ok) {
        if (setVisible(s.obj, false)) this.changes++;
        // Only once TF is flowing and the marker has had time to be placed: a start-up race is no warning.
        if (!s.warned && feed && feed.lastTfAt > 0 && nowMs - e.receivedAt > 1500) {
          s.warned = true;
          model.warnings.warn('unknown-frame', `${e.key} in ${e.frame}`);
        }
        continue;
      }
      const moved = setPose(s.obj, inSite(site, compose(r.transform, e.pose)));
      if (setVisible(s.obj, true) || moved) this.changes++;
      s.placed = true;
    }
  }

  get size(): number {
    return this.slots.size;
  }

  dispose(): void {
    for (const k of [...this.slots.keys()]) this.drop(k);
  }
}
