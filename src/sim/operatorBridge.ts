// The simulated robot's side of the operator protocol (see src/contracts/ROBOT_CONTRACT.md).
// Self-contained: the sim wires it to one robot through OperatorBridgeHost and nothing else in src/sim changes.
// The robot is the authority on who holds control: it grants control to the first approval of a takeover
// while nobody holds it, keeps the holder until that same console hands back, and publishes the holder on a
// latched topic so every console (also one that connects later) knows who drives.
import {
  STRING_TYPE,
  operatorTopics,
  parseRequest,
  parseResponse,
  toStringMsg,
  type ControlState,
  type OperatorRequest,
  type OperatorResponse,
  type RequestKind,
  type Severity,
} from '../contracts';

export interface OperatorBridgeHost {
  /** Publish on the robot's own rosbridge server (delivered to subscribed clients; latched ones kept for late subscribers). */
  publish(topic: string, type: string, msg: unknown, opts?: { latch?: boolean }): void;
  /** Receive what clients publish on a topic. Returns the unsubscribe function. */
  subscribe(topic: string, type: string, cb: (msg: unknown) => void): () => void;
  /** Whether the robot currently obeys /cmd_vel. */
  enabled(): boolean;
  pose(): { x: number; y: number; theta?: number };
  /** Why the robot is stuck right now ("blocked by the hazard zone"), or null/undefined when it is fine. */
  hazard?(): string | null | undefined;
}

export interface OperatorBridgeOptions {
  /** Namespace of the operator topics, "" for /operator/... */
  ns?: string;
  /** How often to check for trouble and ask for a takeover by itself, ms; 0 turns it off. Default 0. */
  autoRequestEveryMs?: number;
  /** Ask even without a hazard, with a made-up reason, on each auto check (demo mode). Default false. */
  askWithoutHazard?: boolean;
  /** Pending requests are re-sent this often so consoles that connect later see them, ms. Default 3000; 0 = never. */
  resendEveryMs?: number;
  robotName?: string;
  now?: () => number;
  /**
   * Behave as a stock robot: no `<ns>/operator/control` topic and no control decisions (consoles arbitrate among
   * themselves); requests can still be made on demand. Default false.
   */
  stock?: boolean;
  /** Request ids "1", "2", ... counted from 1 again after reboot() (a robot that restarted). Default false. */
  sequentialIds?: boolean;
}

export interface BridgeEvent {
  at: number;
  kind: 'request' | 'response' | 'control' | 'refused';
  detail: unknown;
}

export interface OperatorBridge {
  /** Publishes a takeover request now (for tests and demos); returns its id. */
  requestTakeover(reason?: string, opts?: { kind?: RequestKind; severity?: Severity }): string;
  control(): ControlState;
  pending(): OperatorRequest[];
  /** What happened, oldest first (bounded). */
  events(): readonly BridgeEvent[];
  /** Robot-side reset of control (e.g. a button on the robot): nobody holds it any more. */
  releaseControl(): void;
  /** The robot software restarted: open requests, known ids and control are forgotten, ids count from 1 again. */
  reboot(): void;
  stop(): void;
}

const DEMO_REASONS = ['needs confirmation at a narrow passage', 'path blocked by an unknown obstacle', 'lost localisation near the dock'];

/** Bound of the event log. */
const MAX_EVENTS = 500;

class SimOperatorBridge implements OperatorBridge {
  private readonly now: () => number;
  private readonly topics: ReturnType<typeof operatorTopics>;
  private readonly waiting = new Map<string, OperatorRequest>();
  /** Every request seen (robot-made and console-made), so decisions can be matched to a kind. */
  private readonly known = new Map<string, OperatorRequest>();
  private readonly log: BridgeEvent[] = [];
  private ctl: ControlState;
  private seq = 0;
  private demoIdx = 0;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private readonly offs: Array<() => void> = [];
  private readonly alsoOnStop: Array<() => void> = [];

  constructor(
    private readonly host: OperatorBridgeHost,
    private readonly opts: OperatorBridgeOptions,
  ) {
    this.now = opts.now ?? Date.now;
    this.topics = operatorTopics(opts.ns ?? '');
    this.ctl = { holder: '', since: this.now(), console: '' };
    this.offs.push(host.subscribe(this.topics.response, STRING_TYPE, (m) => this.onResponse(m)));
    this.offs.push(host.subscribe(this.topics.request, STRING_TYPE, (m) => this.onRequest(m)));
    this.publishControl();
    this.startTimers();
  }

  requestTakeover(reason?: string, o: { kind?: RequestKind; severity?: Severity } = {}): string {
    const req: OperatorRequest = {
      id: this.opts.sequentialIds ? String(++this.seq) : `${this.opts.robotName ?? 'robot'}-${this.now().toString(36)}-${++this.seq}`,
      kind: o.kind ?? 'takeover',
      reason: reason ?? this.host.hazard?.() ?? 'needs an operator',
      severity: o.severity ?? 'warning',
      at: this.now(),
    };
    this.waiting.set(req.id, req);
    this.known.set(req.id, req);
    this.record('request', req);
    this.publishRequest(req);
    return req.id;
  }

  control(): ControlState {
    return { ...this.ctl };
  }
  pending(): OperatorRequest[] {
    return [...this.waiting.values()];
  }
  events(): readonly BridgeEvent[] {
    return this.log;
  }

  releaseControl(): void {
    this.ctl = { holder: '', since: this.now(), console: '' };
    this.publishControl();
  }

  reboot(): void {
    this.waiting.clear();
    this.known.clear();
    this.seq = 0;
    this.releaseControl();
  }

  /** Runs `fn` first when the bridge stops. */
  onStop(fn: () => void): void {
    this.alsoOnStop.push(fn);
  }

  stop(): void {
    for (const fn of this.alsoOnStop) fn();
    for (const t of this.timers) clearInterval(t);
    for (const off of this.offs) off();
  }

  private startTimers(): void {
    const resendMs = this.opts.resendEveryMs ?? 3000;
    if (resendMs > 0) {
      this.timers.push(
        setInterval(() => {
          for (const r of this.waiting.values()) if (!r.origin) this.publishRequest(r);
        }, resendMs),
      );
    }
    const autoMs = this.opts.autoRequestEveryMs ?? 0;
    if (autoMs > 0) this.timers.push(setInterval(() => this.autoRequest(), autoMs));
  }

  /** Asks for a takeover by itself when stuck (or, in demo mode, anyway) while nobody drives and nothing waits. */
  private autoRequest(): void {
    if (this.ctl.holder !== '' || [...this.waiting.values()].some((r) => !r.origin)) return;
    const hazard = this.host.hazard?.();
    if (hazard) this.requestTakeover(hazard, { severity: 'critical' });
    else if (this.opts.askWithoutHazard) this.requestTakeover(DEMO_REASONS[this.demoIdx++ % DEMO_REASONS.length]);
  }

  private record(kind: BridgeEvent['kind'], detail: unknown): void {
    this.log.push({ at: this.now(), kind, detail });
    if (this.log.length > MAX_EVENTS) this.log.shift();
  }

  private publishControl(): void {
    if (this.opts.stock) return; // a stock robot has no control topic
    this.host.publish(this.topics.control, STRING_TYPE, toStringMsg(this.ctl), { latch: true });
    this.record('control', { ...this.ctl });
  }

  private publishRequest(req: OperatorRequest): void {
    this.host.publish(this.topics.request, STRING_TYPE, toStringMsg(req));
  }

  private sameConsole(r: OperatorResponse): boolean {
    return this.ctl.console ? r.console === this.ctl.console : r.operator === this.ctl.holder;
  }

  private onResponse(msg: unknown): void {
    const r = parseResponse(msg);
    if (!r) return;
    this.record('response', r);
    const kind = this.known.get(r.id)?.kind ?? r.kind;
    if (r.decision === 'handback') {
      this.onHandback(r);
      return;
    }
    this.waiting.delete(r.id);
    if (r.decision === 'approved' && kind === 'takeover') this.onApproval(r);
  }

  private onHandback(r: OperatorResponse): void {
    if (this.opts.stock) return;
    if (this.ctl.holder !== '' && this.sameConsole(r)) {
      this.ctl = { holder: '', since: this.now(), console: '' };
    } else {
      this.record('refused', { reason: 'hand-back from a console that does not hold control', response: r });
    }
    this.publishControl();
  }

  private onApproval(r: OperatorResponse): void {
    if (this.opts.stock) return; // a stock robot does not arbitrate
    if (this.ctl.holder === '' || this.sameConsole(r)) {
      this.ctl = { holder: r.operator, since: this.ctl.holder === '' ? this.now() : this.ctl.since, console: r.console ?? '' };
    } else {
      // Someone else already drives: keep the holder and say so again, so the late approver learns who it is.
      this.record('refused', { reason: `control held by ${this.ctl.holder}`, response: r });
    }
    this.publishControl();
  }

  private onRequest(msg: unknown): void {
    const r = parseRequest(msg);
    if (!r || this.known.has(r.id)) return;
    this.known.set(r.id, r);
    if (r.origin) this.waiting.set(r.id, r);
  }
}

export function createOperatorBridge(host: OperatorBridgeHost, opts: OperatorBridgeOptions = {}): OperatorBridge {
  return new SimOperatorBridge(host, opts);
}

/** The part of the sim's rosbridge server the bridge needs (structural, so this file imports nothing from it). */
export interface RobotGraphLike {
  advertise(name: string, type: string, node: string): (msg: object) => void;
  subscribeLocal(name: string, type: string, node: string, cb: (msg: Record<string, unknown>) => void): void;
  publishLatched(name: string, msg: object): void;
}

/**
 * Builds the host from a sim robot's rosbridge server graph API, e.g. in SimRobotImpl.setupGraph():
 *   this.operator = createOperatorBridge(hostFromGraph(s, this, () => this.hazardText()), { robotName: this.name });
 */
export function hostFromGraph(
  graph: RobotGraphLike,
  robot: { enabled: boolean; pose(): { x: number; y: number; yaw?: number } },
  hazard?: () => string | null | undefined,
  node = '/robot/operator_bridge',
): OperatorBridgeHost {
  const publishers = new Map<string, (msg: object) => void>();
  return {
    publish(topic, type, msg, opts) {
      let pub = publishers.get(topic);
      if (!pub) publishers.set(topic, (pub = graph.advertise(topic, type, node)));
      if (opts?.latch) graph.publishLatched(topic, msg as object);
      else pub(msg as object);
    },
    subscribe(topic, type, cb) {
      let on = true;
      graph.subscribeLocal(topic, type, node, (m) => {
        if (on) cb(m);
      });
      return () => {
        on = false;
      };
    },
    enabled: () => robot.enabled,
    pose: () => {
      const p = robot.pose();
      return { x: p.x, y: p.y, theta: p.yaw };
    },
    hazard,
  };
}

/** What attachOperatorBridge needs of a sim robot (SimRobotImpl has all of it). */
export interface SimRobotLike {
  name: string;
  enabled: boolean;
  pose(): { x: number; y: number; yaw?: number };
  graph: RobotGraphLike;
  /** A tick hook returning a velocity drives the robot unless fresh teleop commands or the disabled state win. */
  addTickHook(fn: (nowMs: number, dt: number) => { v: number; w: number } | null | void): () => void;
}

/**
 * One call for the sim owner: the operator bridge on the robot's graph, plus autonomy paused while an operator
 * holds control (the robot stands still between teleop commands instead of resuming its patrol).
 *   this.operator = attachOperatorBridge(this, { hazard: () => this.hazardText(), autoRequestEveryMs: 60_000 });
 * The returned bridge's stop() also removes the tick hook.
 */
export function attachOperatorBridge(
  robot: SimRobotLike,
  opts: OperatorBridgeOptions & { hazard?: () => string | null | undefined } = {},
): OperatorBridge {
  const bridge = new SimOperatorBridge(hostFromGraph(robot.graph, robot, opts.hazard), { robotName: robot.name, ...opts });
  bridge.onStop(robot.addTickHook(() => (bridge.control().holder !== '' ? { v: 0, w: 0 } : null)));
  return bridge;
}
