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
  stop(): void;
}

const DEMO_REASONS = ['needs confirmation at a narrow passage', 'path blocked by an unknown obstacle', 'lost localisation near the dock'];

export function createOperatorBridge(host: OperatorBridgeHost, opts: OperatorBridgeOptions = {}): OperatorBridge {
  const now = opts.now ?? Date.now;
  const topics = operatorTopics(opts.ns ?? '');
  const pending = new Map<string, OperatorRequest>();
  /** Every request seen (robot-made and console-made), so decisions can be matched to a kind. */
  const known = new Map<string, OperatorRequest>();
  const log: BridgeEvent[] = [];
  let control: ControlState = { holder: '', since: now(), console: '' };
  let seq = 0;
  let demoIdx = 0;

  const record = (kind: BridgeEvent['kind'], detail: unknown): void => {
    log.push({ at: now(), kind, detail });
    if (log.length > 500) log.shift();
  };

  const publishControl = (): void => {
    host.publish(topics.control, STRING_TYPE, toStringMsg(control), { latch: true });
    record('control', { ...control });
  };

  const publishRequest = (req: OperatorRequest): void => {
    host.publish(topics.request, STRING_TYPE, toStringMsg(req));
  };

  const requestTakeover: OperatorBridge['requestTakeover'] = (reason, o = {}) => {
    const req: OperatorRequest = {
      id: `${opts.robotName ?? 'robot'}-${now().toString(36)}-${++seq}`,
      kind: o.kind ?? 'takeover',
      reason: reason ?? host.hazard?.() ?? 'needs an operator',
      severity: o.severity ?? 'warning',
      at: now(),
    };
    pending.set(req.id, req);
    known.set(req.id, req);
    record('request', req);
    publishRequest(req);
    return req.id;
  };

  const sameConsole = (r: OperatorResponse): boolean => (control.console ? r.console === control.console : r.operator === control.holder);

  const onResponse = (msg: unknown): void => {
    const r = parseResponse(msg);
    if (!r) return;
    record('response', r);
    const req = known.get(r.id);
    const kind = req?.kind ?? r.kind;
    if (r.decision === 'handback') {
      if (control.holder !== '' && sameConsole(r)) {
        control = { holder: '', since: now(), console: '' };
        publishControl();
      } else {
        record('refused', { reason: 'hand-back from a console that does not hold control', response: r });
        publishControl();
      }
      return;
    }
    pending.delete(r.id);
    if (r.decision !== 'approved' || kind !== 'takeover') return;
    if (control.holder === '' || sameConsole(r)) {
      control = { holder: r.operator, since: control.holder === '' ? now() : control.since, console: r.console ?? '' };
      publishControl();
    } else {
      // Someone else already drives: keep the holder and say so again, so the late approver learns who it is.
      record('refused', { reason: `control held by ${control.holder}`, response: r });
      publishControl();
    }
  };

  const onRequest = (msg: unknown): void => {
    const r = parseRequest(msg);
    if (!r || known.has(r.id)) return;
    known.set(r.id, r);
    if (r.origin) pending.set(r.id, r);
  };

  const offResponse = host.subscribe(topics.response, STRING_TYPE, onResponse);
  const offRequest = host.subscribe(topics.request, STRING_TYPE, onRequest);
  publishControl();

  const timers: ReturnType<typeof setInterval>[] = [];
  const resendMs = opts.resendEveryMs ?? 3000;
  if (resendMs > 0) {
    timers.push(
      setInterval(() => {
        for (const r of pending.values()) if (!r.origin) publishRequest(r);
      }, resendMs),
    );
  }
  const autoMs = opts.autoRequestEveryMs ?? 0;
  if (autoMs > 0) {
    timers.push(
      setInterval(() => {
        if (control.holder !== '' || [...pending.values()].some((r) => !r.origin)) return;
        const hazard = host.hazard?.();
        if (hazard) requestTakeover(hazard, { severity: 'critical' });
        else if (opts.askWithoutHazard) requestTakeover(DEMO_REASONS[demoIdx++ % DEMO_REASONS.length]);
      }, autoMs),
    );
  }

  return {
    requestTakeover,
    control: () => ({ ...control }),
    pending: () => [...pending.values()],
    events: () => log,
    releaseControl() {
      control = { holder: '', since: now(), console: '' };
      publishControl();
    },
    stop() {
      for (const t of timers) clearInterval(t);
      offResponse();
      offRequest();
    },
  };
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
  const bridge = createOperatorBridge(hostFromGraph(robot.graph, robot, opts.hazard), { robotName: robot.name, ...opts });
  const removeHook = robot.addTickHook(() => (bridge.control().holder !== '' ? { v: 0, w: 0 } : null));
  const stop = bridge.stop;
  return {
    ...bridge,
    stop() {
      removeHook();
      stop();
    },
  };
}
