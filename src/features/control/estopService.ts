// E-stop and the way back, for the whole fleet: one SafetyChannel per robot link (the robot's safety state and
// the consoles' records into the fleet's safety store), F1 (runEstop per robot, work stopped through the task
// engine handed over by the composition root), the deliberate Re-enable (SetBool data:true, the robot's answer
// shown verbatim on failure) and Resume queue, each audited. No React.
import { allLinks, getLink, onLinksChanged, safetyOf, useSafetyStore } from '../../fleet';
import { SETBOOL_TYPE, newId, type SafetyRecord } from '../../contracts';
import { cmdVelPublisher } from './cmdVel';
import { consoleId } from './consoleIdentity';
import { runEstop, type EstopRecord, type EstopWorkResult } from './estop';
import { robotConfig } from './robotConfig';
import { SafetyChannel } from './safetyChannel';
import type { AuditSink } from './takeoverChannel';
import { haltTeleop } from './teleopManager';

/** What e-stop and recovery need of the robot's work (the task engine); set by the composition root. */
export interface EstopWork {
  /** Cancels the robot's goal on the robot (through its task adapter); returns the task ids. */
  cancelActive(robotId: string, reason: string): string[];
  pauseQueue(robotId: string, by: string, reason: string): void;
  resumeQueue(robotId: string, by: string): boolean;
  queuePaused(robotId: string): boolean;
}

export interface EnableResult {
  ok: boolean;
  /** The robot's own words (verbatim) or the link's error. */
  message?: string;
}

const channels = new Map<string, { link: unknown; channel: SafetyChannel }>();
let work: EstopWork | undefined;
let lastF1: { id: string; at: number; robotIds: string[] } | undefined;
const f1Listeners = new Set<() => void>();

export function setEstopWork(w: EstopWork | undefined): void {
  work = w;
}

function sync(): void {
  const current = allLinks();
  for (const [id, c] of channels) {
    if (current.get(id) !== c.link) {
      c.channel.dispose();
      channels.delete(id);
      useSafetyStore.getState().forget(id);
    }
  }
  for (const [id, link] of current) {
    if (channels.has(id)) continue;
    const channel = new SafetyChannel({ robotId: id, link, ns: robotConfig(id).ns, apply: (e) => useSafetyStore.getState().apply(id, e) });
    channels.set(id, { link, channel });
  }
}

/** Starts the safety channels on every fleet link; returns the stop function. */
export function startSafetyService(): () => void {
  useSafetyStore.setState({ consoleId: consoleId() });
  sync();
  const off = onLinksChanged(sync);
  return () => {
    off();
    for (const c of channels.values()) c.channel.dispose();
    channels.clear();
  };
}

/** Publishes this console's record on the robot's response topic (and applies it here), or only applies it. */
function sendRecord(robotId: string, r: SafetyRecord): void {
  const c = channels.get(robotId);
  if (c) c.channel.send(r);
  else useSafetyStore.getState().apply(robotId, { kind: 'record', record: r });
}

function record(id: string, decision: SafetyRecord['decision'], person: string, at: number): SafetyRecord {
  return { id, decision, operator: person, at, console: consoleId() };
}

export interface EstopRunOptions {
  person: string;
  audit: AuditSink;
}

/** F1 on these robots, in parallel; remembers them as "this F1" for Re-enable all. */
export async function estopRobots(robotIds: string[], o: EstopRunOptions): Promise<EstopRecord[]> {
  const f1 = { id: newId('f1'), at: Date.now(), robotIds: [...robotIds] };
  lastF1 = f1;
  for (const cb of f1Listeners) cb();
  return Promise.all(robotIds.map((robotId) => estopOne(robotId, f1.id, o)));
}

function estopOne(robotId: string, f1Id: string, o: EstopRunOptions): Promise<EstopRecord> {
  const link = getLink(robotId);
  const cfg = robotConfig(robotId);
  const id = newId('estop');
  const at = Date.now();
  const reason = `e-stop by ${o.person}`;
  return runEstop({
    robotId,
    link,
    person: o.person,
    enableService: cfg.enableService,
    haltTeleop: () => haltTeleop('estop', robotId),
    publishZero: (t) => {
      if (link) cmdVelPublisher(link, cfg.cmdVelTopic).publish(t);
    },
    announce: () => sendRecord(robotId, record(id, 'estop', o.person, at)),
    stopWork: (): EstopWorkResult => {
      if (!work) return { canceledTasks: [], queuePaused: false };
      const canceledTasks = work.cancelActive(robotId, reason);
      work.pauseQueue(robotId, o.person, reason);
      return { canceledTasks, queuePaused: true };
    },
    // The safety store now blocks motion for this robot (teleopManager watches it); halt again for inputs
    // that arrived since step 1.
    suspendTeleop: () => haltTeleop('estop', robotId),
    confirm: (disabled, error) => {
      const r: SafetyRecord = { ...record(id, 'estop', o.person, at), confirmed: disabled };
      if (error !== undefined) r.message = error;
      sendRecord(robotId, r);
    },
    audit: (e) => o.audit({ ...e, data: { ...e.data, f1: f1Id } }),
  });
}

/** The robots the last F1 of this console stopped that are still stopped (for "Re-enable all"). */
export function stoppedByLastF1(): string[] {
  if (!lastF1) return [];
  return lastF1.robotIds.filter((id) => safetyOf(id).phase === 'stopped');
}

export function onLastF1Changed(cb: () => void): () => void {
  f1Listeners.add(cb);
  return () => f1Listeners.delete(cb);
}

/** Deliberate re-enable: SetBool data:true. The queue stays paused and nothing moves by itself. */
export async function reEnableRobot(robotId: string, o: EstopRunOptions, timeoutMs = 5000): Promise<EnableResult> {
  const link = getLink(robotId);
  const cfg = robotConfig(robotId);
  const id = newId('enable');
  const at = Date.now();
  sendRecord(robotId, record(id, 'enable', o.person, at));
  let result: EnableResult;
  if (!link) result = { ok: false, message: 'no link to this robot' };
  else {
    try {
      const res = await link.callService<{ success?: boolean; message?: string }>(
        cfg.enableService,
        SETBOOL_TYPE,
        { data: true },
        timeoutMs,
      );
      result = res?.success === false ? { ok: false, message: res.message ?? '' } : { ok: true, message: res?.message };
    } catch (e) {
      result = { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }
  const done: SafetyRecord = { ...record(id, 'enable', o.person, at), confirmed: result.ok };
  if (result.message !== undefined) done.message = result.message;
  sendRecord(robotId, done);
  o.audit({
    at,
    robotId,
    kind: 'enable',
    person: o.person,
    data: {
      what: 'robot',
      ok: result.ok,
      message: result.message,
      service: cfg.enableService,
      queuePaused: work?.queuePaused(robotId) ?? false,
    },
  });
  return result;
}

/** A separate, deliberate act after a re-enable: the queue dispatches again. */
export function resumeRobotQueue(robotId: string, o: EstopRunOptions): boolean {
  if (!work) return false;
  const ok = work.resumeQueue(robotId, o.person);
  if (ok) o.audit({ at: Date.now(), robotId, kind: 'enable', person: o.person, data: { what: 'queue' } });
  return ok;
}

export function queuePaused(robotId: string): boolean {
  return work?.queuePaused(robotId) ?? false;
}
