// The site hub as lease authority for one stock robot (see README, "Conflict rules"). With a hub connected:
// - Take control asks the hub first. The hub refuses (409) while another person or console holds the robot:
//   refused, naming both. Granted: this console then also holds the consoles' lease on `<ns>/operator/lease`,
//   so a console that cannot reach the hub (or has none) hears the hold and cannot claim the robot; if that
//   claim is refused (a console without the hub holds it), the hub lease is handed back and control refused.
// - The hold ends at once when the hub lease does (broken by a lead, lapsed and taken, a renewal refused or
//   unanswered, the hub unreachable): the channel drops the consoles' lease, which stops driving (zero twist),
//   and says why. Driving again takes a person's deliberate act (Take control), through the hub if it is back,
//   else through the consoles' arbitration (the fallback).
// Without a hub, or while it is unreachable, the consoles' arbitration alone decides.
import type { Lease } from '../../contracts';
import { hubLeases, onHubLease, type BreakLeaseResult, type HubLeaseClient, type HubLeaseEvent } from '../../sync';
import type { LeaseArbiter } from './leaseArbiter';
import type { DecisionResult, HubLost } from './channelTypes';

export type HubTakeResult =
  | { ok: true; authority: 'hub' | 'consoles' }
  | { ok: false; error: 'held-by-other'; holder: string; console: string; authority: 'hub' | 'consoles' }
  | { ok: false; error: 'hub-refused'; detail: string; authority: 'hub' };

export interface HubControlOptions {
  robotId: string;
  /** This console's hub lease ended without its asking: stop driving now and say why. */
  onLost(lost: HubLost): void;
  /** What the hub says of the robot's lease changed (another console took or released it). */
  onSeen?(lease: Lease | null): void;
  /** The lease client to ask (tests: one per simulated console); default the console's own (set by the app). */
  leases?: HubLeaseClient;
}

export class HubControl {
  private held = false;
  private readonly off: () => void;

  constructor(private readonly o: HubControlOptions) {
    this.off = o.leases ? o.leases.subscribe((e) => this.onEvent(e)) : onHubLease((e) => this.onEvent(e));
  }

  private client(): HubLeaseClient | undefined {
    return this.o.leases ?? hubLeases();
  }

  /** The hub decides now (a hub is configured, signed in and reachable). */
  active(): boolean {
    return this.client()?.available() === true;
  }

  /** This console holds the robot at the hub. */
  holdsAtHub(): boolean {
    return this.held;
  }

  /** The robot's lease at the hub as this console knows it (undefined without a hub). */
  hubLease(): Lease | null | undefined {
    return this.client()?.current(this.o.robotId);
  }

  /** Refused because someone else holds control: with the hub's lease known, name its person and console. */
  refusal(holder: string): DecisionResult {
    const l = this.hubLease();
    const other = l && l.consoleId !== this.client()?.consoleId ? l : undefined;
    return other
      ? { ok: false, error: 'held-by-other', holder: other.holder, console: other.consoleId }
      : { ok: false, error: 'held-by-other', holder };
  }

  /** Take control: the hub first (when reachable), then the consoles' lease; the consoles' lease alone without a hub. */
  async take(consoles: LeaseArbiter): Promise<HubTakeResult> {
    const hub = this.client();
    if (!hub?.available()) return this.consolesOnly(consoles);
    const r = await hub.acquire(this.o.robotId);
    if (!r.ok) {
      if (r.error === 'conflict')
        return {
          ok: false,
          error: 'held-by-other',
          holder: r.current?.holder ?? '',
          console: r.current?.consoleId ?? '',
          authority: 'hub',
        };
      // The hub did not answer: the consoles decide (the hub holder, if any, holds the consoles' lease too).
      if (r.error === 'unreachable') return this.consolesOnly(consoles);
      return { ok: false, error: 'hub-refused', detail: r.message, authority: 'hub' };
    }
    this.held = true;
    const c = await consoles.claim();
    if (!c.ok || !this.held || !hub.holds(this.o.robotId)) {
      // Refused by the consoles' arbitration, or the hub lease ended while claiming: nobody drives from here.
      const wasHeld = this.held;
      this.held = false;
      if (c.ok) consoles.release();
      await hub.release(this.o.robotId);
      if (!c.ok) return { ok: false, error: 'held-by-other', holder: c.holder, console: c.console, authority: 'consoles' };
      return {
        ok: false,
        error: 'hub-refused',
        detail: wasHeld ? 'the hub lease ended while taking control' : 'lease lost',
        authority: 'hub',
      };
    }
    return { ok: true, authority: 'hub' };
  }

  /** Hands the hub lease back (when this console holds it). */
  release(): void {
    if (!this.held) return;
    this.held = false;
    void this.client()?.release(this.o.robotId);
  }

  /** A lead ends the robot's lease at the hub; undefined when the hub does not decide now. */
  async breakAtHub(reason: string): Promise<BreakLeaseResult | undefined> {
    const hub = this.client();
    if (!hub?.available()) return undefined;
    return hub.breakLease(this.o.robotId, reason);
  }

  dispose(): void {
    this.off();
    this.release();
  }

  private async consolesOnly(consoles: LeaseArbiter): Promise<HubTakeResult> {
    const c = await consoles.claim();
    return c.ok
      ? { ok: true, authority: 'consoles' }
      : { ok: false, error: 'held-by-other', holder: c.holder, console: c.console, authority: 'consoles' };
  }

  private onEvent(e: HubLeaseEvent): void {
    if (e.robotId !== this.o.robotId) return;
    if (e.lost && this.held) {
      this.held = false;
      this.o.onLost(e.lost);
      return;
    }
    this.o.onSeen?.(e.lease);
  }
}

export function toDecision(r: HubTakeResult): DecisionResult {
  if (r.ok) return { ok: true };
  if (r.error === 'hub-refused') return { ok: false, error: 'hub-refused', detail: r.detail };
  return { ok: false, error: 'held-by-other', holder: r.holder, ...(r.console && r.authority === 'hub' ? { console: r.console } : {}) };
}
