import type { TopicStats } from './types';

const BUCKET_MS = 500;
const BUCKETS = 8; // 4 s window

/**
 * Message count and rate for one subscription. `record` is called once per message and only touches
 * numbers: the rate is kept in a ring of fixed time buckets, so there is no per-message allocation.
 */
export class TopicStatsTracker {
  count = 0;
  lastAt: number | undefined = undefined;
  silentReason: string | undefined = undefined;
  private readonly buckets = new Float64Array(BUCKETS);
  /** Index (time / BUCKET_MS) of the newest bucket. */
  private head = -1;
  private firstAt = 0;

  constructor(
    readonly topic: string,
    public type: string,
  ) {}

  record(now: number): void {
    if (this.count === 0) this.firstAt = now;
    this.count++;
    this.lastAt = now;
    this.advance(now);
    this.buckets[this.head % BUCKETS]++;
  }

  /** Average time between messages since the first one; undefined until three have come. */
  meanIntervalMs(): number | undefined {
    if (this.count < 3 || this.lastAt === undefined || this.lastAt <= this.firstAt) return undefined;
    return (this.lastAt - this.firstAt) / (this.count - 1);
  }

  /** Messages per second over the last few seconds (complete buckets plus the current partial one). */
  rateHz(now: number): number {
    if (this.head < 0) return 0;
    this.advance(now);
    let sum = 0;
    for (let i = 0; i < BUCKETS; i++) sum += this.buckets[i];
    const current = Math.floor(now / BUCKET_MS);
    const windowMs = (BUCKETS - 1) * BUCKET_MS + (now - current * BUCKET_MS);
    // Young subscriptions: divide by the time actually observed (at least 1 s, so one message is not "1000 Hz").
    const spanMs = Math.min(windowMs, Math.max(1000, now - this.firstAt));
    return (sum * 1000) / spanMs;
  }

  snapshot(now: number): TopicStats {
    return {
      topic: this.topic,
      type: this.type,
      count: this.count,
      rateHz: this.rateHz(now),
      lastAt: this.lastAt,
      silentReason: this.silentReason,
    };
  }

  private advance(now: number): void {
    const bucket = Math.floor(now / BUCKET_MS);
    if (bucket === this.head) return;
    if (this.head < 0 || bucket - this.head >= BUCKETS) {
      this.buckets.fill(0);
    } else if (bucket > this.head) {
      for (let b = this.head + 1; b <= bucket; b++) this.buckets[b % BUCKETS] = 0;
    } else {
      return; // clock went backwards: keep counting into the newest bucket
    }
    this.head = bucket;
  }
}
