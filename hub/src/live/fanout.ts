// Live fan-out: every hub process LISTENs on the feed channel; on a notification it reads the site's new
// feed rows once and hands them to each of its sockets for that site. A socket that is behind what this
// process keeps in memory is caught up from the database first. Notifications can be lost (the LISTEN
// connection dropped, a server restart), so a reconnect and a slow poll also look for new rows.
import type { FeedEntry } from '../../../src/contracts';
import type { Db } from '../db/types';
import { FEED_CHANNEL, feedHead, parseNotify, readFeed } from '../records/feed';

export interface Subscriber {
  /** Last seq this subscriber has been sent. */
  cursor: number;
  /** Sends entries; returns false when the socket is too far behind to take more (it is then dropped). */
  send(entries: FeedEntry[], head: number): boolean;
  drop(reason: string): void;
}

interface SiteState {
  /** Entries with seq in (from, to] are all in `ring`, oldest first. */
  from: number;
  to: number;
  ring: FeedEntry[];
  subs: Set<Subscriber & { busy?: boolean; again?: boolean }>;
  fetching?: Promise<void>;
  fetchAgain?: boolean;
}

const PAGE = 500;
const MESSAGE_MAX = 200;

export interface FanoutOptions {
  ringSize?: number;
  pollMs?: number;
  log?: (msg: string) => void;
}

export class Fanout {
  private readonly sites = new Map<string, SiteState>();
  private stopListen?: () => Promise<void>;
  private poll?: ReturnType<typeof setInterval>;
  private readonly ringSize: number;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly opts: FanoutOptions = {},
  ) {
    this.ringSize = opts.ringSize ?? 5000;
  }

  async start(): Promise<void> {
    this.stopListen = await this.db.listen(
      FEED_CHANNEL,
      (payload) => {
        const n = parseNotify(payload);
        const s = n && this.sites.get(n.site);
        if (s && n.seq > s.to) this.fetch(n.site);
      },
      () => this.refreshAll(),
    );
    this.poll = setInterval(() => this.refreshAll(), this.opts.pollMs ?? 5000);
    this.poll.unref?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.poll) clearInterval(this.poll);
    await this.stopListen?.();
    for (const s of this.sites.values()) for (const sub of s.subs) sub.drop('hub stopping');
    this.sites.clear();
  }

  subscriberCount(): number {
    let n = 0;
    for (const s of this.sites.values()) n += s.subs.size;
    return n;
  }

  async subscribe(site: string, sub: Subscriber): Promise<() => void> {
    let s = this.sites.get(site);
    if (!s) {
      const head = await feedHead(this.db, site);
      s = this.sites.get(site) ?? { from: head, to: head, ring: [], subs: new Set() };
      this.sites.set(site, s);
    }
    s.subs.add(sub);
    void this.deliver(site, s, sub);
    return () => {
      s.subs.delete(sub);
      if (s.subs.size === 0 && this.sites.get(site) === s) this.sites.delete(site);
    };
  }

  private refreshAll(): void {
    for (const site of this.sites.keys()) this.fetch(site);
  }

  private fetch(site: string): void {
    const s = this.sites.get(site);
    if (!s || this.closed) return;
    if (s.fetching) {
      s.fetchAgain = true;
      return;
    }
    s.fetching = (async () => {
      do {
        s.fetchAgain = false;
        for (;;) {
          const rows = await readFeed(this.db, site, s.to, PAGE);
          if (!rows.length) break;
          s.ring.push(...rows);
          s.to = rows[rows.length - 1]!.seq;
          if (s.ring.length > this.ringSize) s.from = s.ring.splice(0, s.ring.length - this.ringSize).at(-1)!.seq;
          if (rows.length < PAGE) break;
        }
        for (const sub of s.subs) void this.deliver(site, s, sub);
      } while (s.fetchAgain && !this.closed);
    })()
      .catch((err: Error) =>
        this.opts.log?.(`live: reading the feed of ${site} failed (${err.message}); the next notification or poll retries`),
      )
      .finally(() => {
        s.fetching = undefined;
      });
  }

  /** Sends a subscriber what it has not had: from the database while it is older than the ring, then from the ring. */
  private async deliver(site: string, s: SiteState, sub: Subscriber & { busy?: boolean; again?: boolean }): Promise<void> {
    if (sub.busy) {
      sub.again = true;
      return;
    }
    sub.busy = true;
    try {
      do {
        sub.again = false;
        while (sub.cursor < s.from && s.subs.has(sub)) {
          const rows = await readFeed(this.db, site, sub.cursor, PAGE);
          if (!rows.length) break;
          if (!this.sendAll(sub, rows, s.to)) return;
        }
        if (!s.subs.has(sub)) return;
        const start = firstAfter(s.ring, sub.cursor);
        if (start < s.ring.length && !this.sendAll(sub, s.ring.slice(start), s.to)) return;
      } while (sub.again);
    } catch (err) {
      sub.drop(`reading the feed failed: ${(err as Error).message}`);
    } finally {
      sub.busy = false;
    }
  }

  private sendAll(sub: Subscriber, rows: FeedEntry[], head: number): boolean {
    for (let i = 0; i < rows.length; i += MESSAGE_MAX) {
      const part = rows.slice(i, i + MESSAGE_MAX);
      if (!sub.send(part, Math.max(head, part.at(-1)!.seq))) {
        sub.drop('the console is not reading fast enough; it will catch up by pulling');
        return false;
      }
      sub.cursor = part.at(-1)!.seq;
    }
    return true;
  }
}

/** Index of the first entry with seq > cursor (binary search; the ring is sorted by seq). */
function firstAfter(ring: readonly FeedEntry[], cursor: number): number {
  let lo = 0;
  let hi = ring.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ring[mid]!.seq <= cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
