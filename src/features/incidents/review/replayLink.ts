// A RobotLink that plays a recorded clip instead of talking to a robot, so the 3D scene (which codes against
// RobotLink) shows the robot as recorded without knowing it is a replay. Read-only: publishing and service
// calls are refused. Messages are handed on with the console's current time as receivedAt (the scene judges
// staleness by receive time), and header stamps are shifted forward after every backward seek, so a TF
// buffer that only accepts time going forwards still follows a scrub back.
import type {
  Introspection,
  LinkProblem,
  LinkStatus,
  MessageHandler,
  Publisher,
  RobotLink,
  SubscribeOptions,
  TopicStats,
} from '../../../ros';
import type { ClipMessage } from '../mcapClip';
import type { ClipPlayer } from './clipPlayer';

const TF_TYPES = new Set(['tf2_msgs/TFMessage', 'tf/tfMessage']);
/** Transform messages handed to a late subscriber. */
const TF_HISTORY = 200;

interface Sub {
  topic: string;
  cb: MessageHandler;
}

function shiftStamps(value: unknown, shiftSec: number, depth = 0): void {
  if (shiftSec === 0 || value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || depth > 6) return;
  if (Array.isArray(value)) {
    for (const v of value) shiftStamps(v, shiftSec, depth + 1);
    return;
  }
  const o = value as Record<string, unknown>;
  for (const k in o) {
    const v = o[k];
    if (k === 'stamp' && v && typeof v === 'object' && 'secs' in v) {
      const t = v as { secs: number; nsecs: number };
      if (t.secs !== 0 || t.nsecs !== 0) t.secs += shiftSec; // zero means "latest" in tf: keep it
    } else if (v && typeof v === 'object') shiftStamps(v, shiftSec, depth + 1);
  }
}

export class ReplayLink implements RobotLink {
  readonly url: string;
  private subs = new Set<Sub>();
  private latestByTopic = new Map<string, { msg: unknown; receivedAt: number; type: string }>();
  private counts = new Map<string, number>();
  private history = new Map<string, { msg: unknown; receivedAt: number }[]>();
  private statusListeners = new Set<(s: LinkStatus) => void>();
  private off: (() => void)[] = [];
  private shiftSec = 0;
  private closed = false;
  private readonly since = Date.now();

  constructor(
    readonly incidentId: string,
    private readonly player: ClipPlayer,
    private readonly params: Record<string, string> = {},
  ) {
    this.url = `replay:${incidentId}`;
    const shiftStep = Math.ceil(player.durationMs / 1000) + 2;
    this.off.push(
      player.onSeek((from, to) => {
        if (to < from) this.shiftSec += shiftStep;
      }),
      player.onMessage((m, msg, restore) => this.deliver(m, msg, restore)),
    );
  }

  /** Seconds added to recorded stamps (grows by the clip length at each backward seek). */
  get stampShiftSec(): number {
    return this.shiftSec;
  }

  private deliver(m: ClipMessage, msg: unknown, _restore: boolean): void {
    if (this.closed) return;
    shiftStamps(msg, this.shiftSec);
    const at = Date.now();
    this.latestByTopic.set(m.topic, { msg, receivedAt: at, type: m.type });
    this.remember(m.topic, m.type, msg, at);
    this.counts.set(m.topic, (this.counts.get(m.topic) ?? 0) + 1);
    for (const s of [...this.subs]) {
      if (s.topic !== m.topic) continue;
      try {
        s.cb(msg, at);
      } catch (err) {
        console.error('[replay] subscriber failed on', m.topic, err);
      }
    }
  }

  private remember(topic: string, type: string, msg: unknown, at: number): void {
    if (!TF_TYPES.has(type)) {
      this.history.set(topic, [{ msg, receivedAt: at }]);
      return;
    }
    const list = this.history.get(topic) ?? [];
    list.push({ msg, receivedAt: at });
    // Recorded spacing is lost after a restore burst, so bound by count rather than by time.
    if (list.length > TF_HISTORY) list.splice(0, list.length - TF_HISTORY);
    this.history.set(topic, list);
  }

  status(): LinkStatus {
    return { state: this.closed ? 'closed' : 'connected', url: this.url, attempt: 0, connectedSince: this.since, reason: 'replay' };
  }

  onStatus(cb: (s: LinkStatus) => void): () => void {
    this.statusListeners.add(cb);
    return () => this.statusListeners.delete(cb);
  }

  subscribe<T = unknown>(topic: string, _opts: SubscribeOptions, cb: MessageHandler<T>): () => void {
    const sub: Sub = { topic, cb: cb as MessageHandler };
    this.subs.add(sub);
    // Like a latched topic: a late subscriber gets the current state at once (for transforms, the recent
    // history, since one message rarely holds the whole tree).
    const recent = this.history.get(topic);
    if (recent?.length) {
      const copy = recent.slice();
      queueMicrotask(() => {
        for (const r of copy) if (this.subs.has(sub)) sub.cb(r.msg, r.receivedAt);
      });
    }
    return () => this.subs.delete(sub);
  }

  advertise<T = unknown>(_topic?: string, _type?: string): Publisher<T> {
    return { publish: () => undefined, unadvertise: () => undefined };
  }

  callService<Res = unknown>(service: string, _type?: string, _args?: unknown, _timeoutMs?: number): Promise<Res> {
    return Promise.reject(new Error(`${service}: a replay cannot call services`));
  }

  async getParam<T = unknown>(name: string): Promise<T | null> {
    return name in this.params ? (this.params[name] as T) : null;
  }

  async introspect(): Promise<Introspection> {
    const topics = new Map<string, string>();
    for (const m of this.player.clip.messages) topics.set(m.topic, m.type);
    return { topics: [...topics].map(([name, type]) => ({ name, type })), services: [], params: Object.keys(this.params) };
  }

  latest<T = unknown>(topic: string): { msg: T; receivedAt: number } | undefined {
    const l = this.latestByTopic.get(topic);
    return l ? { msg: l.msg as T, receivedAt: l.receivedAt } : undefined;
  }

  topicStats(): TopicStats[] {
    return [...this.latestByTopic].map(([topic, l]) => ({
      topic,
      type: l.type,
      count: this.counts.get(topic) ?? 0,
      rateHz: 0,
      lastAt: l.receivedAt,
    }));
  }

  problems(): readonly LinkProblem[] {
    return [];
  }

  onProblem(): () => void {
    return () => undefined;
  }

  counters() {
    return { frames: 0, malformed: 0, oversized: 0, fragmentsDropped: 0 };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const f of this.off) f();
    this.subs.clear();
    const s = this.status();
    for (const cb of this.statusListeners) cb(s);
  }
}
