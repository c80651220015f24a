// One robot's operator protocol as seen from this console: the queue of open requests, the control holder,
// and this console's decisions. No React, no zustand: the takeover service mirrors it into the store.
//
// Control is decided by the robot (it publishes the latched holder). A console only asks by approving a takeover;
// while someone else holds control this console refuses to approve a takeover (it cannot steal control) and
// teleop refuses to send motion. The robot enforces the same rule, so two consoles racing still get one holder.
import type { AuditEntry } from './auditRepo';
import type { Publisher, RobotLink, SubscribeOptions } from '../../ros';
import {
  STRING_TYPE,
  newId,
  operatorTopics,
  parseControl,
  parseRequest,
  parseResponse,
  toStringMsg,
  type ControlState,
  type OperatorRequest,
  type OperatorResponse,
} from '../../contracts';

export interface PendingRequest extends OperatorRequest {
  robotId: string;
  /** Console epoch ms when this console first saw it (for "waiting for 42 s"). */
  receivedAt: number;
}

export interface ControlView extends ControlState {
  /** True when this console holds control. */
  mine: boolean;
}

export interface ChannelIdentity {
  consoleId: string;
  operator(): string;
}

export type AuditSink = (entry: Omit<AuditEntry, 'id'>) => void;

export interface ChannelListener {
  requestsChanged?(robotId: string, pending: PendingRequest[]): void;
  newRequest?(req: PendingRequest): void;
  controlChanged?(robotId: string, control: ControlView, previous: ControlView | undefined): void;
}

export type DecisionResult =
  { ok: true } | { ok: false; error: 'held-by-other' | 'unknown-request' | 'no-operator' | 'no-answer'; holder?: string };

export interface TakeoverChannelOptions {
  robotId: string;
  robotName?: () => string;
  link: RobotLink;
  ns?: string;
  identity: ChannelIdentity;
  audit: AuditSink;
  listener?: ChannelListener;
  now?: () => number;
  /** How long approve/takeControl wait for the robot to name the new holder, ms. */
  grantTimeoutMs?: number;
}

/**
 * Operator topics carry events: silence on them is normal, not a fault. `expectSilence` asks the link not to list
 * them as silent topics; the link ignores fields it does not know, so this is harmless until it supports it.
 */
function eventTopic(queueLength: number): SubscribeOptions {
  const opts: SubscribeOptions = { type: STRING_TYPE, queueLength, expectSilence: true };
  return opts;
}

export class TakeoverChannel {
  readonly robotId: string;
  private readonly o: TakeoverChannelOptions;
  private readonly now: () => number;
  private readonly pendingById = new Map<string, PendingRequest>();
  private readonly seen = new Set<string>();
  private ctl: ControlView | undefined;
  private readonly responder: Publisher<{ data: string }>;
  private readonly requester: Publisher<{ data: string }>;
  private readonly offs: (() => void)[] = [];
  private readonly controlWaiters = new Set<(c: ControlView) => void>();
  /** When this console's current hold began (console clock), for the hand-back's duration. */
  private heldSince: number | undefined;

  constructor(o: TakeoverChannelOptions) {
    this.o = o;
    this.robotId = o.robotId;
    this.now = o.now ?? Date.now;
    const t = operatorTopics(o.ns ?? '');
    this.responder = o.link.advertise(t.response, STRING_TYPE, { queueSize: 10 });
    this.requester = o.link.advertise(t.request, STRING_TYPE, { queueSize: 10 });
    this.offs.push(
      o.link.subscribe(t.request, eventTopic(10), (m) => this.onRequest(m)),
      o.link.subscribe(t.response, eventTopic(10), (m) => this.onResponse(m)),
      o.link.subscribe(t.control, eventTopic(1), (m) => this.onControl(m)),
    );
  }

  pending(): PendingRequest[] {
    return [...this.pendingById.values()].sort((a, b) => a.receivedAt - b.receivedAt);
  }

  control(): ControlView | undefined {
    return this.ctl;
  }

  holdsControl(): boolean {
    return this.ctl?.mine === true;
  }

  /** Approves a request as the current operator. A takeover is refused while another console holds control. */
  async approve(id: string): Promise<DecisionResult> {
    const req = this.pendingById.get(id);
    if (!req) return { ok: false, error: 'unknown-request' };
    const operator = this.o.identity.operator().trim();
    if (!operator) return { ok: false, error: 'no-operator' };
    if (req.kind === 'takeover' && this.ctl && this.ctl.holder !== '' && !this.ctl.mine) {
      return { ok: false, error: 'held-by-other', holder: this.ctl.holder };
    }
    const granted = req.kind === 'takeover' ? this.waitForControl() : undefined;
    this.respond(req, 'approved', operator);
    if (!granted) return { ok: true };
    const c = await granted;
    if (c?.mine) return { ok: true };
    return c ? { ok: false, error: 'held-by-other', holder: c.holder } : { ok: false, error: 'no-answer' };
  }

  deny(id: string, reason: string): DecisionResult {
    const req = this.pendingById.get(id);
    if (!req) return { ok: false, error: 'unknown-request' };
    const operator = this.o.identity.operator().trim();
    if (!operator) return { ok: false, error: 'no-operator' };
    this.respond(req, 'denied', operator, reason);
    return { ok: true };
  }

  /** A console-made takeover: publishes a request in the operator's name and approves it at once. */
  async takeControl(reason: string): Promise<DecisionResult> {
    const operator = this.o.identity.operator().trim();
    if (!operator) return { ok: false, error: 'no-operator' };
    if (this.ctl?.mine) return { ok: true };
    if (this.ctl && this.ctl.holder !== '') return { ok: false, error: 'held-by-other', holder: this.ctl.holder };
    const req: OperatorRequest = { id: newId('console'), kind: 'takeover', reason, severity: 'info', at: this.now(), origin: operator };
    this.requester.publish(toStringMsg(req));
    this.addPending(req);
    return this.approve(req.id);
  }

  /** Releases control: publishes `handback` and records how long this console held it. */
  handBack(reason?: string): DecisionResult & { durationMs?: number } {
    const operator = this.o.identity.operator().trim() || (this.ctl?.holder ?? '');
    if (!this.ctl?.mine) return { ok: false, error: 'held-by-other', holder: this.ctl?.holder };
    const at = this.now();
    const durationMs = this.heldSince !== undefined ? at - this.heldSince : undefined;
    const msg: OperatorResponse = { id: newId('handback'), decision: 'handback', operator, at, console: this.o.identity.consoleId };
    if (reason) msg.reason = reason;
    this.o.audit({ at, robotId: this.robotId, kind: 'handback', person: operator, data: { durationMs, reason, since: this.heldSince } });
    this.responder.publish(toStringMsg(msg));
    return { ok: true, durationMs };
  }

  dispose(): void {
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
    if (this.seen.has(r.id)) return;
    this.seen.add(r.id);
    // A re-sent request carries the robot's first-ask time: count the wait from then (robot clock mapped to
    // ours with the link's offset estimate), so a console that connects later still shows the true wait.
    const now = this.now();
    const robotAt = r.at !== undefined ? r.at - (this.o.link.status().clockOffsetMs ?? 0) : undefined;
    const receivedAt = robotAt !== undefined && robotAt <= now && now - robotAt < 3_600_000 ? robotAt : now;
    const p: PendingRequest = { ...r, robotId: this.robotId, receivedAt };
    this.pendingById.set(r.id, p);
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
    const req = this.pendingById.get(id);
    if (!req) return;
    this.pendingById.delete(id);
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
    const mine = c.holder !== '' && (c.console ? c.console === this.o.identity.consoleId : c.holder === this.o.identity.operator());
    const next: ControlView = { ...c, mine };
    const prev = this.ctl;
    this.ctl = next;
    for (const w of [...this.controlWaiters]) w(next);
    if (prev && prev.holder === next.holder && prev.console === next.console) return;
    // Found holding control on connecting (e.g. after a reload: the console id survives it): the robot's `since`.
    if (mine && !prev?.mine) this.heldSince = prev || !next.since ? this.now() : next.since;
    if (!mine) this.heldSince = undefined;
    this.o.listener?.controlChanged?.(this.robotId, next, prev);
    // The latched "nobody" found on connecting is not a change anyone made.
    if (!prev && next.holder === '') return;
    this.o.audit({
      at: this.now(),
      robotId: this.robotId,
      kind: 'control',
      person: next.holder || prev?.holder || '',
      data: {
        holder: next.holder,
        previous: prev?.holder ?? null,
        console: next.console,
        mine,
        robotSince: next.since,
        initial: prev === undefined,
      },
    });
  }
}
