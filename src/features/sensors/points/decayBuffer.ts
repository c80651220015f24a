// "Keep the last N seconds of scans": a time-ordered list with pruning by age and by a budget (points), so a
// long decay on a fast sensor cannot grow without bound. Items carry their own cost (point count).

export interface Decaying {
  /** Console epoch ms when the item arrived. */
  at: number;
  /** Points (or any cost unit) the item holds. */
  cost: number;
}

export class DecayBuffer<T extends Decaying> {
  private list: T[] = [];
  private totalCost = 0;

  constructor(private readonly release?: (item: T) => void) {}

  get items(): readonly T[] {
    return this.list;
  }

  get cost(): number {
    return this.totalCost;
  }

  /**
   * Adds `item`. With decayMs <= 0 only the newest item is kept. Afterwards the oldest items go until the
   * total cost fits `budget` (the newest item always stays).
   */
  push(item: T, decayMs: number, budget = Infinity): void {
    this.list.push(item);
    this.totalCost += item.cost;
    if (decayMs <= 0) {
      while (this.list.length > 1) this.drop();
    }
    this.prune(item.at, decayMs, budget);
  }

  /** Drops items older than `decayMs` at time `now` (keeps the newest when decayMs <= 0) and over budget. */
  prune(now: number, decayMs: number, budget = Infinity): number {
    let removed = 0;
    if (decayMs > 0) {
      while (this.list.length > 0 && now - this.list[0].at > decayMs) {
        this.drop();
        removed++;
      }
    }
    while (this.list.length > 1 && this.totalCost > budget) {
      this.drop();
      removed++;
    }
    return removed;
  }

  clear(): void {
    while (this.list.length) this.drop();
  }

  private drop(): void {
    const it = this.list.shift()!;
    this.totalCost -= it.cost;
    this.release?.(it);
  }
}
