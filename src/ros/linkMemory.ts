import type { LinkMemory } from './types';

/** What the budget can free: the kept latest message of a topic. */
export interface KeptValue {
  readonly topic: string;
  latestBytes: number;
  dropLatest(): void;
}

export interface MemoryParts {
  fragments(): number;
  problems(): number;
  pending(): number;
}

export const DEFAULT_MEMORY_BUDGET = 256 * 1024 * 1024;

const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;

/**
 * The bytes one robot makes the console hold inside its link: the latest message per topic (counted as
 * the size of the frame that carried it), partial fragments, the problem log and pending calls. Topic
 * entries add to `latest` on every message and call `over()` once it passes `cap` (the budget less the
 * other parts, refreshed then and once a second), so the per-message cost is two additions and a compare.
 * Over budget, the largest kept messages are dropped (consumers already had them; `latest()` then returns
 * nothing for that topic until the next message) and a problem says so.
 */
export class LinkMemoryBudget {
  latest = 0;
  cap: number;

  constructor(
    readonly budget: number,
    private readonly parts: MemoryParts,
    private readonly kept: () => Iterable<KeptValue>,
    private readonly report: (text: string, topic: string) => void,
  ) {
    this.cap = budget;
  }

  refresh(): void {
    this.cap = this.budget - this.parts.fragments() - this.parts.problems() - this.parts.pending();
  }

  over(): void {
    this.refresh();
    while (this.latest > this.cap) {
      let largest: KeptValue | undefined;
      for (const k of this.kept()) if (k.latestBytes > 0 && (!largest || k.latestBytes > largest.latestBytes)) largest = k;
      if (!largest) break;
      const freed = largest.latestBytes;
      const used = this.latest + this.budget - this.cap;
      largest.dropLatest();
      this.report(
        `memory budget: let go of the kept message of ${largest.topic} (${mb(freed)}); this robot held ${mb(used)} of ${mb(this.budget)}`,
        largest.topic,
      );
    }
  }

  snapshot(): LinkMemory {
    const byPart = {
      latest: this.latest,
      fragments: this.parts.fragments(),
      problems: this.parts.problems(),
      pending: this.parts.pending(),
    };
    return { usedBytes: byPart.latest + byPart.fragments + byPart.problems + byPart.pending, budgetBytes: this.budget, byPart };
  }
}
