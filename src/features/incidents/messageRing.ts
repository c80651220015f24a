// Per-robot evidence buffer: every message the console received or sent in the last N seconds, bounded by
// bytes and by seconds, whichever bites first; the oldest leave first. Pure (no timers, no DOM): time comes
// from the messages' own receive (or send) stamps, which are kept as they were.
//
// Latched data (/tf_static, /map, /robot_description-like topics) arrives once and would fall out of a 30 s
// window, leaving a clip that cannot be replayed. So the last evicted message of each received topic is kept
// aside (bounded too) and a snapshot includes it once, with its real receive time, marked `latched`.

export interface RingMessage {
  topic: string;
  type: string;
  msg: unknown;
  /** Console epoch ms when received. */
  receivedAt: number;
  /** Estimated size in bytes (what the byte bound counts). */
  bytes: number;
  /** True for what the console itself sent (publish, service call, action goal or cancel). */
  sent?: boolean;
  /** The ROS 1 serialized message exactly as it arrived (rosbridge cbor-raw), when it came that way. */
  raw?: Uint8Array;
  /** Set on snapshot copies: the last message of a topic from before the window (its real time is kept). */
  latched?: boolean;
}

/** Default byte budget per robot: a humanoid with a compressed camera, scan, joints and TF (see README). */
export const DEFAULT_RING_BYTES = 128 * 1024 * 1024;

export interface MessageRingOptions {
  /** Seconds of history kept (default 30). */
  maxSeconds?: number;
  /** Bytes of history kept (default DEFAULT_RING_BYTES, 128 MiB). */
  maxBytes?: number;
  /** Bytes allowed for the per-topic "last before the window" messages (default 16 MiB). */
  maxCarryBytes?: number;
}

/** A cheap estimate of a decoded message's in-memory size; exactness does not matter, monotonicity does. */
export function estimateBytes(value: unknown, depth = 0): number {
  if (value === null || value === undefined) return 1;
  switch (typeof value) {
    case 'number':
      return 8;
    case 'boolean':
      return 1;
    case 'string':
      return value.length + 4;
    case 'bigint':
      return 8;
    case 'object': {
      if (ArrayBuffer.isView(value)) return value.byteLength + 8;
      if (value instanceof ArrayBuffer) return value.byteLength + 8;
      if (depth > 12) return 8;
      if (Array.isArray(value)) {
        const n = value.length;
        if (n === 0) return 4;
        // Long arrays of numbers (JSON-decoded grids, scans): don't walk them element by element.
        if (n > 64 && typeof value[0] === 'number') return n * 8 + 4;
        let sum = 4;
        for (let i = 0; i < n; i++) sum += estimateBytes(value[i], depth + 1);
        return sum;
      }
      let sum = 4;
      for (const k in value as Record<string, unknown>) {
        sum += k.length + estimateBytes((value as Record<string, unknown>)[k], depth + 1);
      }
      return sum;
    }
    default:
      return 8;
  }
}

export class MessageRing {
  readonly maxMs: number;
  maxBytes: number;
  readonly maxCarryBytes: number;
  /** Circular storage: items[head .. head+count) modulo capacity. */
  private items: (RingMessage | undefined)[] = new Array(256);
  private head = 0;
  private count = 0;
  private totalBytes = 0;
  private carry = new Map<string, RingMessage>();
  private carryBytes = 0;
  /** Messages pushed out by a bound since creation (seconds or bytes). */
  evicted = 0;

  constructor(opts: MessageRingOptions = {}) {
    this.maxMs = (opts.maxSeconds ?? 30) * 1000;
    this.maxBytes = opts.maxBytes ?? DEFAULT_RING_BYTES;
    this.maxCarryBytes = opts.maxCarryBytes ?? 16 * 1024 * 1024;
  }

  get size(): number {
    return this.count;
  }
  get bytes(): number {
    return this.totalBytes;
  }
  /** Oldest and newest receive time held, or undefined when empty. */
  span(): { from: number; to: number } | undefined {
    if (this.count === 0) return undefined;
    return { from: this.at(0).receivedAt, to: this.at(this.count - 1).receivedAt };
  }

  /** Bytes held aside for latched topics (counted apart from `bytes`). */
  get carriedBytes(): number {
    return this.carryBytes;
  }

  push(topic: string, type: string, msg: unknown, receivedAt: number, bytes = estimateBytes(msg)): void {
    this.add({ topic, type, msg, receivedAt, bytes });
  }

  /** Adds a record as it is (the tap's path: one object per message, nothing else allocated). */
  add(item: RingMessage): void {
    // A message larger than the whole budget is not kept (it would evict everything and still not fit).
    if (item.bytes > this.maxBytes) {
      this.evicted++;
      return;
    }
    if (this.count === this.items.length) this.grow();
    // Receive times are monotonic in practice; a late one (clock step) is clamped so the order holds.
    if (this.count > 0) {
      const last = this.at(this.count - 1).receivedAt;
      if (item.receivedAt < last) item.receivedAt = last;
    }
    this.items[(this.head + this.count) % this.items.length] = item;
    this.count++;
    this.totalBytes += item.bytes;
    this.trim(item.receivedAt);
  }

  /** A new byte budget (site profile); the oldest leave at once if it is smaller. */
  setMaxBytes(maxBytes: number): void {
    this.maxBytes = maxBytes;
    if (this.count > 0) this.trim(this.at(this.count - 1).receivedAt);
  }

  private at(i: number): RingMessage {
    return this.items[(this.head + i) % this.items.length]!;
  }

  private grow(): void {
    const next: (RingMessage | undefined)[] = new Array(this.items.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = this.at(i);
    this.items = next;
    this.head = 0;
  }

  private shift(): void {
    const old = this.items[this.head]!;
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    this.totalBytes -= old.bytes;
    this.evicted++;
    this.keepAside(old);
  }

  private keepAside(m: RingMessage): void {
    if (m.sent) return; // what the console sent is evidence in its window, not state to restore
    const prev = this.carry.get(m.topic);
    if (prev) this.carryBytes -= prev.bytes;
    this.carry.delete(m.topic);
    if (m.bytes > this.maxCarryBytes) return;
    this.carry.set(m.topic, m);
    this.carryBytes += m.bytes;
    // Oldest-inserted topics go first (Map keeps insertion order; re-set moves a topic to the end).
    for (const [topic, c] of this.carry) {
      if (this.carryBytes <= this.maxCarryBytes) break;
      this.carry.delete(topic);
      this.carryBytes -= c.bytes;
    }
  }

  private trim(now: number): void {
    const oldest = now - this.maxMs;
    while (this.count > 0 && (this.totalBytes > this.maxBytes || this.at(0).receivedAt < oldest)) this.shift();
  }

  /** Drops what is older than the time bound as of `now` (call when a robot goes quiet). */
  expire(now: number): void {
    this.trim(now);
  }

  /**
   * Messages with from <= receivedAt <= to, in receive order, preceded by the latest earlier received message
   * of each topic that has none in the window (latched state such as /map or /tf_static), once each, with its
   * real receive time and `latched: true`, so a player can show the state at the first instant. In-window
   * objects are shared, not copied: treat them as read-only.
   */
  snapshot(from: number, to: number): RingMessage[] {
    const out: RingMessage[] = [];
    const before = new Map<string, RingMessage>(this.carry);
    for (let i = 0; i < this.count; i++) {
      const m = this.at(i);
      if (m.receivedAt < from) {
        if (!m.sent) before.set(m.topic, m);
      } else if (m.receivedAt <= to) out.push(m);
      else break;
    }
    const seen = new Set<string>();
    for (const m of out) if (!m.sent) seen.add(m.topic);
    const initial: RingMessage[] = [];
    for (const [topic, m] of before) {
      if (!seen.has(topic)) initial.push({ ...m, latched: true });
    }
    initial.sort((a, b) => a.receivedAt - b.receivedAt);
    return initial.concat(out);
  }

  clear(): void {
    this.items = new Array(256);
    this.head = 0;
    this.count = 0;
    this.totalBytes = 0;
    this.carry.clear();
    this.carryBytes = 0;
  }
}
