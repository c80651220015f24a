// Replays a clip: emits its messages at their recorded spacing (times the rate) from a position that can be
// played, paused and scrubbed. No React, no DOM: time comes from `now()` and ticks from `schedule` (both
// injectable, so tests step it by hand). A seek first restores state: the latest message of every topic at
// or before the new position is emitted (flagged `restore`), then playback continues from there.
import { decodeClipMessage, type Clip, type ClipMessage } from '../mcapClip';

export interface PlayerState {
  playing: boolean;
  /** ms from the clip's first message. */
  positionMs: number;
  durationMs: number;
  rate: number;
}

export type PlayerMessageHandler = (m: ClipMessage, msg: unknown, restore: boolean) => void;

export interface ClipPlayerOptions {
  now?: () => number;
  /** Calls `tick` repeatedly while playing; returns a stop function. Default: setInterval at ~30 Hz. */
  schedule?: (tick: () => void) => () => void;
  /** Minimum ms between state notifications while playing (default 100). */
  stateEveryMs?: number;
}

const TF_TYPES = new Set(['tf2_msgs/TFMessage', 'tf/tfMessage']);
const TF_LOOKBACK_MS = 2000;

function upperBound(msgs: readonly ClipMessage[], t: number): number {
  let lo = 0;
  let hi = msgs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (msgs[mid]!.timeMs <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class ClipPlayer {
  private readonly msgs: readonly ClipMessage[];
  private readonly now: () => number;
  private readonly schedule: (tick: () => void) => () => void;
  private readonly stateEveryMs: number;
  private msgListeners = new Set<PlayerMessageHandler>();
  private stateListeners = new Set<(s: PlayerState) => void>();
  private seekListeners = new Set<(fromMs: number, toMs: number) => void>();
  /** Index of the next message to emit. */
  private cursor = 0;
  private position = 0;
  private playing = false;
  private rate = 1;
  /** Wall time that corresponds to position 0 at the current rate, while playing. */
  private anchorWall = 0;
  private anchorPos = 0;
  private stopTicks: (() => void) | undefined;
  private lastStateAt = 0;
  readonly durationMs: number;
  /** Messages that could not be decoded (skipped). */
  decodeErrors = 0;

  constructor(
    readonly clip: Clip,
    opts: ClipPlayerOptions = {},
  ) {
    this.msgs = clip.messages;
    this.durationMs = Math.max(0, clip.endMs - clip.startMs);
    this.now = opts.now ?? (() => performance.now());
    this.schedule =
      opts.schedule ??
      ((tick) => {
        const h = setInterval(tick, 33);
        return () => clearInterval(h);
      });
    this.stateEveryMs = opts.stateEveryMs ?? 100;
  }

  onMessage(cb: PlayerMessageHandler): () => void {
    this.msgListeners.add(cb);
    return () => this.msgListeners.delete(cb);
  }

  onState(cb: (s: PlayerState) => void): () => void {
    this.stateListeners.add(cb);
    return () => this.stateListeners.delete(cb);
  }

  /** Called at the start of every seek, before the restored messages are emitted. */
  onSeek(cb: (fromMs: number, toMs: number) => void): () => void {
    this.seekListeners.add(cb);
    return () => this.seekListeners.delete(cb);
  }

  state(): PlayerState {
    return { playing: this.playing, positionMs: this.position, durationMs: this.durationMs, rate: this.rate };
  }

  private notify(force: boolean): void {
    const t = this.now();
    if (!force && t - this.lastStateAt < this.stateEveryMs) return;
    this.lastStateAt = t;
    const s = this.state();
    for (const cb of this.stateListeners) cb(s);
  }

  private emit(m: ClipMessage, restore: boolean): void {
    let decoded: unknown;
    try {
      decoded = decodeClipMessage(this.clip, m);
    } catch {
      this.decodeErrors++;
      return;
    }
    for (const cb of this.msgListeners) cb(m, decoded, restore);
  }

  /** Emits everything up to the current position. */
  private advanceTo(positionMs: number): void {
    const end = upperBound(this.msgs, this.clip.startMs + positionMs);
    while (this.cursor < end) this.emit(this.msgs[this.cursor++]!, false);
  }

  play(): void {
    if (this.playing) return;
    if (this.position >= this.durationMs) this.seek(0);
    this.playing = true;
    this.anchorWall = this.now();
    this.anchorPos = this.position;
    if (this.cursor === 0) this.advanceTo(this.position);
    this.stopTicks = this.schedule(() => this.tick());
    this.notify(true);
  }

  pause(): void {
    if (!this.playing) return;
    this.tick();
    this.playing = false;
    this.stopTicks?.();
    this.stopTicks = undefined;
    this.notify(true);
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  setRate(rate: number): void {
    if (!(rate > 0)) return;
    if (this.playing) {
      this.anchorPos = this.position;
      this.anchorWall = this.now();
    }
    this.rate = rate;
    this.notify(true);
  }

  /** Moves to `positionMs` (clamped), restoring each topic's latest message at that instant. */
  seek(positionMs: number): void {
    const p = Math.min(Math.max(0, positionMs), this.durationMs);
    for (const cb of this.seekListeners) cb(this.position, p);
    this.position = p;
    const end = upperBound(this.msgs, this.clip.startMs + p);
    for (const m of this.restoreSet(end)) this.emit(m, true);
    this.cursor = end;
    this.anchorWall = this.now();
    this.anchorPos = p;
    this.notify(true);
  }

  /**
   * What to emit so that a consumer sees the state at messages[end - 1]: the latest message of each channel,
   * and for transform topics every message of the last TF_LOOKBACK_MS (one /tf message rarely holds every
   * edge of the tree: map->odom and odom->base_link often come separately and at different rates).
   */
  private restoreSet(end: number): ClipMessage[] {
    const latest = new Map<number, ClipMessage>();
    for (let i = 0; i < end; i++) latest.set(this.msgs[i]!.channelId, this.msgs[i]!);
    const out = new Set(latest.values());
    const tfChannels = new Set([...latest.values()].filter((m) => TF_TYPES.has(m.type)).map((m) => m.channelId));
    if (tfChannels.size > 0 && end > 0) {
      const from = this.msgs[end - 1]!.timeMs - TF_LOOKBACK_MS;
      for (let i = end - 1; i >= 0 && this.msgs[i]!.timeMs >= from; i--)
        if (tfChannels.has(this.msgs[i]!.channelId)) out.add(this.msgs[i]!);
    }
    return [...out].sort((a, b) => a.timeMs - b.timeMs);
  }

  /** Advances by wall time since play(); called by the scheduler, or by tests. */
  tick(): void {
    if (!this.playing) return;
    const p = Math.min(this.anchorPos + (this.now() - this.anchorWall) * this.rate, this.durationMs);
    this.position = p;
    this.advanceTo(p);
    if (p >= this.durationMs) {
      this.playing = false;
      this.stopTicks?.();
      this.stopTicks = undefined;
      this.notify(true);
      return;
    }
    this.notify(false);
  }

  dispose(): void {
    this.stopTicks?.();
    this.stopTicks = undefined;
    this.playing = false;
    this.msgListeners.clear();
    this.stateListeners.clear();
    this.seekListeners.clear();
  }
}
