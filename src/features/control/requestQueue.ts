// One robot's open operator requests as this console sees them. Rules:
// - a request is known by its id within one link session: when the robot's link restarts (the robot may have
//   restarted and count its ids from 1 again) the seen ids are forgotten, and an id that comes again after the
//   restart is a new request, not the old one;
// - a robot re-sends open requests every few seconds: one not re-sent for `staleMs` is shown as stale (it stays
//   listed until decided, so nothing disappears silently);
// - the order shown is fresh before stale, most severe first, then newest first.
import type { OperatorRequest, Severity } from '../../contracts';

export interface PendingRequest extends OperatorRequest {
  robotId: string;
  /** Console epoch ms when this console first saw it (for "waiting for 42 s"). */
  receivedAt: number;
  /** Console epoch ms of the last time the robot sent it (first or re-sent). */
  lastSeenAt: number;
  /** Not re-sent for the stale time: the robot may no longer need it. */
  stale: boolean;
}

/** A robot re-sends open requests every 3 s (the contract says "every few seconds"): 15 s without one is stale. */
export const REQUEST_STALE_MS = 15_000;

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };

/** Fresh before stale, most severe first, newest first. */
export function compareRequests(a: PendingRequest, b: PendingRequest): number {
  if (a.stale !== b.stale) return a.stale ? 1 : -1;
  const s = SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity];
  return s !== 0 ? s : b.receivedAt - a.receivedAt;
}

/** Which requests become incident candidates, and under which key repeats merge (same robot, kind and reason). */
export function incidentCandidateKey(req: PendingRequest, minSeverity: Severity = 'critical'): string | undefined {
  if (SEVERITY_RANK[req.severity] < SEVERITY_RANK[minSeverity]) return undefined;
  return `request|${req.robotId}|${req.kind}|${req.reason}`;
}

export interface RequestQueueOptions {
  robotId: string;
  now: () => number;
  /** Robot clock minus console clock, ms, when known. */
  clockOffsetMs: () => number | undefined;
  staleMs?: number;
}

export class RequestQueue {
  private readonly byId = new Map<string, PendingRequest>();
  private seen = new Set<string>();
  /** Ids of requests still listed from before the link's last restart. */
  private previousSession = new Set<string>();

  constructor(private readonly o: RequestQueueOptions) {}

  get(id: string): PendingRequest | undefined {
    return this.byId.get(id);
  }

  list(): PendingRequest[] {
    return [...this.byId.values()].sort(compareRequests);
  }

  /**
   * A request arrived: `added` when it is new; a re-send refreshes its time (`changed` when that made a stale
   * request fresh again). Entries are replaced, never changed in place (the store hands them to React).
   */
  add(r: OperatorRequest): { added?: PendingRequest; changed: boolean } {
    const now = this.o.now();
    const known = this.byId.get(r.id);
    if (this.seen.has(r.id) && !this.previousSession.has(r.id)) {
      if (known) this.byId.set(r.id, { ...known, lastSeenAt: now, stale: false });
      return { changed: known?.stale === true };
    }
    this.previousSession.delete(r.id);
    this.seen.add(r.id);
    // A re-sent request carries the robot's first-ask time: count the wait from then (robot clock mapped to
    // ours with the link's offset estimate), so a console that connects later still shows the true wait.
    const robotAt = r.at !== undefined ? r.at - (this.o.clockOffsetMs() ?? 0) : undefined;
    const receivedAt = robotAt !== undefined && robotAt <= now && now - robotAt < 3_600_000 ? robotAt : now;
    const p: PendingRequest = { ...r, robotId: this.o.robotId, receivedAt, lastSeenAt: now, stale: false };
    this.byId.set(r.id, p);
    return { added: p, changed: true };
  }

  /** Closes a request (a decision); returns it when it was open. */
  take(id: string): PendingRequest | undefined {
    const p = this.byId.get(id);
    this.byId.delete(id);
    this.previousSession.delete(id);
    return p;
  }

  /** The link restarted: ids seen so far no longer identify requests (the robot may count from 1 again). */
  linkRestarted(): void {
    this.seen = new Set();
    this.previousSession = new Set(this.byId.keys());
  }

  /** Updates the stale flags; true when one changed. */
  refreshStale(): boolean {
    const t = this.o.now();
    const limit = this.o.staleMs ?? REQUEST_STALE_MS;
    let changed = false;
    for (const [id, p] of this.byId) {
      // Console-made requests are decided at once and never re-sent: they do not go stale.
      const stale = p.origin === undefined && t - p.lastSeenAt >= limit;
      if (stale !== p.stale) {
        this.byId.set(id, { ...p, stale });
        changed = true;
      }
    }
    return changed;
  }
}
