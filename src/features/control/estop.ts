// Emergency stop for one robot, in a fixed order: (1) halt this console's teleop and send a zero twist at once,
// (2) disable the robot through its SetBool service, (3) write the audit entry, (4) tell listeners (incidents).
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

export async function runEstop(d: EstopDeps): Promise<EstopRecord> {
  const now = d.now ?? Date.now;
  const at = now();
  d.haltTeleop?.();
  d.publishZero(ZERO_TWIST);
  const zeroSentAt = now();
  let disabled = false;
  let error: string | undefined;
  if (!d.link) {
    error = 'no link to this robot';
  } else {
    try {
      const res = await d.link.callService<{ success?: boolean; message?: string }>(
        d.enableService,
        SETBOOL_TYPE,
        { data: false },
        d.serviceTimeoutMs ?? 3000,
      );
      disabled = res?.success !== false;
      if (!disabled) error = res?.message || 'robot refused to disable';
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
  }
  const record: EstopRecord = { robotId: d.robotId, at, person: d.person, zeroSentAt, disabled, service: d.enableService };
  if (error !== undefined) record.error = error;
  d.audit({ at, robotId: d.robotId, kind: 'estop', person: d.person, data: { zeroSentAt, disabled, error, service: d.enableService } });
  for (const cb of [...listeners]) {
    try {
      cb(record);
    } catch (e) {
      console.error('[takeover] e-stop listener failed', e);
    }
  }
  return record;
}
