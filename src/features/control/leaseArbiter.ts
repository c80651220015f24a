// Control arbitration among consoles for a robot that does not arbitrate itself (see src/contracts/arbitration.ts
// and ROBOT_CONTRACT.md). One instance per console and robot. Rules:
// - a console claims only while it sees no live hold; it listens CLAIM_WINDOW_MS (longer than the renewal
//   period, so a live holder is always heard) and takes control only if no hold arrived and its claim is the
//   earliest of the claims heard (request time on the robot's clock, tie broken by the smaller console id);
//   an earlier claim heard is honoured until a hold settles it or leaseMs passes (its console went away), not
//   only for the window: on a loaded machine the winner's hold can come seconds after its claim;
// - the holder renews every renewMs; the others drop a hold not renewed for leaseMs (its console went away)
//   and show it stale after staleMs, when a lead may break it deliberately;
// - two holds at once (only after a partition): the earlier `since` keeps control, the other steps down at once;
// - a holder that could not renew for leaseMs (its link was down) gives its hold up itself.
// No React; timers are setInterval/setTimeout (fake timers in tests).
import {
  CLAIM_WINDOW_MS,
  LEASE_EXPIRY_MS,
  LEASE_RENEW_MS,
  LEASE_STALE_MS,
  claimBefore,
  type LeaseMessage,
  type LeaseOp,
} from '../../contracts';

export interface ArbiterView {
  /** The holder's name; "" when nobody holds control. */
  holder: string;
  /** The holder's console id; "" when nobody does. */
  console: string;
  /** Robot-clock epoch ms when the hold (or the free state) began. */
  since: number;
  mine: boolean;
  /** A foreign hold not renewed for staleMs (a lead may break it). */
  stale: boolean;
  /** Console epoch ms of the last renewal heard (foreign holds). */
  renewedAt?: number;
}

export type ArbiterChange = 'granted' | 'released' | 'expired' | 'broken' | 'conflict' | 'holder' | 'self-expired';

export interface ArbiterOptions {
  consoleId: string;
  operator(): string;
  /** Publishes on `<ns>/operator/lease`; false when it could not leave now. */
  publish(m: LeaseMessage): boolean;
  /** The robot's clock (console clock plus the link's offset estimate). */
  robotNow(): number;
  /** The console's clock. Default Date.now. */
  now?: () => number;
  onChange?(view: ArbiterView, change: ArbiterChange, by?: LeaseMessage): void;
  leaseMs?: number;
  renewMs?: number;
  staleMs?: number;
  claimWindowMs?: number;
}

export type ClaimResult = { ok: true } | { ok: false; holder: string; console: string };

interface Hold {
  console: string;
  operator: string;
  since: number;
  heardAt: number;
  leaseMs: number;
}

const FREE = (since: number): ArbiterView => ({ holder: '', console: '', since, mine: false, stale: false });

export class LeaseArbiter {
  private readonly o: ArbiterOptions;
  private readonly now: () => number;
  private readonly leaseMs: number;
  private readonly renewMs: number;
  private readonly staleMs: number;
  private readonly windowMs: number;
  private hold: Hold | undefined;
  /** When this console last renewed successfully (its own hold). */
  private renewedOk = 0;
  private lastSent = 0;
  private freeSince: number;
  private readonly claims = new Map<string, { at: number; operator: string; heardAt: number }>();
  private inflight: Promise<ClaimResult> | undefined;
  private settleClaim: ((r: ClaimResult) => void) | undefined;
  private claimTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly ticker: ReturnType<typeof setInterval>;
  private lastStale = false;

  constructor(o: ArbiterOptions) {
    this.o = o;
    this.now = o.now ?? Date.now;
    this.leaseMs = o.leaseMs ?? LEASE_EXPIRY_MS;
    this.renewMs = o.renewMs ?? LEASE_RENEW_MS;
    this.staleMs = o.staleMs ?? LEASE_STALE_MS;
    this.windowMs = o.claimWindowMs ?? CLAIM_WINDOW_MS;
    this.freeSince = o.robotNow();
    this.ticker = setInterval(() => this.tick(), Math.max(50, Math.min(this.renewMs, this.staleMs) / 4));
  }

  view(): ArbiterView {
    const h = this.hold;
    if (!h) return FREE(this.freeSince);
    const mine = h.console === this.o.consoleId;
    const v: ArbiterView = {
      holder: h.operator,
      console: h.console,
      since: h.since,
      mine,
      stale: !mine && this.now() - h.heardAt >= this.staleMs,
    };
    if (!mine) v.renewedAt = h.heardAt;
    return v;
  }

  holds(): boolean {
    return this.hold?.console === this.o.consoleId;
  }

  /** Asks for control. Repeated calls while a claim is open share it (requests do not stack). */
  claim(): Promise<ClaimResult> {
    if (this.holds()) return Promise.resolve({ ok: true });
    if (this.inflight) return this.inflight;
    const h = this.hold;
    if (h) return Promise.resolve({ ok: false, holder: h.operator, console: h.console });
    const at = this.o.robotNow();
    this.claims.set(this.o.consoleId, { at, operator: this.o.operator(), heardAt: this.now() });
    this.send('claim', { at });
    this.inflight = new Promise<ClaimResult>((resolve) => {
      this.settleClaim = resolve;
      this.claimTimer = setTimeout(() => this.decide(), this.windowMs);
    });
    return this.inflight;
  }

  /** Hands back. False when this console does not hold control. */
  release(): boolean {
    if (!this.holds()) return false;
    this.send('release', {});
    this.clear('released');
    return true;
  }

  /** A lead ends a stale foreign hold. Refused while the hold is renewed (not stale) or when there is none. */
  breakHold(): { ok: true; holder: string; console: string } | { ok: false; reason: 'no-hold' | 'not-stale' | 'mine' } {
    const h = this.hold;
    if (!h) return { ok: false, reason: 'no-hold' };
    if (h.console === this.o.consoleId) return { ok: false, reason: 'mine' };
    if (this.now() - h.heardAt < this.staleMs) return { ok: false, reason: 'not-stale' };
    this.send('break', { holderConsole: h.console, holder: h.operator });
    this.clear('broken');
    return { ok: true, holder: h.operator, console: h.console };
  }

  receive(m: LeaseMessage): void {
    const me = this.o.consoleId;
    if (m.console === me) return; // our own message coming back
    const t = this.now();
    if (m.op === 'claim') {
      this.claims.set(m.console, { at: m.at, operator: m.operator, heardAt: t });
      if (this.holds()) this.renew(); // tell the claimant at once who drives
    } else if (m.op === 'hold') this.onHold(m, t);
    else if (m.op === 'release') {
      if (this.hold?.console === m.console) this.clear('released', m);
    } else if (m.op === 'break') {
      if (this.hold && this.hold.console === m.holderConsole) this.clear('broken', m);
    }
  }

  dispose(): void {
    clearInterval(this.ticker);
    if (this.claimTimer) clearTimeout(this.claimTimer);
    this.settleClaim?.({ ok: false, holder: '', console: '' });
    this.settleClaim = undefined;
    this.inflight = undefined;
  }

  private onHold(m: LeaseMessage, t: number): void {
    const since = m.since ?? m.at;
    const cur = this.hold;
    const incoming: Hold = { console: m.console, operator: m.operator, since, heardAt: t, leaseMs: m.leaseMs ?? this.leaseMs };
    if (cur && cur.console !== m.console && t - cur.heardAt < cur.leaseMs) {
      // Two holds at once: the earlier hold keeps control (same rule on every console).
      const curFirst = claimBefore({ at: cur.since, console: cur.console }, { at: since, console: m.console });
      if (curFirst) {
        if (cur.console === this.o.consoleId) this.renew();
        return;
      }
      this.hold = incoming;
      this.emit(cur.console === this.o.consoleId ? 'conflict' : 'holder', m);
      return;
    }
    const changed = !cur || cur.console !== m.console || cur.operator !== m.operator;
    this.hold = incoming;
    // A hold settles every open claim: the others lost (they hear this hold too).
    for (const c of [...this.claims.keys()]) if (c !== this.o.consoleId) this.claims.delete(c);
    if (this.settleClaim) this.finishClaim({ ok: false, holder: m.operator, console: m.console });
    if (changed) this.emit('holder', m);
  }

  private decide(): void {
    this.claimTimer = undefined;
    const t = this.now();
    const h = this.hold;
    if (h) return this.finishClaim({ ok: false, holder: h.operator, console: h.console });
    let best: { console: string; at: number; operator: string } | undefined;
    for (const [c, v] of this.claims) {
      if (c !== this.o.consoleId && t - v.heardAt >= this.leaseMs) continue;
      if (!best || claimBefore({ at: v.at, console: c }, best)) best = { console: c, at: v.at, operator: v.operator };
    }
    if (best && best.console !== this.o.consoleId) return this.finishClaim({ ok: false, holder: best.operator, console: best.console });
    this.hold = { console: this.o.consoleId, operator: this.o.operator(), since: this.o.robotNow(), heardAt: t, leaseMs: this.leaseMs };
    this.renewedOk = t;
    this.renew();
    this.emit('granted');
    this.finishClaim({ ok: true });
  }

  private finishClaim(r: ClaimResult): void {
    if (this.claimTimer) clearTimeout(this.claimTimer);
    this.claimTimer = undefined;
    this.claims.delete(this.o.consoleId);
    const settle = this.settleClaim;
    this.settleClaim = undefined;
    this.inflight = undefined;
    settle?.(r);
  }

  private renew(): void {
    const h = this.hold;
    if (!h || h.console !== this.o.consoleId) return;
    this.lastSent = this.now();
    if (this.send('hold', { since: h.since, leaseMs: this.leaseMs })) this.renewedOk = this.lastSent;
  }

  private tick(): void {
    const t = this.now();
    for (const [c, v] of this.claims) if (c !== this.o.consoleId && t - v.heardAt >= this.leaseMs) this.claims.delete(c);
    const h = this.hold;
    if (!h) return;
    if (h.console === this.o.consoleId) {
      if (t - this.renewedOk >= this.leaseMs) return this.clear('self-expired');
      if (t - this.lastSent >= this.renewMs) this.renew();
      return;
    }
    if (t - h.heardAt >= h.leaseMs) return this.clear('expired');
    const stale = t - h.heardAt >= this.staleMs;
    if (stale !== this.lastStale) {
      this.lastStale = stale;
      this.emit('holder');
    }
  }

  private clear(change: ArbiterChange, by?: LeaseMessage): void {
    this.hold = undefined;
    this.lastStale = false;
    this.freeSince = this.o.robotNow();
    this.emit(change, by);
  }

  private emit(change: ArbiterChange, by?: LeaseMessage): void {
    this.o.onChange?.(this.view(), change, by);
  }

  private send(op: LeaseOp, extra: Partial<LeaseMessage>): boolean {
    return this.o.publish({ op, console: this.o.consoleId, operator: this.o.operator(), at: this.o.robotNow(), ...extra });
  }
}
