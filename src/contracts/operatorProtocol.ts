// The operator protocol between a robot and consoles: JSON inside std_msgs/String on three topics under the
// robot's namespace. Shared by the console (takeover/) and the simulated robot (src/sim/operatorBridge.ts),
// so both read and write exactly the same shapes. See ROBOT_CONTRACT.md.
import { jsonData, num, str } from './jsonData';

export const STRING_TYPE = 'std_msgs/String';
export const TWIST_TYPE = 'geometry_msgs/Twist';
export const SETBOOL_TYPE = 'std_srvs/SetBool';

export type RequestKind = 'takeover' | 'help' | 'confirm';
export type Severity = 'info' | 'warning' | 'critical';
export type Decision = 'approved' | 'denied' | 'handback';

export interface OperatorRequest {
  id: string;
  kind: RequestKind;
  reason: string;
  severity: Severity;
  /** Optional: epoch ms when the robot first asked (re-sent requests keep it). */
  at?: number;
  /** Optional: who made it when a console created the request itself. */
  origin?: string;
}

export interface OperatorResponse {
  id: string;
  decision: Decision;
  /** The person's name. */
  operator: string;
  reason?: string;
  at: number;
  /** Optional extras: the deciding console's id (tells two consoles with the same person apart) and the request kind. */
  console?: string;
  kind?: RequestKind;
}

export interface ControlState {
  /** The person holding control; "" when nobody does. */
  holder: string;
  /** Epoch ms of the last change. */
  since: number;
  /** The holding console's id, "" when nobody holds control. */
  console?: string;
}

export interface Twist {
  linear: { x: number; y: number; z: number };
  angular: { x: number; y: number; z: number };
}

export const ZERO_TWIST: Twist = Object.freeze({
  linear: Object.freeze({ x: 0, y: 0, z: 0 }),
  angular: Object.freeze({ x: 0, y: 0, z: 0 }),
}) as Twist;

export function twist(linearX: number, angularZ: number): Twist {
  return { linear: { x: linearX, y: 0, z: 0 }, angular: { x: 0, y: 0, z: angularZ } };
}

export interface OperatorTopics {
  request: string;
  response: string;
  control: string;
}

/** `ns` is "" (root) or a namespace like "/robot1"; trailing slashes are ignored. */
export function operatorTopics(ns = ''): OperatorTopics {
  const base = ns.replace(/\/+$/, '');
  const prefix = base === '' ? '' : base.startsWith('/') ? base : `/${base}`;
  return { request: `${prefix}/operator/request`, response: `${prefix}/operator/response`, control: `${prefix}/operator/control` };
}

const KINDS: readonly string[] = ['takeover', 'help', 'confirm'];
const SEVERITIES: readonly string[] = ['info', 'warning', 'critical'];
const DECISIONS: readonly string[] = ['approved', 'denied', 'handback'];

/** Reads a request from a std_msgs/String message; undefined when it is not one (bad JSON, missing id). */
export function parseRequest(msg: unknown): OperatorRequest | undefined {
  const o = jsonData(msg);
  const id = str(o?.id);
  if (!o || !id) return undefined;
  const kind = str(o.kind);
  const severity = str(o.severity);
  return {
    id,
    kind: kind && KINDS.includes(kind) ? (kind as RequestKind) : 'help',
    reason: str(o.reason) ?? '',
    severity: severity && SEVERITIES.includes(severity) ? (severity as Severity) : 'warning',
    at: num(o.at),
    origin: str(o.origin),
  };
}

export function parseResponse(msg: unknown): OperatorResponse | undefined {
  const o = jsonData(msg);
  const id = str(o?.id);
  const decision = str(o?.decision);
  if (!o || id === undefined || !decision || !DECISIONS.includes(decision)) return undefined;
  const kind = str(o.kind);
  return {
    id,
    decision: decision as Decision,
    operator: str(o.operator) ?? '',
    reason: str(o.reason),
    at: num(o.at) ?? 0,
    console: str(o.console),
    kind: kind && KINDS.includes(kind) ? (kind as RequestKind) : undefined,
  };
}

export function parseControl(msg: unknown): ControlState | undefined {
  const o = jsonData(msg);
  if (!o || typeof o.holder !== 'string') return undefined;
  return { holder: o.holder, since: num(o.since) ?? 0, console: str(o.console) };
}

/** Wraps a protocol object as a std_msgs/String message. */
export function toStringMsg(value: object): { data: string } {
  return { data: JSON.stringify(value) };
}

export function newId(prefix: string): string {
  const rnd = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  return `${prefix}-${rnd}`;
}
