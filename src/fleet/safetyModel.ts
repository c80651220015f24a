// One robot's safety state as a person must see it: what the ROBOT confirmed, not what a console assumes.
// Pure: events in, a new view out (tests drive it directly; safetyStore.ts keeps one view per robot).
//
// Sources, strongest first: the robot's latched `<ns>/operator/safety` topic; the robot's answer to the enable
// service (SetBool), relayed by the console that called it in an `estop`/`enable` record on
// `<ns>/operator/response`. A request the robot has not answered yet is shown as such ("stop requested, not
// confirmed"), never as done.
import type { SafetyRecord, SafetyStateMsg } from '../contracts';

export type SafetyPhase = 'running' | 'stopped' | 'reenabling' | 'unknown';

export interface PendingStop {
  by: string;
  at: number;
  console: string;
  /** The robot's (or the link's) words when it did not confirm the stop. */
  error?: string;
}

export interface SafetyView {
  phase: SafetyPhase;
  /** Who stopped it, when (epoch ms), from which console id. */
  stoppedBy?: string;
  stoppedAt?: number;
  stoppedFrom?: string;
  /** What the phase rests on. */
  confirmedBy: 'topic' | 'service' | 'none';
  /** The robot publishes the safety topic (then only the topic says "running" after a re-enable). */
  robotStates: boolean;
  /** A stop someone asked for that the robot has not confirmed (yet, or refused: `error`). */
  pendingStop?: PendingStop;
  /** The robot's answer, verbatim, when a re-enable failed. */
  enableError?: string;
  /** Who asked for the re-enable under way. */
  reenableBy?: string;
  reason?: string;
}

export type SafetyEvent =
  | { kind: 'topic'; msg: SafetyStateMsg }
  | { kind: 'record'; record: SafetyRecord }
  /** The link to the robot went down: what the robot says is no longer known (a stop stays shown). */
  | { kind: 'link-lost' };

export const UNKNOWN_SAFETY: SafetyView = Object.freeze({ phase: 'unknown', confirmedBy: 'none', robotStates: false }) as SafetyView;

function stopped(
  v: SafetyView,
  by: string | undefined,
  at: number | undefined,
  from: string | undefined,
  src: 'topic' | 'service',
): SafetyView {
  const next: SafetyView = { phase: 'stopped', confirmedBy: src, robotStates: v.robotStates || src === 'topic' };
  const who = by ?? v.pendingStop?.by ?? (v.phase === 'stopped' ? v.stoppedBy : undefined);
  const when = at ?? v.pendingStop?.at ?? v.stoppedAt;
  const console = from ?? v.pendingStop?.console ?? v.stoppedFrom;
  if (who) next.stoppedBy = who;
  if (when !== undefined) next.stoppedAt = when;
  if (console) next.stoppedFrom = console;
  if (v.reason && src !== 'topic') next.reason = v.reason;
  return next;
}

function onTopic(v: SafetyView, m: SafetyStateMsg): SafetyView {
  if (m.state === 'stopped') {
    // The robot's own word on who stopped it wins; else the e-stop record that asked for it.
    const next = stopped(v, m.by, v.pendingStop?.at ?? v.stoppedAt ?? (m.at || undefined), m.console, 'topic');
    if (m.reason) next.reason = m.reason;
    return next;
  }
  const next: SafetyView = { phase: 'running', confirmedBy: 'topic', robotStates: true };
  // A stop asked for after the robot last said "running" and not answered yet stays visible.
  if (v.pendingStop && v.pendingStop.at > m.at && v.phase !== 'reenabling') next.pendingStop = v.pendingStop;
  return next;
}

function onEstopRecord(v: SafetyView, r: SafetyRecord): SafetyView {
  const asked: PendingStop = { by: r.operator, at: r.at, console: r.console };
  if (r.confirmed === true) {
    return stopped({ ...v, pendingStop: asked }, r.operator, r.at, r.console, v.robotStates && v.phase === 'stopped' ? 'topic' : 'service');
  }
  if (r.confirmed === false) {
    const error = r.message || 'not confirmed';
    // A robot that already says it is stopped stays stopped; the failed call is still shown.
    return { ...v, pendingStop: { ...asked, error } };
  }
  return { ...v, pendingStop: asked };
}

function onEnableRecord(v: SafetyView, r: SafetyRecord): SafetyView {
  if (r.confirmed === undefined) {
    if (v.phase === 'running') return v;
    const next: SafetyView = { ...v, phase: 'reenabling', reenableBy: r.operator };
    delete next.enableError;
    return next;
  }
  if (r.confirmed === false) {
    const next: SafetyView = { ...v, phase: v.phase === 'running' ? 'running' : 'stopped', enableError: r.message || 'refused' };
    delete next.reenableBy;
    return next;
  }
  // Enabled by the service's answer. A robot that states its safety says "running" itself (maybe already did).
  if (v.robotStates && v.phase !== 'running') return { ...v, phase: 'reenabling', reenableBy: r.operator, pendingStop: undefined };
  return { phase: 'running', confirmedBy: v.robotStates ? 'topic' : 'service', robotStates: v.robotStates };
}

export function applySafety(v: SafetyView, e: SafetyEvent): SafetyView {
  switch (e.kind) {
    case 'topic':
      return onTopic(v, e.msg);
    case 'record':
      return e.record.decision === 'estop' ? onEstopRecord(v, e.record) : onEnableRecord(v, e.record);
    case 'link-lost':
      // Nothing the robot said is current any more; a stop (asked or confirmed) stays shown: safer.
      if (v.phase === 'stopped' || v.pendingStop) return v.phase === 'reenabling' ? { ...v, phase: 'stopped' } : v;
      return { ...UNKNOWN_SAFETY, robotStates: v.robotStates };
  }
}

/** Motion is refused while the robot is (or may be) stopped or being re-enabled; "unknown" alone does not block. */
export function motionBlocked(v: SafetyView | undefined): boolean {
  if (!v) return false;
  return v.phase === 'stopped' || v.phase === 'reenabling' || v.pendingStop !== undefined;
}
