// One robot's transform tree from /tf and /tf_static (tf2_msgs/TFMessage), as tf2 keeps it: each child frame
// has one parent edge with a short, time-ordered, bounded history; lookups interpolate (lerp + slerp) and
// walk both frames up to their common ancestor. Times are ROS stamps in seconds; staleness uses the console's
// receive clock, because robot clocks may be off from ours.

import type { TFMessage } from './rosMsgs';
import { normFrame, stampToSec } from './rosMsgs';
import type { SceneWarnings } from './sceneWarnings';
import { compose, identity, interpolate, invert, makeTransform, type Transform } from './tfMath';

interface Sample {
  t: number;
  tf: Transform;
}

interface Edge {
  parent: string;
  isStatic: boolean;
  /** Ascending by t. Static edges hold exactly one sample. */
  samples: Sample[];
  lastReceivedMs: number;
}

export type LookupResult =
  | {
      ok: true;
      /** Maps points in the source frame into the target frame (= pose of source in target). */
      transform: Transform;
      /** The stamp the lookup was evaluated at (latest common time unless given); NaN when all static. */
      time: number;
      /** ms since the oldest-received dynamic edge in the chain got data (0 when all static). */
      ageMs: number;
    }
  | { ok: false; reason: 'unknown-frame' | 'not-connected' | 'extrapolation'; message: string };

export interface TfBufferOptions {
  /** Samples kept per dynamic edge. */
  maxSamples?: number;
  /** Seconds of history kept per dynamic edge. */
  maxAgeSec?: number;
  /** Seconds a lookup may reach beyond an edge's data and still use its nearest sample. */
  extrapolationSec?: number;
  warnings?: SceneWarnings;
  /** Told of each skipped transform with its frames and why, so the robot's Problems can name them. */
  onBadTransform?: (parent: string, child: string, why: string) => void;
  /** Who sent the transforms (the robot's label), for the scene warning's text. */
  source?: () => string;
}

export class TfBuffer {
  private edges = new Map<string, Edge>();
  private readonly maxSamples: number;
  private readonly maxAgeSec: number;
  private readonly extrapolationSec: number;
  private readonly warnings?: SceneWarnings;
  private readonly onBadTransform?: (parent: string, child: string, why: string) => void;
  private readonly source?: () => string;
  /** Bumped when the set of frames or parents changes (not per sample). */
  topologyVersion = 0;

  constructor(opts: TfBufferOptions = {}) {
    this.maxSamples = opts.maxSamples ?? 200;
    this.maxAgeSec = opts.maxAgeSec ?? 10;
    this.extrapolationSec = opts.extrapolationSec ?? 0.5;
    this.warnings = opts.warnings;
    this.onBadTransform = opts.onBadTransform;
    this.source = opts.source;
  }

  /** Feeds a whole TFMessage; bad transforms are counted and skipped, the rest applied. */
  addMessage(msg: TFMessage | null | undefined, isStatic: boolean, receivedMs: number): void {
    const list = msg?.transforms;
    if (!Array.isArray(list)) {
      this.warnings?.warn('bad-transform', 'TFMessage without transforms');
      return;
    }
    for (let i = 0; i < list.length; i++) {
      const ts = list[i];
      const tf = ts?.transform ? makeTransform(ts.transform.translation, ts.transform.rotation) : null;
      const parent = normFrame(ts?.header?.frame_id);
      const child = normFrame(ts?.child_frame_id);
      const t = stampToSec(ts?.header?.stamp);
      const why =
        !parent || !child
          ? 'a frame name is missing'
          : !tf
            ? 'NaN/Inf or a zero rotation'
            : parent === child
              ? 'parent and child are the same frame'
              : !isStatic && !Number.isFinite(t)
                ? 'its stamp is not a time'
                : '';
      if (why || !tf) {
        const who = this.source ? `${this.source()}: ` : '';
        this.warnings?.warn('bad-transform', `${who}${parent || '?'} -> ${child || '?'}: ${why}`);
        this.onBadTransform?.(parent || '?', child || '?', why);
        continue;
      }
      this.add(parent, child, tf, isStatic ? 0 : t, isStatic, receivedMs);
    }
  }

  /** Adds one validated edge sample. Returns false if it was rejected (would form a loop). */
  add(parent: string, child: string, tf: Transform, t: number, isStatic: boolean, receivedMs: number): boolean {
    let edge = this.edges.get(child);
    if (!edge || edge.parent !== parent || edge.isStatic !== isStatic) {
      if (this.wouldCycle(parent, child)) {
        this.warnings?.warn('tf-cycle', `${parent} -> ${child}`);
        return false;
      }
      edge = { parent, isStatic, samples: [], lastReceivedMs: receivedMs };
      this.edges.set(child, edge);
      this.topologyVersion++;
    }
    edge.lastReceivedMs = receivedMs;
    if (isStatic) {
      edge.samples[0] = { t: 0, tf };
      return true;
    }
    const s = edge.samples;
    const n = s.length;
    if (n === 0 || t > s[n - 1].t) s.push({ t, tf });
    else if (t === s[n - 1].t) s[n - 1] = { t, tf };
    else {
      // Out of order: insert in place (rare; a robot clock jump backwards resets the history instead).
      if (t < s[n - 1].t - this.maxAgeSec) s.length = 0;
      let lo = 0,
        hi = s.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (s[mid].t < t) lo = mid + 1;
        else hi = mid;
      }
      if (lo < s.length && s[lo].t === t) s[lo] = { t, tf };
      else s.splice(lo, 0, { t, tf });
    }
    const newest = s[s.length - 1].t;
    let drop = 0;
    while (drop < s.length - 1 && (s.length - drop > this.maxSamples || s[drop].t < newest - this.maxAgeSec)) drop++;
    if (drop > 0) s.splice(0, drop);
    return true;
  }

  private wouldCycle(parent: string, child: string): boolean {
    let f: string | undefined = parent;
    for (let guard = 0; f !== undefined && guard < 10000; guard++) {
      if (f === child) return true;
      f = this.edges.get(f)?.parent;
    }
    return false;
  }

  hasFrame(frame: string): boolean {
    if (this.edges.has(frame)) return true;
    for (const e of this.edges.values()) if (e.parent === frame) return true;
    return false;
  }

  frames(): string[] {
    const s = new Set<string>();
    for (const [c, e] of this.edges) {
      s.add(c);
      s.add(e.parent);
    }
    return [...s].sort();
  }

  parentOf(frame: string): string | undefined {
    return this.edges.get(frame)?.parent;
  }

  /** Frames from `frame` up to its root, inclusive. */
  private chain(frame: string): string[] {
    const out = [frame];
    let f = frame;
    for (let guard = 0; guard < 10000; guard++) {
      const e = this.edges.get(f);
      if (!e) break;
      out.push(e.parent);
      f = e.parent;
    }
    return out;
  }

  /**
   * Pose of `source` in `target`. Without `time`, evaluated at the latest time every dynamic edge of the
   * chain has data for (tf2's "latest common time"). `nowMs` (console clock) feeds `ageMs` for staleness.
   */
  lookup(target: string, source: string, time?: number, nowMs?: number): LookupResult {
    target = normFrame(target);
    source = normFrame(source);
    if (target === source) return { ok: true, transform: identity(), time: time ?? NaN, ageMs: 0 };
    if (!this.hasFrame(source)) return { ok: false, reason: 'unknown-frame', message: `frame ${source} does not exist` };
    if (!this.hasFrame(target)) return { ok: false, reason: 'unknown-frame', message: `frame ${target} does not exist` };
    const up = this.chain(source);
    const down = this.chain(target);
    const inDown = new Map<string, number>();
    down.forEach((f, i) => inDown.set(f, i));
    let ai = -1,
      bi = -1;
    for (let i = 0; i < up.length; i++) {
      const j = inDown.get(up[i]);
      if (j !== undefined) {
        ai = i;
        bi = j;
        break;
      }
    }
    if (ai < 0) {
      return {
        ok: false,
        reason: 'not-connected',
        message: `frame ${source} is not connected to ${target}`,
      };
    }
    // Edges used: up[0..ai-1] (child frames) and down[0..bi-1].
    let common = Infinity;
    let oldestRx = Infinity;
    const visit = (frames: string[], n: number) => {
      for (let i = 0; i < n; i++) {
        const e = this.edges.get(frames[i])!;
        if (e.isStatic) continue;
        const last = e.samples[e.samples.length - 1].t;
        if (last < common) common = last;
        if (e.lastReceivedMs < oldestRx) oldestRx = e.lastReceivedMs;
      }
    };
    visit(up, ai);
    visit(down, bi);
    const at = time ?? (common === Infinity ? NaN : common);
    const ageMs = nowMs !== undefined && oldestRx !== Infinity ? Math.max(0, nowMs - oldestRx) : 0;

    let srcInAnc = identity();
    for (let i = ai - 1; i >= 0; i--) {
      const tf = this.sample(up[i], at);
      if (!tf) return this.extrapolationError(up[i], at);
      srcInAnc = compose(srcInAnc, tf);
    }
    let tgtInAnc = identity();
    for (let i = bi - 1; i >= 0; i--) {
      const tf = this.sample(down[i], at);
      if (!tf) return this.extrapolationError(down[i], at);
      tgtInAnc = compose(tgtInAnc, tf);
    }
    return { ok: true, transform: compose(invert(tgtInAnc), srcInAnc), time: at, ageMs };
  }

  private extrapolationError(child: string, t: number): LookupResult {
    const e = this.edges.get(child)!;
    const s = e.samples;
    return {
      ok: false,
      reason: 'extrapolation',
      message: `no data for ${e.parent} -> ${child} at ${t.toFixed(3)} (have ${s[0].t.toFixed(3)}..${s[s.length - 1].t.toFixed(3)})`,
    };
  }

  /** Edge transform (child in parent) at time t, interpolated; null when t is too far outside the history. */
  private sample(child: string, t: number): Transform | null {
    const e = this.edges.get(child)!;
    const s = e.samples;
    if (e.isStatic || s.length === 1 || Number.isNaN(t)) {
      if (!e.isStatic && s.length === 1 && !Number.isNaN(t) && Math.abs(t - s[0].t) > this.extrapolationSec) return null;
      return e.isStatic || Number.isNaN(t) ? s[s.length - 1].tf : s[0].tf;
    }
    const first = s[0],
      last = s[s.length - 1];
    if (t >= last.t) return t - last.t <= this.extrapolationSec ? last.tf : null;
    if (t <= first.t) return first.t - t <= this.extrapolationSec ? first.tf : null;
    let lo = 0,
      hi = s.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (s[mid].t <= t) lo = mid;
      else hi = mid;
    }
    const a = s[lo],
      b = s[hi];
    return interpolate(a.tf, b.tf, (t - a.t) / (b.t - a.t));
  }

  clear(): void {
    this.edges.clear();
    this.topologyVersion++;
  }
}
