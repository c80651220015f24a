// The simulated robot's safety state (src/contracts/safetyProtocol.ts): it wraps the robot's enable service
// (std_srvs/SetBool) and states the result on the latched `<ns>/operator/safety` topic, naming the person and
// console of the e-stop record that asked for it (consoles publish one on `<ns>/operator/response` just
// before or after the call). After an e-stop the robot does not go back to its patrol by itself, also once
// re-enabled: it stands still until a person drives it (/cmd_vel) or sends it a goal (move_base).
import {
  STRING_TYPE,
  operatorTopics,
  parseSafetyRecord,
  safetyTopic,
  toStringMsg,
  type SafetyRecord,
  type SafetyStateMsg,
} from '../contracts';
import type { ServiceImpl } from './serviceCalls';

/** The parts of a sim robot the safety bridge needs (SimRobotImpl has them). */
export interface SafetyRobotLike {
  enabled: boolean;
  graph: {
    services: Map<string, ServiceImpl>;
    advertise(name: string, type: string, node: string): (msg: object) => void;
    subscribeLocal(name: string, type: string, node: string, cb: (msg: Record<string, unknown>) => void): void;
    publishLatched(name: string, msg: object): void;
  };
  addTickHook(fn: (nowMs: number, dt: number) => { v: number; w: number } | null | void): () => void;
}

export interface SafetyBridgeOptions {
  ns?: string;
  enableService?: string;
  /** Publish the safety topic (default true; false plays a stock robot that only has the SetBool service). */
  stateTopic?: boolean;
  /** Goal topics that end the post-e-stop hold (a person sent work). */
  goalTopics?: readonly { topic: string; type: string }[];
  now?: () => number;
}

export interface SafetyBridge {
  state(): SafetyStateMsg;
  /** True while the robot keeps still after an e-stop until a person drives it or sends a goal. */
  holding(): boolean;
  stop(): void;
}

const NODE = '/robot/safety';
const ATTRIBUTE_MS = 5000;

const DEFAULT_GOALS = [
  { topic: '/move_base/goal', type: 'move_base_msgs/MoveBaseActionGoal' },
  { topic: '/move_base_simple/goal', type: 'geometry_msgs/PoseStamped' },
];

export function attachSafetyBridge(robot: SafetyRobotLike, o: SafetyBridgeOptions = {}): SafetyBridge {
  const now = o.now ?? Date.now;
  const topic = safetyTopic(o.ns ?? '');
  const serviceName = o.enableService ?? '/robot/set_enabled';
  const publishTopic = o.stateTopic !== false;
  if (publishTopic) robot.graph.advertise(topic, STRING_TYPE, NODE);
  let state: SafetyStateMsg = { state: robot.enabled ? 'running' : 'stopped', at: now() };
  let asked: SafetyRecord | undefined;
  let hold = false;
  let on = true;
  const publish = (): void => {
    if (publishTopic) robot.graph.publishLatched(topic, toStringMsg(state));
  };
  const changed = (): void => {
    const at = now();
    if (robot.enabled) state = { state: 'running', at };
    else {
      state = { state: 'stopped', at };
      hold = true;
      const who = asked && Math.abs(at - asked.at) < ATTRIBUTE_MS ? asked : undefined;
      if (who) Object.assign(state, { by: who.operator, console: who.console, reason: 'e-stop' });
    }
    publish();
  };
  const original = robot.graph.services.get(serviceName);
  if (original) {
    robot.graph.services.set(serviceName, {
      ...original,
      handler: (req) => {
        const was = robot.enabled;
        const res = original.handler(req);
        if (robot.enabled !== was || (req.data === false && state.state === 'running')) changed();
        return res;
      },
    });
  }
  robot.graph.subscribeLocal(operatorTopics(o.ns ?? '').response, STRING_TYPE, NODE, (m) => {
    const r = on ? parseSafetyRecord(m) : undefined;
    if (r?.decision === 'estop' && r.confirmed === undefined) {
      asked = r;
      // The record may arrive after the disable call: name the person on the state already published.
      if (state.state === 'stopped' && !state.by && Math.abs(now() - state.at) < ATTRIBUTE_MS) {
        state = { ...state, by: r.operator, console: r.console, reason: 'e-stop' };
        publish();
      }
    }
  });
  const release = (): void => {
    if (robot.enabled) hold = false;
  };
  robot.graph.subscribeLocal('/cmd_vel', 'geometry_msgs/Twist', NODE, (m) => {
    const lin = (m.linear as { x?: number } | undefined)?.x ?? 0;
    const ang = (m.angular as { z?: number } | undefined)?.z ?? 0;
    if (on && (lin !== 0 || ang !== 0)) release();
  });
  for (const g of o.goalTopics ?? DEFAULT_GOALS) robot.graph.subscribeLocal(g.topic, g.type, NODE, () => on && release());
  // Registered after move_base: its drive (a goal a person sent) wins; otherwise the robot keeps still.
  const offTick = robot.addTickHook(() => (hold ? { v: 0, w: 0 } : null));
  publish();
  return {
    state: () => ({ ...state }),
    holding: () => hold,
    stop() {
      on = false;
      offTick();
      if (original) robot.graph.services.set(serviceName, original);
    },
  };
}
