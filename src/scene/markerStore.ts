// Marker lifecycle, apart from drawing: visualization_msgs Marker/MarkerArray actions per robot, identity by
// (robot, ns, id), lifetimes on the console clock, namespace visibility. Renderers poll `version` and each
// entry's `rev` in useFrame and rebuild only what changed.

import { MarkerType, normFrame, type ColorRGBA, type Marker, type MarkerArray, type Vector3 } from './rosMsgs';
import type { SceneWarnings } from './sceneWarnings';
import { makeTransform, type Transform } from './tfMath';

export const MAX_MARKER_POINTS = 100_000;
export const MAX_MARKER_SCALE = 1e4;
/** Positions beyond this (metres) are garbage, not a place on any site. */
export const MAX_MARKER_COORD = 1e6;

const LIST_TYPES = new Set<number>([
  MarkerType.LINE_STRIP,
  MarkerType.LINE_LIST,
  MarkerType.CUBE_LIST,
  MarkerType.SPHERE_LIST,
  MarkerType.POINTS,
  MarkerType.TRIANGLE_LIST,
]);

export interface MarkerEntry {
  key: string;
  robotId: string;
  ns: string;
  id: number;
  type: number;
  frame: string;
  /** Pose in `frame`, validated and normalised. */
  pose: Transform;
  scale: Vector3;
  color: ColorRGBA;
  /** Validated points (capped), flat xyz. */
  points: Float32Array;
  /** Per-point RGBA 0..1, flat, or null when the marker has none (or a wrong count). */
  colors: Float32Array | null;
  text: string;
  meshResource: string;
  frameLocked: boolean;
  /** ROS stamp of the marker, seconds. */
  stamp: number;
  receivedAt: number;
  /** Console epoch ms after which it expires; Infinity for lifetime 0. */
  expiresAt: number;
  /** Bumped on every ADD/MODIFY of this identity. */
  rev: number;
}

export const markerKey = (robotId: string, ns: string, id: number) => `${robotId}/${ns}/${id}`;

const fin = Number.isFinite;

function color(c: ColorRGBA | undefined | null): ColorRGBA {
  const ch = (v: unknown, d: number) => (fin(v) ? Math.min(1, Math.max(0, v as number)) : d);
  return { r: ch(c?.r, 1), g: ch(c?.g, 1), b: ch(c?.b, 1), a: ch(c?.a, 1) };
}

function sameArray(a: Float32Array | null, b: Float32Array | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Same drawable content (everything but clocks and revision). */
export function sameContent(a: MarkerEntry, b: MarkerEntry): boolean {
  const p = a.pose,
    q = b.pose;
  return (
    a.type === b.type &&
    a.frame === b.frame &&
    a.frameLocked === b.frameLocked &&
    a.text === b.text &&
    a.meshResource === b.meshResource &&
    p.tx === q.tx &&
    p.ty === q.ty &&
    p.tz === q.tz &&
    p.qx === q.qx &&
    p.qy === q.qy &&
    p.qz === q.qz &&
    p.qw === q.qw &&
    a.scale.x === b.scale.x &&
    a.scale.y === b.scale.y &&
    a.scale.z === b.scale.z &&
    a.color.r === b.color.r &&
    a.color.g === b.color.g &&
    a.color.b === b.color.b &&
    a.color.a === b.color.a &&
    sameArray(a.points, b.points) &&
    sameArray(a.colors, b.colors)
  );
}

export class MarkerStore {
  private entries = new Map<string, MarkerEntry>();
  private hiddenNs = new Set<string>();
  /** Bumped when any marker is added, changed or removed, or a namespace is toggled. */
  version = 0;
  private revCounter = 0;

  constructor(private readonly warnings?: SceneWarnings) {}

  applyArray(robotId: string, arr: MarkerArray | null | undefined, receivedAt: number): void {
    const list = arr?.markers;
    if (!Array.isArray(list)) {
      this.warnings?.warn('bad-marker', 'MarkerArray without markers');
      return;
    }
    for (let i = 0; i < list.length; i++) this.apply(robotId, list[i], receivedAt);
  }

  apply(robotId: string, m: Marker | null | undefined, receivedAt: number): void {
    if (!m || typeof m !== 'object') {
      this.warnings?.warn('bad-marker', 'not an object');
      return;
    }
    const ns = typeof m.ns === 'string' ? m.ns : '';
    const action = m.action;
    if (action === 3) {
      // DELETEALL: ROS 2 semantics, which also read well for ROS 1: all of this robot's markers, or only
      // those in `ns` when one is given.
      this.deleteWhere((e) => e.robotId === robotId && (ns === '' || e.ns === ns));
      return;
    }
    if (!Number.isInteger(m.id)) {
      this.warnings?.warn('bad-marker', `${ns}: id ${String(m.id)}`);
      return;
    }
    const key = markerKey(robotId, ns, m.id);
    if (action === 2) {
      this.deleteWhere((e) => e.key === key);
      return;
    }
    if (action !== 0 && action !== 1) {
      this.warnings?.warn('bad-marker', `${key}: action ${String(action)}`);
      return;
    }
    const entry = this.validate(robotId, ns, key, m, receivedAt);
    if (!entry) {
      // A bad update must not leave the old version pretending to be current.
      this.deleteWhere((e) => e.key === key);
      return;
    }
    const old = this.entries.get(key);
    if (old && sameContent(old, entry)) {
      // Re-published unchanged (a latched or periodic semantic map): refresh its clock, redraw nothing.
      old.receivedAt = entry.receivedAt;
      old.expiresAt = entry.expiresAt;
      old.stamp = entry.stamp;
      return;
    }
    this.entries.set(key, entry);
    this.version++;
  }

  private validate(robotId: string, ns: string, key: string, m: Marker, receivedAt: number): MarkerEntry | null {
    const type = m.type;
    if (!Number.isInteger(type) || type < 0 || type > 11) {
      this.warnings?.warn('bad-marker', `${key}: type ${String(type)}`);
      return null;
    }
    const pose = makeTransform(m.pose?.position, m.pose?.orientation);
    if (!pose || Math.abs(pose.tx) > MAX_MARKER_COORD || Math.abs(pose.ty) > MAX_MARKER_COORD || Math.abs(pose.tz) > MAX_MARKER_COORD) {
      this.warnings?.warn('bad-pose', key);
      return null;
    }
    const sx = m.scale?.x,
      sy = m.scale?.y,
      sz = m.scale?.z;
    if (!fin(sx) || !fin(sy) || !fin(sz)) {
      this.warnings?.warn('absurd-scale', `${key}: non-finite scale`);
      return null;
    }
    if (Math.abs(sx) > MAX_MARKER_SCALE || Math.abs(sy) > MAX_MARKER_SCALE || Math.abs(sz) > MAX_MARKER_SCALE) {
      this.warnings?.warn('absurd-scale', `${key}: scale ${sx},${sy},${sz}`);
      return null;
    }
    let points = new Float32Array(0);
    let colors: Float32Array | null = null;
    if (LIST_TYPES.has(type) || type === MarkerType.ARROW) {
      const src = Array.isArray(m.points) ? m.points : [];
      let n = src.length;
      if (n > MAX_MARKER_POINTS) {
        this.warnings?.warn('too-many-points', `${key}: ${n} points, showing ${MAX_MARKER_POINTS}`);
        n = MAX_MARKER_POINTS;
      }
      points = new Float32Array(n * 3);
      const srcColors = Array.isArray(m.colors) && m.colors.length === src.length ? m.colors : null;
      if (srcColors) colors = new Float32Array(n * 4);
      let k = 0,
        dropped = 0;
      for (let i = 0; i < n; i++) {
        const p = src[i];
        const x = p?.x,
          y = p?.y,
          z = p?.z;
        if (
          !fin(x) ||
          !fin(y) ||
          !fin(z) ||
          Math.abs(x) > MAX_MARKER_COORD ||
          Math.abs(y) > MAX_MARKER_COORD ||
          Math.abs(z) > MAX_MARKER_COORD
        ) {
          dropped++;
          continue;
        }
        points[k * 3] = x;
        points[k * 3 + 1] = y;
        points[k * 3 + 2] = z;
        if (colors) {
          const c = color(srcColors![i]);
          colors[k * 4] = c.r;
          colors[k * 4 + 1] = c.g;
          colors[k * 4 + 2] = c.b;
          colors[k * 4 + 3] = c.a;
        }
        k++;
      }
      if (dropped) {
        this.warnings?.warn('bad-points', `${key}: ${dropped} points dropped`);
        points = points.slice(0, k * 3);
        if (colors) colors = colors.slice(0, k * 4);
      }
    }
    const lifetime = (m.lifetime?.secs ?? 0) + (m.lifetime?.nsecs ?? 0) * 1e-9;
    const stamp = (m.header?.stamp?.secs ?? NaN) + (m.header?.stamp?.nsecs ?? 0) * 1e-9;
    return {
      key,
      robotId,
      ns,
      id: m.id,
      type,
      frame: normFrame(m.header?.frame_id) || 'map',
      pose,
      scale: { x: sx as number, y: sy as number, z: sz as number },
      color: color(m.color),
      points,
      colors,
      text: typeof m.text === 'string' ? m.text : '',
      meshResource: typeof m.mesh_resource === 'string' ? m.mesh_resource : '',
      frameLocked: m.frame_locked === true,
      stamp,
      receivedAt,
      expiresAt: fin(lifetime) && lifetime > 0 ? receivedAt + lifetime * 1000 : Infinity,
      rev: ++this.revCounter,
    };
  }

  private deleteWhere(pred: (e: MarkerEntry) => boolean): number {
    let n = 0;
    for (const [k, e] of this.entries) {
      if (pred(e)) {
        this.entries.delete(k);
        n++;
      }
    }
    if (n) this.version++;
    return n;
  }

  /** Drops expired markers; returns how many. Call once per frame or on a timer. */
  prune(nowMs: number): number {
    return this.deleteWhere((e) => e.expiresAt <= nowMs);
  }

  /** Removes everything from one robot (its link went away). */
  removeRobot(robotId: string): void {
    this.deleteWhere((e) => e.robotId === robotId);
  }

  get(key: string): MarkerEntry | undefined {
    return this.entries.get(key);
  }

  get size(): number {
    return this.entries.size;
  }

  all(): IterableIterator<MarkerEntry> {
    return this.entries.values();
  }

  /** Entries whose namespace is shown. */
  *visible(): IterableIterator<MarkerEntry> {
    for (const e of this.entries.values()) if (!this.hiddenNs.has(e.ns)) yield e;
  }

  namespaces(): string[] {
    const s = new Set<string>();
    for (const e of this.entries.values()) s.add(e.ns);
    return [...s].sort();
  }

  isNamespaceVisible(ns: string): boolean {
    return !this.hiddenNs.has(ns);
  }

  setNamespaceVisible(ns: string, visible: boolean): void {
    const had = !this.hiddenNs.has(ns);
    if (had === visible) return;
    if (visible) this.hiddenNs.delete(ns);
    else this.hiddenNs.add(ns);
    this.version++;
  }

  clear(): void {
    this.entries.clear();
    this.version++;
  }
}
