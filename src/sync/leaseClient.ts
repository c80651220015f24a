// The console's side of the hub as lease authority for stock robots: acquires, renews and releases this
// console's control lease at the hub, and keeps what it knows of every robot's lease (from GET /api/leases,
// polled, and from the hub's feed, live). No React and no features: the control feature asks it and listens.
//
// This console's own hold ends by itself, with a reason, when the hub says it is gone (renewal refused: it
// lapsed and someone else took it, or a lead broke it), when the feed says so, when a renewal cannot reach
// the hub (unsure: the caller stops driving), or when no renewal succeeded for the TTL (it lapsed at the hub).
import { leaseSchema, type FeedEntry, type Lease } from '../contracts';
import { systemClock, type Clock } from './clock';
import { HubError, type HubApi } from './hubApi';

export type LeaseLoss = 'broken' | 'taken' | 'expired' | 'unreachable' | 'refused' | 'stopped';

export interface HubLeaseEvent {
  robotId: string;
  /** The robot's lease at the hub as this console knows it now; null when nobody holds it. */
  lease: Lease | null;
  /** Set when this console's own hold ended without its asking. */
  lost?: { why: LeaseLoss; message: string; by?: string };
}

export type AcquireResult =
  | { ok: true; lease: Lease }
  | { ok: false; error: 'conflict'; current: Lease | null; message: string }
  | { ok: false; error: 'unreachable' | 'forbidden' | 'unauthenticated' | 'other'; message: string };

export type BreakLeaseResult = { ok: true } | { ok: false; error: 'none' | 'forbidden' | 'unreachable' | 'other'; message: string };

export type LeaseApi = Pick<HubApi, 'leases' | 'lease' | 'breakLease'>;

export interface HubLeaseOptions {
  api: LeaseApi;
  consoleId: string;
  /** Signed in and not known to be offline (the sync client's state); false: the consoles arbitrate alone. */
  online(): boolean;
  clock?: Clock;
  /** The lease this console asks for, ms (renewed every renewMs). */
  ttlMs?: number;
  renewMs?: number;
  /** How often the site's leases are fetched (renewals are not in the feed), ms. */
  pollMs?: number;
}

export const HUB_LEASE_TTL_MS = 10_000;
export const HUB_LEASE_RENEW_MS = 2000;
export const HUB_LEASE_POLL_MS = 5000;

interface Mine {
  lease: Lease;
  /** Console clock when the last successful acquire/renew was sent. */
  okAt: number;
  timer?: unknown;
  /** Fires when the lease lapses at the hub, renewals or not (a renewal answer that takes too long). */
  expiry?: unknown;
}

/** After a renewal that timed out or found the hub busy, the next one goes this soon, ms. */
const SLOW_RETRY_MS = 250;
const timedOut = (e: unknown): boolean => e instanceof HubError && (e.body as { timedOut?: boolean } | undefined)?.timedOut === true;
const lapseMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class HubLeaseClient {
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly renewMs: number;
  private readonly pollMs: number;
  /** Per robot: the lease as last heard, and the hub time that information is from. */
  private readonly known = new Map<string, { lease: Lease | null; at: number }>();
  private readonly mine = new Map<string, Mine>();
  private readonly listeners = new Set<(e: HubLeaseEvent) => void>();
  private pollTimer: unknown;
  private running = false;

  constructor(private readonly o: HubLeaseOptions) {
    this.clock = o.clock ?? systemClock;
    this.ttlMs = o.ttlMs ?? HUB_LEASE_TTL_MS;
    this.renewMs = o.renewMs ?? HUB_LEASE_RENEW_MS;
    this.pollMs = o.pollMs ?? HUB_LEASE_POLL_MS;
  }

  get consoleId(): string {
    return this.o.consoleId;
  }

  /** The hub can decide now (signed in, reachable as far as this console knows). */
  available(): boolean {
    return this.o.online();
  }

  /** The robot's lease as last heard; null when free or unknown. */
  current(robotId: string): Lease | null {
    return this.known.get(robotId)?.lease ?? null;
  }

  holds(robotId: string): boolean {
    return this.mine.has(robotId);
  }

  subscribe(fn: (e: HubLeaseEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.poll();
  }

  /** Stops polling and renewing; a hold this console had ends ('stopped': the caller stops driving). */
  stop(): void {
    this.running = false;
    if (this.pollTimer !== undefined) this.clock.clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    for (const robotId of [...this.mine.keys()]) this.lose(robotId, 'stopped', 'this console no longer uses the hub');
  }

  async acquire(robotId: string): Promise<AcquireResult> {
    const sent = this.clock.now();
    try {
      const lease = await this.o.api.lease('acquire', robotId, this.o.consoleId, this.ttlMs);
      if (!lease) return { ok: false, error: 'other', message: 'the hub granted no lease' };
      this.hold(robotId, lease, sent);
      return { ok: true, lease };
    } catch (err) {
      if (err instanceof HubError && err.kind === 'conflict') {
        const cur = leaseSchema.safeParse((err.body as { current?: unknown } | undefined)?.current);
        const current = cur.success ? cur.data : null;
        if (current) this.learn(robotId, current, current.acquiredAt);
        return { ok: false, error: 'conflict', current, message: err.message };
      }
      const kind = err instanceof HubError ? err.kind : 'other';
      const error =
        kind === 'unreachable' || kind === 'unavailable'
          ? 'unreachable'
          : kind === 'forbidden' || kind === 'unauthenticated'
            ? kind
            : 'other';
      return { ok: false, error, message: lapseMessage(err) };
    }
  }

  /** Hands the lease back. Stops renewing first; if the hub cannot be told, the lease lapses after its TTL. */
  async release(robotId: string): Promise<void> {
    const m = this.mine.get(robotId);
    if (!m) return;
    this.drop(robotId);
    this.learn(robotId, null, m.lease.acquiredAt);
    try {
      await this.o.api.lease('release', robotId, this.o.consoleId);
    } catch {
      // lapses at the hub by itself
    }
  }

  /** A lead ends the robot's lease at the hub (the hub checks the role and writes the audit entry). */
  async breakLease(robotId: string, reason: string): Promise<BreakLeaseResult> {
    try {
      await this.o.api.breakLease(robotId, this.o.consoleId, reason);
      const k = this.known.get(robotId);
      this.learn(robotId, null, k?.lease?.acquiredAt ?? 0);
      return { ok: true };
    } catch (err) {
      const kind = err instanceof HubError ? err.kind : 'other';
      const error =
        kind === 'notFound'
          ? 'none'
          : kind === 'forbidden'
            ? 'forbidden'
            : kind === 'unreachable' || kind === 'unavailable'
              ? 'unreachable'
              : 'other';
      return { ok: false, error, message: lapseMessage(err) };
    }
  }

  /** Feed entries from the hub (live or pulled), in order. Entries older than what is known change nothing. */
  onFeed(entries: readonly FeedEntry[]): void {
    for (const e of entries) {
      if (e.entity !== 'lease') continue;
      const robotId = e.id;
      const parsed = leaseSchema.safeParse(e.body);
      const lease = parsed.success ? parsed.data : null;
      const m = this.mine.get(robotId);
      if (m && e.receivedAt > m.lease.acquiredAt && !(lease && lease.consoleId === this.o.consoleId)) {
        const change = (e.change ?? {}) as { action?: string; brokenBy?: string; reason?: string };
        if (change.action === 'break')
          this.lose(
            robotId,
            'broken',
            `${change.brokenBy ?? e.by} broke this console's lease${change.reason ? `: ${change.reason}` : ''}`,
            change.brokenBy ?? e.by,
          );
        else if (lease) this.lose(robotId, 'taken', `the hub gave the lease to ${lease.holder} (console ${lease.consoleId})`, lease.holder);
      }
      if (m && this.mine.has(robotId)) continue;
      this.learn(robotId, lease, e.receivedAt);
    }
  }

  /** Fetches the site's live leases now. */
  async refresh(): Promise<void> {
    const leases = await this.o.api.leases();
    const seen = new Set<string>();
    for (const l of leases) {
      seen.add(l.robotId);
      if (!this.mine.has(l.robotId) || l.consoleId === this.o.consoleId) this.learn(l.robotId, l, l.acquiredAt, true);
    }
    for (const [robotId, k] of this.known)
      if (k.lease && !seen.has(robotId) && !this.mine.has(robotId)) this.learn(robotId, null, k.at, true);
  }

  // ---- internals ---------------------------------------------------------------------------------------

  private poll(): void {
    if (!this.running) return;
    const next = () => {
      if (this.running) this.pollTimer = this.clock.setTimeout(() => this.poll(), this.pollMs);
    };
    if (!this.o.online()) return next();
    this.refresh().then(next, next);
  }

  private hold(robotId: string, lease: Lease, sent: number): void {
    this.drop(robotId);
    const m: Mine = { lease, okAt: sent };
    this.mine.set(robotId, m);
    this.learn(robotId, lease, lease.acquiredAt, true);
    this.schedule(robotId, m);
  }

  private schedule(robotId: string, m: Mine): void {
    if (m.expiry !== undefined) this.clock.clearTimeout(m.expiry);
    m.timer = this.clock.setTimeout(() => void this.renew(robotId, m), this.renewMs);
    m.expiry = this.clock.setTimeout(
      () => {
        if (this.mine.get(robotId) === m) this.lose(robotId, 'expired', 'no renewal reached the hub within the lease time');
      },
      Math.max(0, m.okAt + this.ttlMs - this.clock.now()),
    );
  }

  private async renew(robotId: string, m: Mine): Promise<void> {
    if (this.mine.get(robotId) !== m) return;
    const sent = this.clock.now();
    try {
      const lease = await this.o.api.lease('renew', robotId, this.o.consoleId, this.ttlMs);
      if (this.mine.get(robotId) !== m) return;
      if (!lease) return this.lose(robotId, 'refused', 'the hub did not renew the lease');
      m.lease = lease;
      m.okAt = sent;
      this.schedule(robotId, m);
    } catch (err) {
      if (this.mine.get(robotId) !== m) return;
      const kind = err instanceof HubError ? err.kind : 'other';
      if (kind === 'conflict') {
        const cur = leaseSchema.safeParse((err as HubError).body && ((err as HubError).body as { current?: unknown }).current);
        return this.lose(robotId, 'taken', lapseMessage(err), cur.success ? cur.data.holder : undefined);
      }
      // Slow (no answer in time, or busy): try again at once; the expiry timer ends the hold if none gets through.
      if (kind === 'unavailable' || timedOut(err)) {
        m.timer = this.clock.setTimeout(() => void this.renew(robotId, m), SLOW_RETRY_MS);
        return;
      }
      // Not there at all (refused, no route): unsure whether the lease lives on; stop now.
      if (kind === 'unreachable') return this.lose(robotId, 'unreachable', lapseMessage(err));
      this.lose(robotId, 'refused', lapseMessage(err));
    }
  }

  private drop(robotId: string): void {
    const m = this.mine.get(robotId);
    if (m?.timer !== undefined) this.clock.clearTimeout(m.timer);
    if (m?.expiry !== undefined) this.clock.clearTimeout(m.expiry);
    this.mine.delete(robotId);
  }

  private lose(robotId: string, why: LeaseLoss, message: string, by?: string): void {
    if (!this.mine.has(robotId)) return;
    this.drop(robotId);
    const k = this.known.get(robotId);
    if (k?.lease?.consoleId === this.o.consoleId) this.known.set(robotId, { lease: null, at: k.at });
    this.emit({ robotId, lease: this.current(robotId), lost: { why, message, ...(by ? { by } : {}) } });
  }

  private learn(robotId: string, lease: Lease | null, at: number, force = false): void {
    const k = this.known.get(robotId);
    if (k && !force && at < k.at) return;
    const same = k && JSON.stringify(k.lease) === JSON.stringify(lease);
    this.known.set(robotId, { lease, at: Math.max(at, k?.at ?? 0) });
    if (!same && !(k === undefined && lease === null)) this.emit({ robotId, lease });
  }

  private emit(e: HubLeaseEvent): void {
    for (const fn of [...this.listeners]) {
      try {
        fn(e);
      } catch (err) {
        console.error('[hub] lease listener failed', err);
      }
    }
  }
}

// ---- the console's one lease authority (set by the composition root while a hub is configured) --------

let authority: HubLeaseClient | undefined;
const authorityListeners = new Set<(e: HubLeaseEvent) => void>();
let offAuthority: (() => void) | undefined;

export function setHubLeases(c: HubLeaseClient | undefined): void {
  offAuthority?.();
  offAuthority = undefined;
  authority = c;
  if (c) offAuthority = c.subscribe((e) => authorityListeners.forEach((fn) => fn(e)));
}

/** The hub's lease client while a hub is configured (it may be offline: ask `available()`). */
export function hubLeases(): HubLeaseClient | undefined {
  return authority;
}

/** Lease events from whichever hub client is current (survives connecting to another hub). */
export function onHubLease(fn: (e: HubLeaseEvent) => void): () => void {
  authorityListeners.add(fn);
  return () => authorityListeners.delete(fn);
}
