// The safety part of the operator protocol (standard types only, see ROBOT_CONTRACT.md "Safety state"):
// - the robot states whether it runs or is stopped on a LATCHED std_msgs/String `<ns>/operator/safety`
//   holding `{state: "running"|"stopped", at, by?, console?, reason?}`;
// - consoles tell each other (and the robot) about an e-stop or a re-enable with a record on
//   `<ns>/operator/response`: `{id, decision: "estop"|"enable", operator, at, console, confirmed?, message?}`.
//   `confirmed` is the robot's answer to the enable service (true/false), absent while the call is under way.
//   Consoles and robots that only know approved/denied/handback ignore these decisions.
import { jsonData, num, str } from './jsonData';

export type RobotRunState = 'running' | 'stopped';

export interface SafetyStateMsg {
  state: RobotRunState;
  /** Robot epoch ms of the last change. */
  at: number;
  /** The person who stopped it, when the robot knows (from an `estop` record), or e.g. "robot" for its own button. */
  by?: string;
  /** The stopping console's id. */
  console?: string;
  reason?: string;
}

export type SafetyDecision = 'estop' | 'enable';

export interface SafetyRecord {
  id: string;
  decision: SafetyDecision;
  operator: string;
  at: number;
  console: string;
  /** The robot's answer to the SetBool call: true = done, false = refused/failed; absent = under way. */
  confirmed?: boolean;
  /** The robot's (or the link's) own words, verbatim. */
  message?: string;
}

/** `<ns>/operator/safety`; `ns` as in operatorTopics(). */
export function safetyTopic(ns = ''): string {
  const base = ns.replace(/\/+$/, '');
  const prefix = base === '' ? '' : base.startsWith('/') ? base : `/${base}`;
  return `${prefix}/operator/safety`;
}

/** The robot's safety state; undefined when the message is not one (bad JSON, unknown state). */
export function parseSafetyState(msg: unknown): SafetyStateMsg | undefined {
  const o = jsonData(msg);
  const state = str(o?.state);
  if (!o || (state !== 'running' && state !== 'stopped')) return undefined;
  const out: SafetyStateMsg = { state, at: num(o.at) ?? 0 };
  const by = str(o.by);
  const console = str(o.console);
  const reason = str(o.reason);
  if (by) out.by = by;
  if (console) out.console = console;
  if (reason) out.reason = reason;
  return out;
}

/** An e-stop or re-enable record from `<ns>/operator/response`; undefined for every other response. */
export function parseSafetyRecord(msg: unknown): SafetyRecord | undefined {
  const o = jsonData(msg);
  const id = str(o?.id);
  const decision = str(o?.decision);
  if (!o || !id || (decision !== 'estop' && decision !== 'enable')) return undefined;
  const out: SafetyRecord = { id, decision, operator: str(o.operator) ?? '', at: num(o.at) ?? 0, console: str(o.console) ?? '' };
  if (typeof o.confirmed === 'boolean') out.confirmed = o.confirmed;
  const message = str(o.message);
  if (message !== undefined) out.message = message;
  return out;
}
