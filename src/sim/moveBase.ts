// A simulated actionlib move_base server (plus the plain /move_base_simple/goal topic), self-contained, for
// the simulated robot. It behaves like the real one the console was checked against (rosbridge fixture 14):
//   - /move_base/status (actionlib_msgs/GoalStatusArray) at 5 Hz, whether or not a goal is active; finished
//     goals stay listed for 5 s;
//   - /move_base/feedback (move_base_msgs/MoveBaseActionFeedback) with feedback.base_position at 5 Hz while active;
//   - /move_base/result (move_base_msgs/MoveBaseActionResult): status.goal_id.id = the client's id and
//     status 3 SUCCEEDED "reached", 4 ABORTED with the reason ("goal (x, y) is inside an obstacle",
//     "path blocked by hazard zone", ...), 2 PREEMPTED "canceled" after /move_base/cancel {id} or
//     "preempted by a new goal" when another goal arrives;
//   - a goal with an empty id gets one made up like actionlib's ("/move_base-<n>-<secs>.<nsecs>").
//
// Wiring: `attachMoveBase(robot, site)` at the bottom does all of this for a SimRobotImpl. By hand:
//   const mb = new SimMoveBase({
//     pose: () => ({ x: this.x, y: this.y, yaw: this.yaw }),
//     publish: (topic, msg) => this.pub[topic]!(msg),       // advertise every MOVE_BASE_TOPICS.publishes entry first
//     isFree: (x, y) => isFree(x, y, 0.3),                   // siteMap.isFree: occupancy + footprint
//     hazards: () => [rectPolygon(HAZARD_ZONE)],             // paths never enter these
//     bounds: { minX: 0, minY: 0, maxX: MAP_WIDTH_M, maxY: MAP_HEIGHT_M },
//     now: nowMs, log: (l) => this.log.robot('INFO', l),
//   });
//   for (const t of MOVE_BASE_TOPICS.subscribes) s.subscribeLocal(t.topic, t.type, node, (m) => mb.onMessage(t.topic, m));
//   // in command(now): const c = mb.update(now); if (c) return c;   (teleop may still take precedence)
// update() must be called every tick (it also publishes status at 5 Hz). The host integrates {v, w} and does
// its own collision check; when the robot makes no progress for `stuckSec`, the goal is aborted.
import { inPolygon, planPath, type Point } from './planner';

export interface MoveBaseHost {
  /** Robot pose in the map frame. */
  pose(): { x: number; y: number; yaw: number };
  /** Publish a message on one of MOVE_BASE_TOPICS.publishes. */
  publish(topic: string, msg: object): void;
  /** True where the robot can stand (occupancy and footprint). */
  isFree(x: number, y: number): boolean;
  /** Polygons (map frame) that paths must not enter, e.g. the hazard zone. */
  hazards?(): ReadonlyArray<ReadonlyArray<Point>>;
  /** Area the planner searches. */
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
  /** Epoch ms. */
  now(): number;
  log?(line: string): void;
}

export interface MoveBaseOptions {
  ns?: string;
  simpleGoalTopic?: string;
  maxSpeed?: number;
  maxTurn?: number;
  xyTolerance?: number;
  yawTolerance?: number;
  /** Seconds without getting closer to the next waypoint before aborting. */
  stuckSec?: number;
  resolution?: number;
  /** Extra distance from obstacles the planner tries to keep, metres. */
  clearance?: number;
}

export const GOAL_STATUS = { PENDING: 0, ACTIVE: 1, PREEMPTED: 2, SUCCEEDED: 3, ABORTED: 4, REJECTED: 5 } as const;
const ACCEPTED_TEXT = 'This goal has been accepted by the simple action server';
const STATUS_PERIOD_MS = 200;
const KEEP_FINISHED_MS = 5000;

export function moveBaseTopics(ns = '/move_base', simpleGoalTopic = '/move_base_simple/goal') {
  return {
    publishes: [
      { topic: `${ns}/status`, type: 'actionlib_msgs/GoalStatusArray' },
      { topic: `${ns}/feedback`, type: 'move_base_msgs/MoveBaseActionFeedback' },
      { topic: `${ns}/result`, type: 'move_base_msgs/MoveBaseActionResult' },
    ],
    subscribes: [
      { topic: `${ns}/goal`, type: 'move_base_msgs/MoveBaseActionGoal' },
      { topic: `${ns}/cancel`, type: 'actionlib_msgs/GoalID' },
      { topic: simpleGoalTopic, type: 'geometry_msgs/PoseStamped' },
    ],
  } as const;
}
export const MOVE_BASE_TOPICS = moveBaseTopics();

interface Stamp {
  secs: number;
  nsecs: number;
}
interface GoalIdMsg {
  id: string;
  stamp: Stamp;
}
interface Goal {
  goalId: GoalIdMsg;
  x: number;
  y: number;
  yaw: number;
  status: number;
  text: string;
  path: Point[];
  wp: number;
  bestDist: number;
  lastProgressAt: number;
  finishedAt?: number;
}

const stampOf = (ms: number): Stamp => {
  const secs = Math.floor(ms / 1000);
  return { secs, nsecs: Math.min(999_999_999, Math.round((ms - secs * 1000) * 1e6)) };
};
const wrap = (a: number): number => Math.atan2(Math.sin(a), Math.cos(a));
const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));
const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);
const f2 = (n: number): string => n.toFixed(2);

export class SimMoveBase {
  private goals: Goal[] = [];
  private current?: Goal;
  private lastStatusAt = -Infinity;
  private seq = { status: 0, feedback: 0, result: 0 };
  private made = 0;
  private readonly ns: string;
  private readonly simpleTopic: string;
  private readonly o: Required<Omit<MoveBaseOptions, 'ns' | 'simpleGoalTopic'>>;

  constructor(
    private readonly host: MoveBaseHost,
    opts: MoveBaseOptions = {},
  ) {
    this.ns = opts.ns ?? '/move_base';
    this.simpleTopic = opts.simpleGoalTopic ?? '/move_base_simple/goal';
    this.o = {
      maxSpeed: opts.maxSpeed ?? 0.6,
      maxTurn: opts.maxTurn ?? 1.2,
      xyTolerance: opts.xyTolerance ?? 0.15,
      yawTolerance: opts.yawTolerance ?? 0.15,
      stuckSec: opts.stuckSec ?? 6,
      resolution: opts.resolution ?? 0.2,
      clearance: opts.clearance ?? 0.2,
    };
  }

  /** The goal being driven to, if any (for the host's own display or tests). */
  activeGoal(): { id: string; x: number; y: number; path: readonly Point[] } | undefined {
    const g = this.current;
    return g ? { id: g.goalId.id, x: g.x, y: g.y, path: g.path } : undefined;
  }

  /** Route a message the host received on one of MOVE_BASE_TOPICS.subscribes. */
  onMessage(topic: string, msg: unknown): void {
    if (topic === `${this.ns}/goal`) this.onGoal(msg);
    else if (topic === `${this.ns}/cancel`) this.onCancel(msg);
    else if (topic === this.simpleTopic) this.onSimpleGoal(msg);
  }

  onGoal(msg: unknown): void {
    const m = (msg ?? {}) as { goal_id?: { id?: string; stamp?: Stamp }; goal?: { target_pose?: unknown } };
    const now = this.host.now();
    let id = m.goal_id?.id ?? '';
    if (!id) id = this.makeId(now);
    const stamp = m.goal_id?.stamp && (m.goal_id.stamp.secs || m.goal_id.stamp.nsecs) ? m.goal_id.stamp : stampOf(now);
    this.accept({ id, stamp }, m.goal?.target_pose);
  }

  onSimpleGoal(msg: unknown): void {
    const now = this.host.now();
    this.accept({ id: this.makeId(now), stamp: stampOf(now) }, msg);
  }

  onCancel(msg: unknown): void {
    const m = (msg ?? {}) as { id?: string; stamp?: Stamp };
    const id = m.id ?? '';
    const before = m.stamp && (m.stamp.secs || m.stamp.nsecs) ? m.stamp.secs * 1000 + m.stamp.nsecs / 1e6 : undefined;
    for (const g of this.goals) {
      if (g.finishedAt !== undefined) continue;
      const stampMs = g.goalId.stamp.secs * 1000 + g.goalId.stamp.nsecs / 1e6;
      const hit = id ? g.goalId.id === id : before === undefined || stampMs <= before;
      if (hit) this.finish(g, GOAL_STATUS.PREEMPTED, 'canceled');
    }
  }

  /**
   * Call every tick: publishes status at 5 Hz and feedback while active, follows the path, and returns the
   * velocity to apply, or null when move_base is not driving (the host does whatever else it does).
   */
  update(now = this.host.now()): { v: number; w: number } | null {
    this.goals = this.goals.filter((g) => g.finishedAt === undefined || now - g.finishedAt < KEEP_FINISHED_MS);
    let cmd: { v: number; w: number } | null = null;
    const g = this.current;
    if (g) cmd = this.follow(g, now);
    if (now - this.lastStatusAt >= STATUS_PERIOD_MS) {
      this.lastStatusAt = now;
      this.publishStatus(now);
      if (this.current) this.publishFeedback(this.current, now);
    }
    return cmd;
  }

  private makeId(now: number): string {
    const s = stampOf(now);
    this.made += 1;
    return `${this.ns}-${this.made}-${s.secs}.${String(s.nsecs).padStart(9, '0')}`;
  }

  private accept(goalId: GoalIdMsg, targetPose: unknown): void {
    const now = this.host.now();
    const tp = (targetPose ?? {}) as {
      header?: { frame_id?: string };
      pose?: { position?: { x?: unknown; y?: unknown }; orientation?: { x?: unknown; y?: unknown; z?: unknown; w?: unknown } };
    };
    const x = num(tp.pose?.position?.x);
    const y = num(tp.pose?.position?.y);
    const q = tp.pose?.orientation ?? {};
    const qz = num(q.z ?? 0);
    const qw = num(q.w ?? 1);
    const yaw = Number.isFinite(qz) && Number.isFinite(qw) && (qz || qw) ? 2 * Math.atan2(qz, qw) : 0;
    const goal: Goal = {
      goalId,
      x,
      y,
      yaw,
      status: GOAL_STATUS.ACTIVE,
      text: ACCEPTED_TEXT,
      path: [],
      wp: 1,
      bestDist: Infinity,
      lastProgressAt: now,
    };
    this.goals = this.goals.filter((g) => g.goalId.id !== goalId.id);
    this.goals.push(goal);
    if (this.current) this.finish(this.current, GOAL_STATUS.PREEMPTED, 'preempted by a new goal');
    this.host.log?.(`move_base goal (${x.toFixed(3)}, ${y.toFixed(3)}) frame=${tp.header?.frame_id ?? ''} id=${goalId.id}`);

    const frame = (tp.header?.frame_id ?? '').replace(/^\//, '');
    if (frame && frame !== 'map') return this.finish(goal, GOAL_STATUS.ABORTED, `goal frame "${frame}" is not map`);
    if (!Number.isFinite(x) || !Number.isFinite(y)) return this.finish(goal, GOAL_STATUS.ABORTED, 'goal position is not a number');
    if (!this.host.isFree(x, y)) return this.finish(goal, GOAL_STATUS.ABORTED, `goal (${f2(x)}, ${f2(y)}) is inside an obstacle`);
    const polys = this.host.hazards?.() ?? [];
    const inHazard = (px: number, py: number): boolean => polys.some((p) => inPolygon({ x: px, y: py }, p));
    if (inHazard(x, y)) return this.finish(goal, GOAL_STATUS.ABORTED, 'path blocked by hazard zone');
    const pose = this.host.pose();
    const base = { bounds: this.host.bounds, resolution: this.o.resolution };
    // Keep some clearance from walls (the body sways off the line while turning); without it as a fallback.
    const c = this.o.clearance;
    const roomy = (px: number, py: number): boolean =>
      this.host.isFree(px, py) &&
      [0, 1, 2, 3, 4, 5, 6, 7].every((k) => this.host.isFree(px + c * Math.cos((k * Math.PI) / 4), py + c * Math.sin((k * Math.PI) / 4)));
    let safe = planPath(pose, goal, { ...base, blocked: (px, py) => !roomy(px, py) || inHazard(px, py) });
    if (!safe.ok) safe = planPath(pose, goal, { ...base, blocked: (px, py) => !this.host.isFree(px, py) || inHazard(px, py) });
    if (!safe.ok) {
      const any = polys.length ? planPath(pose, goal, { ...base, blocked: (px, py) => !this.host.isFree(px, py) }) : safe;
      const reason = any.ok ? 'path blocked by hazard zone' : `no path from (${f2(pose.x)}, ${f2(pose.y)}) to goal (${f2(x)}, ${f2(y)})`;
      return this.finish(goal, GOAL_STATUS.ABORTED, reason);
    }
    goal.path = safe.path;
    this.current = goal;
  }

  private follow(g: Goal, now: number): { v: number; w: number } | null {
    const p = this.host.pose();
    const last = g.wp >= g.path.length - 1;
    const target = g.path[Math.min(g.wp, g.path.length - 1)] ?? { x: g.x, y: g.y };
    const dist = Math.hypot(target.x - p.x, target.y - p.y);
    if (dist + 0.02 < g.bestDist) {
      g.bestDist = dist;
      g.lastProgressAt = now;
    }
    if (!last && dist < 0.2) {
      g.wp += 1;
      g.bestDist = Infinity;
      g.lastProgressAt = now;
      return this.follow(g, now);
    }
    if (last && dist <= this.o.xyTolerance) {
      const yawErr = wrap(g.yaw - p.yaw);
      if (Math.abs(yawErr) <= this.o.yawTolerance) {
        this.finish(g, GOAL_STATUS.SUCCEEDED, 'reached');
        return { v: 0, w: 0 };
      }
      g.lastProgressAt = now;
      return { v: 0, w: clamp(2 * yawErr, -this.o.maxTurn, this.o.maxTurn) };
    }
    if (now - g.lastProgressAt > this.o.stuckSec * 1000) {
      this.finish(g, GOAL_STATUS.ABORTED, `robot stuck at (${f2(p.x)}, ${f2(p.y)}): no progress for ${this.o.stuckSec} s`);
      return { v: 0, w: 0 };
    }
    const err = wrap(Math.atan2(target.y - p.y, target.x - p.x) - p.yaw);
    const v = Math.abs(err) < 0.25 ? Math.min(this.o.maxSpeed, dist * 1.2 + 0.08) : 0;
    return { v, w: clamp(2.5 * err, -this.o.maxTurn, this.o.maxTurn) };
  }

  private finish(g: Goal, status: number, text: string): void {
    const now = this.host.now();
    g.status = status;
    g.text = text;
    g.finishedAt = now;
    if (this.current === g) this.current = undefined;
    this.host.log?.(`move_base result ok=${status === GOAL_STATUS.SUCCEEDED ? 'True' : 'False'} reason=${text}`);
    this.host.publish(`${this.ns}/result`, {
      header: { seq: ++this.seq.result, stamp: stampOf(now), frame_id: '' },
      status: { goal_id: g.goalId, status, text },
      result: {},
    });
  }

  private publishStatus(now: number): void {
    this.host.publish(`${this.ns}/status`, {
      header: { seq: ++this.seq.status, stamp: stampOf(now), frame_id: '' },
      status_list: this.goals.map((g) => ({ goal_id: g.goalId, status: g.status, text: g.text })),
    });
  }

  private publishFeedback(g: Goal, now: number): void {
    const p = this.host.pose();
    this.host.publish(`${this.ns}/feedback`, {
      header: { seq: ++this.seq.feedback, stamp: stampOf(now), frame_id: '' },
      status: { goal_id: g.goalId, status: g.status, text: g.text },
      feedback: {
        base_position: {
          header: { seq: 0, stamp: stampOf(now), frame_id: 'map' },
          pose: { position: { x: p.x, y: p.y, z: 0 }, orientation: { x: 0, y: 0, z: Math.sin(p.yaw / 2), w: Math.cos(p.yaw / 2) } },
        },
      },
    });
  }
}

/** Axis-aligned rectangle as a polygon, for hazards given as {x0,y0,x1,y1}. */
export function rectPolygon(r: { x0: number; y0: number; x1: number; y1: number }): Point[] {
  return [
    { x: r.x0, y: r.y0 },
    { x: r.x1, y: r.y0 },
    { x: r.x1, y: r.y1 },
    { x: r.x0, y: r.y1 },
  ];
}

/** The parts of a simulated robot attachMoveBase needs (SimRobotImpl has them: graph, addTickHook, pose). */
export interface MoveBaseRobot {
  graph: {
    advertise(name: string, type: string, node: string): (msg: object) => void;
    subscribeLocal(name: string, type: string, node: string, cb: (msg: Record<string, unknown>) => void): void;
  };
  addTickHook(fn: (nowMs: number, dt: number) => { v: number; w: number } | null | void): () => void;
  pose(): { x: number; y: number; yaw: number };
}

/**
 * One-call wiring for the sim: advertises the action topics on the robot's graph as node /move_base,
 * subscribes goal/cancel/simple goal, and drives the robot from its tick hook. Returns the server and a detach.
 *   attachMoveBase(robot, { isFree: (x, y) => isFree(x, y, 0.3), hazards: () => [rectPolygon(HAZARD_ZONE)],
 *                           bounds: { minX: 0, minY: 0, maxX: MAP_WIDTH_M, maxY: MAP_HEIGHT_M } });
 */
export function attachMoveBase(
  robot: MoveBaseRobot,
  site: Pick<MoveBaseHost, 'isFree' | 'hazards' | 'bounds' | 'log'> & { now?: () => number },
  opts: MoveBaseOptions = {},
): { moveBase: SimMoveBase; detach(): void } {
  const topics = moveBaseTopics(opts.ns, opts.simpleGoalTopic);
  const node = opts.ns ?? '/move_base';
  const pubs = new Map<string, (msg: object) => void>();
  for (const t of topics.publishes) pubs.set(t.topic, robot.graph.advertise(t.topic, t.type, node));
  const moveBase = new SimMoveBase(
    {
      pose: () => robot.pose(),
      publish: (topic, msg) => pubs.get(topic)?.(msg),
      isFree: site.isFree,
      hazards: site.hazards,
      bounds: site.bounds,
      now: site.now ?? Date.now,
      log: site.log,
    },
    opts,
  );
  let attached = true;
  for (const t of topics.subscribes) {
    robot.graph.subscribeLocal(t.topic, t.type, node, (m) => {
      if (attached) moveBase.onMessage(t.topic, m);
    });
  }
  const off = robot.addTickHook((now) => (attached ? moveBase.update(now) : null));
  return {
    moveBase,
    detach: () => {
      attached = false;
      off();
    },
  };
}
