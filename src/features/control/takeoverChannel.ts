// One robot's operator protocol as seen from this console: the queue of open requests, the control holder,
// and this console's decisions. No React, no zustand: the takeover service mirrors it into the store.
//
// Control is decided by the robot when it publishes the latched holder (a console only asks by approving a
// takeover), or, for a stock robot that does not, by the consoles among themselves (stockControl.ts). While
// someone else holds control this console refuses to approve a takeover and teleop refuses to send motion.
import type { Publisher, SubscribeOptions } from '../../ros';
import {
  STRING_TYPE,
  newId,
  operatorTopics,
  parseControl,
  parseRequest,
  parseResponse,
  toStringMsg,
  type OperatorRequest,
  type OperatorResponse,
} from '../../contracts';
import { StockControl, type Arbitration } from './stockControl';
import { HubControl, toDecision } from './hubControl';
import { breakConsolesHold, breakHold, type BreakContext } from './holdBreak';
import { RequestQueue, type PendingRequest } from './requestQueue';
import type { ArbiterChange, ArbiterView } from './leaseArbiter';
import type { LeaseMessage } from '../../contracts';

export type { PendingRequest } from './requestQueue';

export type {
  AuditSink,
  BreakResult,
  ChannelIdentity,
  ChannelListener,
  ControlView,
  DecisionResult,
  TakeoverChannelOptions,
} from './channelTypes';
import type { BreakResult, ControlView, DecisionResult, HubLost, TakeoverChannelOptions } from './channelTypes';

/**
 * Operator topics carry events: silence on them is normal, not a fault. `expectSilence` asks the link not to list
 * them as silent topics; the link ignores fields it does not know, so this is harmless until it supports it.
 */
function eventTopic(queueLength: number): SubscribeOptions {
  return { type: STRING_TYPE, queueLength, expectSilence: true };
}

export class TakeoverChannel {
  readonly robotId: string;
  private readonly o: TakeoverChannelOptions;
  private readonly now: () => number;
  private readonly queue: RequestQueue;
  private readonly staleTimer: ReturnType<typeof setInterval>;
  private ctl: ControlView | undefined;
  private readonly responder: Publisher<{ data: string }>;
  private readonly requester: Publisher<{ data: string }>;
  private readonly offs: (() => void)[] = [];
  private readonly controlWaiters = new Set<(c: ControlView) => void>();
  /** When this console's current hold began (console clock), for the hand-back's duration. */
  private heldSince: number | undefined;
  private readonly stock: StockControl;
  private taking: Promise<DecisionResult> | undefined;
  private readonly hub: HubControl;
  /** Why the consoles' lease is being dropped (the hub lease ended), for the control change's audit entry. */
  private hubWhy: Record<string, unknown> | undefined;

  constructor(o: TakeoverChannelOptions) {
    this.o = o;
    this.robotId = o.robotId;
    this.now = o.now ?? Date.now;
    const t = operatorTopics(o.ns ?? '');
    this.queue = new RequestQueue({
      robotId: o.robotId,
      now: this.now,
      clockOffsetMs: () => o.link.status().clockOffsetMs,
      staleMs: o.requestStaleMs,
    });
    this.staleTimer = setInterval(() => {
      if (this.queue.refreshStale()) this.o.listener?.requestsChanged?.(this.robotId, this.pending());
      // The hub came or went (signed in, reachable): say who decides now.
      if (this.ctl?.arbitration === 'consoles' && this.ctl.authority !== (this.hub.active() ? 'hub' : 'consoles'))
        this.onArbitration('consoles');
    }, 1000);
    let wasUp = o.link.status().state === 'connected';
    this.offs.push(
      o.link.onStatus((st) => {
        const up = st.state === 'connected';
        if (up && !wasUp) this.queue.linkRestarted();
        wasUp = up;
      }),
    );
    this.responder = o.link.advertise(t.response, STRING_TYPE, { queueSize: 10 });
    this.requester = o.link.advertise(t.request, STRING_TYPE, { queueSize: 10 });
    this.hub = new HubControl({
      robotId: o.robotId,
      leases: o.hubLeases,
      onLost: (l) => this.hubLost(l),
      onSeen: () => this.onArbitration(this.stock.arbitration()),
    });
    this.stock = new StockControl({
      link: o.link,
      ns: o.ns,
      consoleId: o.identity.consoleId,
      operator: () => o.identity.operator().trim(),
      now: this.now,
      arbiter: o.lease,
      onArbitration: (a) => this.onArbitration(a),
      onLease: (v, c, by) => this.onLease(v, c, by),
    });
    this.offs.push(
      o.link.subscribe(t.request, eventTopic(10), (m) => this.onRequest(m)),
      o.link.subscribe(t.response, eventTopic(10), (m) => this.onResponse(m)),
      o.link.subscribe(t.control, eventTopic(1), (m) => this.onControl(m)),
    );
  }

  arbitration(): Arbitration {
    return this.stock.arbitration();
  }

  pending(): PendingRequest[] {
    return this.queue.list();
  }

  control(): ControlView | undefined {
    return this.ctl;
  }

  holdsControl(): boolean {
    return this.ctl?.mine === true;
  }

  /** Approves a request as the current operator. A takeover is refused while another console holds control. */
  async approve(id: string): Promise<DecisionResult> {
    const req = this.queue.get(id);
    if (!req) return { ok: false, error: 'unknown-request' };
    const operator = this.o.identity.operator().trim();
    if (!operator) return { ok: false, error: 'no-operator' };
    if (req.kind === 'takeover' && this.ctl && this.ctl.holder !== '' && !this.ctl.mine) return this.hub.refusal(this.ctl.holder);
    const consoles = this.stock.arbiter();
    const granted = req.kind !== 'takeover' ? undefined : consoles ? undefined : this.waitForControl();
    this.respond(req, 'approved', operator);
    if (req.kind !== 'takeover') return { ok: true };
    const c = consoles ? await this.hub.take(consoles).then(() => this.ctl) : await granted;
    const r: DecisionResult = c?.mine
      ? { ok: true }
      : c && c.holder !== ''
        ? { ok: false, error: 'held-by-other', holder: c.holder }
        : { ok: false, error: 'no-answer' };
    this.auditOutcome(operator, req.id, r);
    return r;
  }

  deny(id: string, reason: string): DecisionResult {
    const req = this.queue.get(id);
    if (!req) return { ok: false, error: 'unknown-request' };
    const operator = this.o.identity.operator().trim();
    if (!operator) return { ok: false, error: 'no-operator' };
    this.respond(req, 'denied', operator, reason);
    return { ok: true };
  }

  /**
   * A console-made takeover. The robot arbitrates: publishes a request in the operator's name and approves it.
   * Consoles arbitrate (stock robot): claims the lease. Presses while one is under way share it (nothing stacks).
   */
  takeControl(reason: string): Promise<DecisionResult> {
    if (!this.taking) this.taking = this.startTakeControl(reason).finally(() => (this.taking = undefined));
    return this.taking;
  }

  private async startTakeControl(reason: string): Promise<DecisionResult> {
    const operator = this.o.identity.operator().trim();
    if (!operator) return { ok: false, error: 'no-operator' };
    if (this.ctl?.mine) return { ok: true };
    if (this.ctl && this.ctl.holder !== '') return this.hub.refusal(this.ctl.holder);
    const consoles = this.stock.arbiter();
    if (!consoles) {
      const req: OperatorRequest = { id: newId('console'), kind: 'takeover', reason, severity: 'info', at: this.now(), origin: operator };
      this.requester.publish(toStringMsg(req));
      this.addPending(req);
      return this.approve(req.id);
    }
    const id = newId('console');
    this.o.audit({
      at: this.now(),
      robotId: this.robotId,
      kind: 'approve',
      person: operator,
      data: { id, kind: 'takeover', reason, arbitration: 'consoles', authority: this.hub.active() ? 'hub' : 'consoles', mine: true },
    });
    const r = toDecision(await this.hub.take(consoles));
    this.auditOutcome(operator, id, r);
    return r;
  }

  /** What actually happened after an approval: granted, refused (someone else holds control) or not confirmed. */
  private auditOutcome(operator: string, id: string, r: DecisionResult): void {
    const outcome = r.ok ? 'granted' : r.error === 'held-by-other' ? 'refused' : 'not-confirmed';
    this.o.audit({
      at: this.now(),
      robotId: this.robotId,
      kind: 'control',
      person: operator,
      data: { id, outcome, arbitration: this.stock.arbitration(), holder: this.ctl?.holder ?? null, mine: r.ok },
    });
  }

  /** Releases control: publishes `handback` (or releases the console lease) and records how long this console held it. */
  handBack(reason?: string): DecisionResult & { durationMs?: number } {
    const operator = this.o.identity.operator().trim() || (this.ctl?.holder ?? '');
    if (!this.ctl?.mine) return { ok: false, error: 'held-by-other', holder: this.ctl?.holder };
    const at = this.now();
    const durationMs = this.heldSince !== undefined ? at - this.heldSince : undefined;
    this.o.audit({ at, robotId: this.robotId, kind: 'handback', person: operator, data: { durationMs, reason, since: this.heldSince } });
    const consoles = this.stock.arbiter();
    if (consoles) {
      consoles.release();
      this.hub.release();
      return { ok: true, durationMs };
    }
    const msg: OperatorResponse = { id: newId('handback'), decision: 'handback', operator, at, console: this.o.identity.consoleId };
    if (reason) msg.reason = reason;
    this.responder.publish(toStringMsg(msg));
    return { ok: true, durationMs };
  }

  /** A lead ends a stale hold, the consoles' lease only (no hub). Audited naming both people. */
  breakHold(): BreakResult {
    return breakConsolesHold(this.breakContext());
  }

  /** A lead ends a stale hold: at the hub first when it decides (role enforced there), then the consoles' lease. */
  breakHoldEverywhere(reason: string): Promise<BreakResult> {
    return breakHold(this.breakContext(), this.hub, reason);
  }

  private breakContext(): BreakContext {
    const { robotId } = this;
    return { robotId, operator: this.o.identity.operator().trim(), consoles: this.stock.arbiter(), audit: this.o.audit, now: this.now() };
  }

  dispose(): void {
    clearInterval(this.staleTimer);
    this.hub.dispose();
    this.stock.dispose();
    for (const off of this.offs) off();
    this.offs.length = 0;
    this.responder.unadvertise();
    this.requester.unadvertise();
    for (const w of this.controlWaiters) w(this.ctl ?? { holder: '', since: 0, mine: false });
    this.controlWaiters.clear();
  }

  private respond(req: PendingRequest, decision: 'approved' | 'denied', operator: string, reason?: string): void {
    const at = this.now();
    const msg: OperatorResponse = { id: req.id, decision, operator, at, console: this.o.identity.consoleId, kind: req.kind };
    if (reason) msg.reason = reason;
    // Closed (and audited) before publishing, so the record's order is decision → control change; our own
    // response coming back through the subscription then finds nothing to close.
    this.close(req.id, msg, true);
    this.responder.publish(toStringMsg(msg));
  }

  private waitForControl(): Promise<ControlView | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.controlWaiters.delete(waiter);
        resolve(this.ctl && this.ctl.holder !== '' ? this.ctl : undefined);
      }, this.o.grantTimeoutMs ?? 3000);
      const waiter = (c: ControlView): void => {
        if (c.holder === '') return;
        clearTimeout(timer);
        this.controlWaiters.delete(waiter);
        resolve(c);
      };
      this.controlWaiters.add(waiter);
    });
  }

  private addPending(r: OperatorRequest): void {
    const { added: p, changed } = this.queue.add(r);
    if (!p) {
      if (changed) this.o.listener?.requestsChanged?.(this.robotId, this.pending());
      return;
    }
    const person = r.origin ?? this.o.robotName?.() ?? this.robotId;
    this.o.audit({
      at: p.receivedAt,
      robotId: this.robotId,
      kind: 'request',
      person,
      data: { id: r.id, kind: r.kind, reason: r.reason, severity: r.severity, origin: r.origin ? 'console' : 'robot' },
    });
    if (!r.origin) this.o.listener?.newRequest?.(p);
    this.o.listener?.requestsChanged?.(this.robotId, this.pending());
  }

  private onRequest(m: unknown): void {
    const r = parseRequest(m);
    if (r) this.addPending(r);
  }

  private onResponse(m: unknown): void {
    const r = parseResponse(m);
    if (!r || r.decision === 'handback') return;
    this.close(r.id, r, r.console === this.o.identity.consoleId);
  }

  /** A decision closes the request for every console; each decision is audited once per console. */
  private close(id: string, r: OperatorResponse, mine: boolean): void {
    const req = this.queue.take(id);
    if (!req) return;
    this.o.audit({
      at: this.now(),
      robotId: this.robotId,
      kind: r.decision === 'approved' ? 'approve' : 'deny',
      person: r.operator,
      data: {
        id,
        kind: req.kind,
        reason: r.reason,
        requestReason: req.reason,
        waitedMs: this.now() - req.receivedAt,
        console: r.console,
        mine,
      },
    });
    this.o.listener?.requestsChanged?.(this.robotId, this.pending());
  }

  private onControl(m: unknown): void {
    const c = parseControl(m);
    if (!c) return;
    this.stock.robotControlSeen();
    const mine = c.holder !== '' && (c.console ? c.console === this.o.identity.consoleId : c.holder === this.o.identity.operator());
    this.applyControl({ ...c, mine, arbitration: 'robot' });
  }

  private onArbitration(a: Arbitration): void {
    this.o.listener?.arbitrationChanged?.(this.robotId, a);
    const v = this.stock.arbiter()?.view();
    if (a === 'consoles' && v) this.onLease(v, 'holder');
  }

  /** This console's hub lease ended: drop the consoles' lease too (driving stops at once), audited with why. */
  private hubLost(l: HubLost): void {
    this.hubWhy = { hubLease: l.why, hubMessage: l.message, ...(l.by ? { hubBy: l.by } : {}) };
    this.stock.arbiter()?.release();
    this.hubWhy = undefined;
    this.o.listener?.hubLeaseLost?.(this.robotId, l);
  }

  private onLease(v: ArbiterView, change: ArbiterChange, by?: LeaseMessage): void {
    const next: ControlView = {
      holder: v.holder,
      since: v.since,
      console: v.console,
      mine: v.mine,
      arbitration: 'consoles',
      authority: this.hub.active() ? 'hub' : 'consoles',
      stale: v.stale,
    };
    if (v.renewedAt !== undefined) next.renewedAt = v.renewedAt;
    const extra: Record<string, unknown> = { change, ...this.hubWhy };
    if (by?.op === 'break') Object.assign(extra, { brokenBy: by.operator, breakerConsole: by.console });
    this.applyControl(next, extra);
  }

  private applyControl(next: ControlView, extra: Record<string, unknown> = {}): void {
    const prev = this.ctl;
    this.ctl = next;
    for (const w of [...this.controlWaiters]) w(next);
    const same = prev && prev.holder === next.holder && prev.console === next.console;
    if (same && prev.stale === next.stale && prev.arbitration === next.arbitration && prev.authority === next.authority) return;
    if (same) {
      this.o.listener?.controlChanged?.(this.robotId, next, prev);
      return;
    }
    // Found holding control on connecting (e.g. after a reload: the console id survives it): the robot's `since`.
    if (next.mine && !prev?.mine) this.heldSince = prev || !next.since ? this.now() : next.since;
    if (!next.mine) this.heldSince = undefined;
    this.o.listener?.controlChanged?.(this.robotId, next, prev);
    // The latched "nobody" found on connecting is not a change anyone made.
    if ((!prev || prev.holder === '') && next.holder === '') return;
    this.o.audit({
      at: this.now(),
      robotId: this.robotId,
      kind: 'control',
      person: next.holder || prev?.holder || '',
      data: {
        holder: next.holder,
        previous: prev?.holder ?? null,
        console: next.console,
        mine: next.mine,
        robotSince: next.since,
        initial: prev === undefined,
        arbitration: next.arbitration,
        ...extra,
      },
    });
  }
}
