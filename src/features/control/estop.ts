// Emergency stop for one robot, in a fixed order: (1) halt this console's teleop and send a zero twist at once,
// (2) send the disable call (SetBool false), (3) tell the other consoles (`estop` record), (4) stop the work:
// cancel the robot's active goal through its task adapter and pause its queue, (5) suspend teleop, then wait for
// the robot's answer to (2), (6) write one audit entry with every step, (7) tell listeners (incidents).
// Steps 3-5 do not wait for the robot's answer: a hung enable service must not keep the goal running.
// It needs no control: stopping is always allowed, from any console, in any mode.
import type { RobotLink } from '../../ros';
import type { AuditSink } from './takeoverChannel';
import { SETBOOL_TYPE, ZERO_TWIST, type Twist } from '../../contracts';

export interface EstopRecord {
  robotId: string;
  at: number;
  person: string;
  /** Console epoch ms when the zero twist went out. */
  zeroSentAt: number;
  /** True when the robot confirmed it is disabled. */
  disabled: boolean;
  /** The robot's (or the link's) own words when disabling failed. */
  error?: string;
  service: string;
  /** Tasks whose goal was canceled on the robot (ids), and whether the queue was paused. */
  canceledTasks: string[];
  queuePaused: boolean;
}

/** What the e-stop does to the robot's work (the task engine, handed over by the composition root). */
export interface EstopWorkResult {
  canceledTasks: string[];
  queuePaused: boolean;
}

export interface EstopDeps {
  robotId: string;
  link: RobotLink | undefined;
  publishZero: (t: Twist) => void;
  enableService: string;
  person: string;
  audit: AuditSink;
  /** Stops this console's own teleop first, so no motion is queued behind the zero twist. */
  haltTeleop?: () => void;
  /** Step 3: tells the other consoles a stop was asked for (before the robot answered). */
  announce?: () => void;
  /** Step 4: cancels the active goal and pauses the queue. */
  stopWork?: () => EstopWorkResult;
  /** Step 5: keeps teleop from sending motion while the robot is stopped. */
  suspendTeleop?: () => void;
  /** After the robot answered: tells the other consoles whether it confirmed the stop. */
  confirm?: (disabled: boolean, error: string | undefined) => void;
  now?: () => number;
  serviceTimeoutMs?: number;
}

type EstopListener = (r: EstopRecord) => void;
const listeners = new Set<EstopListener>();

/** Other features (incidents) hook e-stops here. Returns the unsubscribe function. */
export function onEstop(cb: EstopListener): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

function callDisable(d: EstopDeps): Promise<{ disabled: boolean; error?: string }> {
  if (!d.link) return Promise.resolve({ disabled: false, error: 'no link to this robot' });
  return d.link
    .callService<{ success?: boolean; message?: string }>(d.enableService, SETBOOL_TYPE, { data: false }, d.serviceTimeoutMs ?? 3000)
    .then(
      (res) => (res?.success !== false ? { disabled: true } : { disabled: false, error: res?.message || 'robot refused to disable' }),
      (e: unknown) => ({ disabled: false, error: e instanceof Error ? e.message : String(e) }),
    );
}

function safely<T>(what: string, fn: (() => T) | undefined, fallback: T): T {
  if (!fn) return fallback;
  try {
    return fn();
  } catch (e) {
    console.error(`[estop] ${what} failed`, e);
    return fallback;
  }
}

export async function runEstop(d: EstopDeps): Promise<EstopRecord> {
  const now = d.now ?? Date.now;
  const at = now();
  d.haltTeleop?.();
  d.publishZero(ZERO_TWIST);
  const zeroSentAt = now();
  const answer = callDisable(d);
  safely('announce', d.announce, undefined);
  const work = safely('stop work', d.stopWork, { canceledTasks: [], queuePaused: false });
  safely('suspend teleop', d.suspendTeleop, undefined);
  const { disabled, error } = await answer;
  safely('confirm', d.confirm && (() => d.confirm!(disabled, error)), undefined);
  const record: EstopRecord = { robotId: d.robotId, at, person: d.person, zeroSentAt, disabled, service: d.enableService, ...work };
  if (error !== undefined) record.error = error;
  d.audit({
    at,
    robotId: d.robotId,
    kind: 'estop',
    person: d.person,
    data: { zeroSentAt, disabled, error, service: d.enableService, ...work, teleop: d.suspendTeleop ? 'suspended' : 'none' },
  });
  for (const cb of [...listeners]) {
    try {
      cb(record);
    } catch (e) {
      console.error('[takeover] e-stop listener failed', e);
    }
  }
  return record;
}
