// The types of one robot's operator channel (takeoverChannel.ts), apart so that the channel stays readable.
import type { AuditEntry } from './auditRepo';
import type { RobotLink } from '../../ros';
import type { ControlState } from '../../contracts';
import type { Arbitration } from './stockControl';
import type { PendingRequest } from './requestQueue';
import type { HubLeaseClient, LeaseLoss } from '../../sync';

export interface ControlView extends ControlState {
  /** True when this console holds control. */
  mine: boolean;
  /** Who decides: the robot, or (stock robot) the consoles among themselves. */
  arbitration?: Arbitration;
  /** Consoles arbitrate and the holder's lease has not been renewed for a while (a lead may break it). */
  stale?: boolean;
  /** Console epoch ms of the holder's last lease renewal heard (consoles arbitrate). */
  renewedAt?: number;
  /** Stock robot: who decides who drives now, the site hub (connected) or the consoles alone (fallback). */
  authority?: 'hub' | 'consoles';
}

export interface ChannelIdentity {
  consoleId: string;
  operator(): string;
}

export type AuditSink = (entry: Omit<AuditEntry, 'id'>) => void;

export interface ChannelListener {
  requestsChanged?(robotId: string, pending: PendingRequest[]): void;
  newRequest?(req: PendingRequest): void;
  controlChanged?(robotId: string, control: ControlView, previous: ControlView | undefined): void;
  arbitrationChanged?(robotId: string, arbitration: Arbitration): void;
  /** This console's lease at the hub ended without its asking (control is gone; driving stopped). */
  hubLeaseLost?(robotId: string, lost: HubLost): void;
}

/** This console's hub lease ended without its asking (hubControl.ts): why, in words, and who broke it. */
export interface HubLost {
  why: LeaseLoss;
  message: string;
  by?: string;
}

export type DecisionResult =
  | { ok: true }
  | {
      ok: false;
      error: 'held-by-other' | 'unknown-request' | 'no-operator' | 'no-answer' | 'hub-refused';
      holder?: string;
      /** held-by-other at the hub: the holder's console. */
      console?: string;
      /** hub-refused: what the hub said. */
      detail?: string;
    };

export interface TakeoverChannelOptions {
  robotId: string;
  robotName?: () => string;
  link: RobotLink;
  ns?: string;
  identity: ChannelIdentity;
  audit: AuditSink;
  listener?: ChannelListener;
  now?: () => number;
  /** How long approve/takeControl wait for the robot to name the new holder, ms. */
  grantTimeoutMs?: number;
  /** A request the robot has not re-sent for this long is shown as stale, ms (default REQUEST_STALE_MS). */
  requestStaleMs?: number;
  /** The site hub's lease client (tests: one per simulated console); default the console's own. */
  hubLeases?: HubLeaseClient;
  /** Lease timings when consoles arbitrate (tests). */
  lease?: { leaseMs?: number; renewMs?: number; staleMs?: number; claimWindowMs?: number };
}

export type BreakResult =
  | { ok: true; holder: string }
  | {
      ok: false;
      error: 'no-operator' | 'no-hold' | 'not-stale' | 'mine' | 'robot-arbitrates' | 'forbidden' | 'hub-failed';
      detail?: string;
    };
