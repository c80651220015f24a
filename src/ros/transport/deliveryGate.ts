// Backpressure between a link worker and the main thread. postMessage has no flow control: when the main
// thread is busy (a long software-rendered frame, a big upload), everything a robot streams at 100 Hz piles
// up in the page's task queue, unbounded, and the person watches an ever older past. The gate counts what
// the main thread has not acknowledged yet; above a bound it holds the rest and keeps, per topic, only the
// newest messages (as a ROS subscriber with a queue does), in arrival order, and says what it dropped.
// Only topic messages ('publish') are ever dropped: service responses, action results, 'open' and 'end' are
// held like the rest but always delivered, in order.

export interface GateLimits {
  /** Messages posted and not yet acknowledged before the gate starts holding. */
  maxInFlight: number;
  /** Bytes posted and not yet acknowledged before the gate starts holding (one bigger message still passes). */
  maxInFlightBytes: number;
  /** While holding: the newest this many messages of a topic are kept. */
  perTopic: number;
  /** While holding: at most this many bytes are held; the oldest droppable messages go first. */
  maxHeldBytes: number;
}

export const DEFAULT_GATE_LIMITS: GateLimits = {
  maxInFlight: 512,
  maxInFlightBytes: 48 * 1024 * 1024,
  perTopic: 32,
  maxHeldBytes: 64 * 1024 * 1024,
};

/** The main thread acknowledges after this many messages or bytes, or after ACK_MS, whichever comes first. */
export const ACK_EVERY = 64;
export const ACK_BYTES = 4 * 1024 * 1024;
export const ACK_MS = 20;

interface Held<T> {
  item: T;
  bytes: number;
  /** The topic of a droppable message; undefined: never dropped. */
  topic: string | undefined;
  dropped: boolean;
}

export class DeliveryGate<T> {
  private inFlight = 0;
  private inFlightBytes = 0;
  private readonly held: Held<T>[] = [];
  private head = 0;
  private heldBytes = 0;
  private readonly perTopic = new Map<string, Held<T>[]>();
  private readonly droppedByTopic = new Map<string, number>();

  constructor(
    /** Posts an item; `bytes` is what it was offered with. */
    private readonly post: (item: T, bytes: number) => void,
    private readonly limits: GateLimits = DEFAULT_GATE_LIMITS,
  ) {}

  /** Post now, or hold (dropping older messages of `topic` beyond the bounds) while the main thread is behind. */
  offer(item: T, bytes: number, topic?: string): void {
    if (this.held.length === this.head && this.hasRoom()) return this.send(item, bytes);
    const h: Held<T> = { item, bytes, topic, dropped: false };
    this.held.push(h);
    this.heldBytes += bytes;
    if (topic !== undefined) {
      let q = this.perTopic.get(topic);
      if (!q) this.perTopic.set(topic, (q = []));
      q.push(h);
      if (q.length > this.limits.perTopic) this.drop(q.shift()!);
    }
    if (this.heldBytes > this.limits.maxHeldBytes) this.dropOldest();
  }

  /** The main thread handled `count` messages of `bytes` bytes: post what is held while there is room. */
  ack(count: number, bytes: number): void {
    this.inFlight = Math.max(0, this.inFlight - count);
    this.inFlightBytes = Math.max(0, this.inFlightBytes - bytes);
    while (this.head < this.held.length && this.hasRoom()) {
      const h = this.held[this.head++]!;
      if (h.dropped) continue;
      this.heldBytes -= h.bytes;
      if (h.topic !== undefined) this.perTopic.get(h.topic)?.shift();
      this.send(h.item, h.bytes);
    }
    if (this.head === this.held.length) this.clearHeld();
    else if (this.head > 1024 && this.head * 2 > this.held.length) {
      this.held.splice(0, this.head);
      this.head = 0;
    }
  }

  /** A new connection: what was held for the old one is of no use. */
  reset(): void {
    this.clearHeld();
    this.inFlight = 0;
    this.inFlightBytes = 0;
    this.droppedByTopic.clear();
  }

  /** Messages dropped per topic since the last call (for a problem report), then forgotten. */
  takeDropped(): Map<string, number> {
    const out = new Map(this.droppedByTopic);
    this.droppedByTopic.clear();
    return out;
  }

  /** Something was dropped since the last takeDropped(). */
  get hasDropped(): boolean {
    return this.droppedByTopic.size > 0;
  }

  get heldCount(): number {
    let n = 0;
    for (let i = this.head; i < this.held.length; i++) if (!this.held[i]!.dropped) n++;
    return n;
  }

  get heldByteCount(): number {
    return this.heldBytes;
  }

  private hasRoom(): boolean {
    return this.inFlight < this.limits.maxInFlight && (this.inFlightBytes === 0 || this.inFlightBytes < this.limits.maxInFlightBytes);
  }

  private send(item: T, bytes: number): void {
    this.inFlight++;
    this.inFlightBytes += bytes;
    this.post(item, bytes);
  }

  private drop(h: Held<T>): void {
    h.dropped = true;
    this.heldBytes -= h.bytes;
    this.droppedByTopic.set(h.topic!, (this.droppedByTopic.get(h.topic!) ?? 0) + 1);
  }

  private dropOldest(): void {
    for (let i = this.head; i < this.held.length && this.heldBytes > this.limits.maxHeldBytes; i++) {
      const h = this.held[i]!;
      if (h.dropped || h.topic === undefined) continue;
      const q = this.perTopic.get(h.topic)!;
      // Keep the newest message of every topic (the latched map, the latest pose): drop only older ones.
      if (q.length <= 1) continue;
      q.splice(q.indexOf(h), 1);
      this.drop(h);
    }
  }

  private clearHeld(): void {
    this.held.length = 0;
    this.head = 0;
    this.heldBytes = 0;
    this.perTopic.clear();
  }
}
