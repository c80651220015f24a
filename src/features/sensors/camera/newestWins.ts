// A single pending slot where the newest item replaces an unconsumed older one. Used twice in the camera
// pipeline: messages waiting for the (one at a time) decoder, and decoded frames waiting for the next screen
// refresh. Nothing ever queues, so a slow decoder or a hidden tab costs dropped frames, never latency or memory.

export class NewestWins<T> {
  private pending: T | undefined;
  private has = false;
  /** Items replaced before anyone took them. */
  dropped = 0;
  /** Items handed out by take(). */
  taken = 0;

  /** `discard` releases a replaced item (e.g. ImageBitmap.close()). */
  constructor(private readonly discard?: (item: T) => void) {}

  /** Stores `item`; returns true when it replaced an item nobody took (one more drop). */
  put(item: T): boolean {
    const replaced = this.has;
    if (replaced) {
      this.dropped++;
      if (this.discard) this.discard(this.pending as T);
    }
    this.pending = item;
    this.has = true;
    return replaced;
  }

  take(): T | undefined {
    if (!this.has) return undefined;
    const item = this.pending as T;
    this.pending = undefined;
    this.has = false;
    this.taken++;
    return item;
  }

  get isPending(): boolean {
    return this.has;
  }

  /** Drops what is pending without counting it (stream closing). */
  clear(): void {
    if (this.has && this.discard) this.discard(this.pending as T);
    this.pending = undefined;
    this.has = false;
  }
}

/** Arrival rate over a sliding window, Hz. */
export class RateMeter {
  private times: number[] = [];
  constructor(private readonly windowMs = 2000) {}

  tick(now: number): void {
    this.times.push(now);
    this.trim(now);
  }

  rate(now: number): number {
    this.trim(now);
    const n = this.times.length;
    if (n < 2) return 0;
    const span = Math.max(now - this.times[0], this.times[n - 1] - this.times[0]);
    return span > 0 ? ((n - 1) * 1000) / span : 0;
  }

  private trim(now: number): void {
    const cut = now - this.windowMs;
    let i = 0;
    while (i < this.times.length && this.times[i] < cut) i++;
    if (i > 0) this.times.splice(0, i);
  }
}
