// Watches every robot link in the fleet for operator requests and control changes (one TakeoverChannel per
// link), mirrors them into the takeover store, writes the audit trail, and offers the actions the UI calls:
// approve, deny, take control, hand back, e-stop. No React.
import type { RobotLink } from '../../ros';
import { getAuditRepo, type AuditRepo } from './auditRepo';
import { allLinks, onLinksChanged, setConsoleNote, shownRobotName, useFleetStore } from '../../fleet';
import { compareRequests } from './requestQueue';
import { leaseTopic, operatorTopics } from '../../contracts';
import { cmdVelPublisher } from './cmdVel';
import { activateTeleop, attachTeleopInputs, deactivateTeleop, teleopRobotId } from './teleopManager';
import { beep } from './alertSound';
import { consoleId } from './consoleIdentity';
import type { EstopRecord } from './estop';
import { estopRobots, reEnableRobot, resumeRobotQueue, startSafetyService, type EnableResult } from './estopService';
import { robotConfig } from './robotConfig';
import { TakeoverChannel, type AuditSink, type BreakResult, type DecisionResult } from './takeoverChannel';
import { useTakeoverStore } from './takeoverStore';
import { zeroOnReconnect } from './linkGuard';
import { ZERO_TWIST } from '../../contracts';

const channels = new Map<string, { link: RobotLink; channel: TakeoverChannel; offs: (() => void)[] }>();
let audit: AuditSink = (e) => {
  getAuditRepo()
    .append(e)
    .catch((err: unknown) => console.error('[takeover] audit write failed', err, e));
};
let alertsOn = true;

function robotName(id: string): string {
  return shownRobotName(useFleetStore.getState().robots, id);
}

function operator(): string {
  return useTakeoverStore.getState().operatorName.trim();
}

function rebuildRequests(): void {
  const requests = [...channels.values()].flatMap((c) => c.channel.pending()).sort(compareRequests);
  useTakeoverStore.setState({ requests });
}

function open(id: string, link: RobotLink): void {
  // Before the channel listens to the link: the zero twist is the first message out after a reconnect.
  const offZero = zeroOnReconnect(
    link,
    () => channels.get(id)?.channel.holdsControl() === true,
    () => cmdVelPublisher(link, robotConfig(id).cmdVelTopic).publish(ZERO_TWIST),
  );
  const channel = new TakeoverChannel({
    robotId: id,
    robotName: () => robotName(id),
    link,
    ns: robotConfig(id).ns,
    identity: { consoleId: consoleId(), operator },
    audit: (e) => audit(e),
    listener: {
      requestsChanged: rebuildRequests,
      arbitrationChanged: (robotId, a) => {
        const ns = robotConfig(robotId).ns;
        const params = { topic: operatorTopics(ns).control, lease: leaseTopic(ns) };
        setConsoleNote(
          robotId,
          'arbitration',
          a === 'consoles' ? { at: Date.now(), textKey: 'problems.consolesArbitrate', params } : undefined,
        );
      },
      hubLeaseLost: (robotId, lost) => {
        // Driving already stopped (the control change halts teleop with a zero twist); say why.
        if (teleopRobotId() === robotId) deactivateTeleop('control');
        useTakeoverStore.getState().setNotice({ at: Date.now(), robotId, code: 'hub-lease-lost', holder: lost.by, detail: lost.message });
      },
      newRequest: (r) => {
        if (alertsOn) beep(r.severity);
      },
      controlChanged: (robotId, control, prev) => {
        const st = useTakeoverStore.getState();
        const mode = { ...st.mode };
        if (prev?.mine && !control.mine) {
          // Lost or handed back: stop driving this robot at once.
          if (teleopRobotId() === robotId) deactivateTeleop('control');
          mode[robotId] = 'auto';
        }
        useTakeoverStore.setState({ control: { ...st.control, [robotId]: control }, mode });
      },
    },
  });
  channels.set(id, { link, channel, offs: [offZero] });
}

function close(id: string): void {
  const c = channels.get(id);
  if (!c) return;
  channels.delete(id);
  if (teleopRobotId() === id) deactivateTeleop('link');
  c.channel.dispose();
  for (const off of c.offs) off();
  setConsoleNote(id, 'arbitration', undefined);
  const st = useTakeoverStore.getState();
  const control = { ...st.control };
  delete control[id];
  useTakeoverStore.setState({ control });
  rebuildRequests();
}

function sync(): void {
  const current = allLinks();
  for (const [id, c] of channels) if (current.get(id) !== c.link) close(id);
  for (const [id, link] of current) if (!channels.has(id)) open(id, link);
}

export interface TakeoverServiceOptions {
  audit?: AuditRepo;
  /** Beep on new requests (default true). */
  alerts?: boolean;
  /** Attach keyboard/gamepad/focus listeners for teleop (default: when there is a window). */
  inputs?: boolean;
}

/** Starts watching the fleet for requests and control; returns the stop function. Call once at start-up. */
export function startTakeoverService(opts: TakeoverServiceOptions = {}): () => void {
  const repo = opts.audit ?? getAuditRepo();
  alertsOn = opts.alerts ?? true;
  audit = (e) => {
    repo.append(e).catch((err: unknown) => console.error('[takeover] audit write failed', err, e));
  };
  sync();
  const stopSafety = startSafetyService();
  const offLinks = onLinksChanged(sync);
  const detachInputs = (opts.inputs ?? typeof window !== 'undefined') ? attachTeleopInputs() : () => {};
  return () => {
    detachInputs();
    offLinks();
    for (const id of [...channels.keys()]) close(id);
    deactivateTeleop('dispose');
    stopSafety();
  };
}

export function getChannel(robotId: string): TakeoverChannel | undefined {
  return channels.get(robotId)?.channel;
}

function report(robotId: string, r: DecisionResult): DecisionResult {
  if (!r.ok) {
    // Refused by the hub: who holds it, person and console.
    const code = r.error === 'held-by-other' && r.console ? 'held-at-hub' : r.error;
    useTakeoverStore.getState().setNotice({ at: Date.now(), robotId, code, holder: r.holder, detail: r.console ?? r.detail });
  } else useTakeoverStore.getState().setNotice(undefined);
  return r;
}

/** After this console got control: show the robot (fleet selection), switch it to teleop, point the panel at it. */
function enterTeleop(robotId: string): void {
  useFleetStore.getState().select(robotId);
  const st = useTakeoverStore.getState();
  useTakeoverStore.setState({ mode: { ...st.mode, [robotId]: 'teleop' }, focus: { robotId, at: Date.now() } });
  activateTeleop(robotId);
}

export async function approveRequest(robotId: string, requestId: string): Promise<DecisionResult> {
  const ch = getChannel(robotId);
  if (!ch) return report(robotId, { ok: false, error: 'unknown-request' });
  const kind = ch.pending().find((r) => r.id === requestId)?.kind;
  const r = await ch.approve(requestId);
  if (r.ok && kind === 'takeover') enterTeleop(robotId);
  else if (r.ok) useFleetStore.getState().select(robotId); // help/confirm: show the robot, no driving
  return report(robotId, r);
}

export function denyRequest(robotId: string, requestId: string, reason: string): DecisionResult {
  const ch = getChannel(robotId);
  if (!ch) return report(robotId, { ok: false, error: 'unknown-request' });
  return report(robotId, ch.deny(requestId, reason));
}

/** The console asks for control itself (no robot request). */
export async function takeControl(robotId: string, reason: string): Promise<DecisionResult> {
  const ch = getChannel(robotId);
  if (!ch) return report(robotId, { ok: false, error: 'unknown-request' });
  const r = await ch.takeControl(reason);
  if (r.ok) enterTeleop(robotId);
  return report(robotId, r);
}

export function handBack(robotId: string): DecisionResult & { durationMs?: number } {
  const ch = getChannel(robotId);
  if (!ch) return report(robotId, { ok: false, error: 'unknown-request' });
  if (teleopRobotId() === robotId) deactivateTeleop('control');
  const r = ch.handBack();
  if (r.ok) {
    const st = useTakeoverStore.getState();
    useTakeoverStore.setState({ mode: { ...st.mode, [robotId]: 'auto' } });
  }
  report(robotId, r);
  return r;
}

/**
 * A lead ends another console's stale hold (consoles arbitrate). The UI asks for confirmation first. With the hub
 * deciding, the hub breaks the lease (it checks the person is a lead and audits it), then the consoles' lease.
 */
export async function breakStaleHold(robotId: string, reason = 'stale hold broken by a lead'): Promise<BreakResult> {
  const ch = getChannel(robotId);
  if (!ch) return { ok: false, error: 'robot-arbitrates' };
  return ch.breakHoldEverywhere(reason);
}

/** Robots an e-stop acts on: the selected robot and every robot this console drives; with none, the whole fleet. */
export function estopTargets(): string[] {
  const { robots, selectedId } = useFleetStore.getState();
  const ids = new Set<string>();
  if (selectedId) ids.add(selectedId);
  const driving = teleopRobotId();
  if (driving) ids.add(driving);
  for (const [id, c] of Object.entries(useTakeoverStore.getState().control)) if (c.mine) ids.add(id);
  if (ids.size === 0) for (const r of robots) ids.add(r.id);
  return [...ids];
}

/** E-stop: zero twist, disable, cancel the goal, pause the queue, suspend teleop, audit; per target in parallel. */
export async function emergencyStop(robotIds: string[] = estopTargets()): Promise<EstopRecord[]> {
  const person = operator() || 'unknown operator';
  const records = await estopRobots(robotIds, { person, audit: (e) => audit(e) });
  const failed = records.find((r) => !r.disabled);
  useTakeoverStore.setState({
    lastEstop: records[records.length - 1],
    notice: failed ? { at: Date.now(), robotId: failed.robotId, code: 'estop-failed', detail: failed.error } : undefined,
  });
  return records;
}

/** Re-enable after an e-stop (a person's deliberate act, after a confirmation in the UI). */
export function reEnable(robotId: string): Promise<EnableResult> {
  return reEnableRobot(robotId, { person: operator() || 'unknown operator', audit: (e) => audit(e) });
}

/** Resume the robot's paused queue (a separate act from Re-enable). */
export function resumeQueue(robotId: string): boolean {
  return resumeRobotQueue(robotId, { person: operator() || 'unknown operator', audit: (e) => audit(e) });
}
