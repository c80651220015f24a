// Control arbitration among consoles, for robots that do not arbitrate control themselves (nobody publishes
// `<ns>/operator/control`): consoles agree on one holder over `<ns>/operator/lease` (std_msgs/String, JSON in
// `data`, not latched). See ROBOT_CONTRACT.md, "Stock robots: consoles arbitrate".
//
// - `claim`   a console asks for control; `at` is its request time on the ROBOT's clock (console clock plus the
//             link's clock-offset estimate), so consoles compare like with like.
// - `hold`    the holder renews its lease every LEASE_RENEW_MS; `since` is when its hold began (robot clock).
// - `release` the holder hands back.
// - `break`   a lead ends a stale hold deliberately (`holderConsole`/`holder` name the hold broken).
import { operatorTopics } from './operatorProtocol';

export type LeaseOp = 'claim' | 'hold' | 'release' | 'break';

export interface LeaseMessage {
  op: LeaseOp;
  /** The sending console's id. */
  console: string;
  /** The sending person's name. */
  operator: string;
  /** Robot-clock epoch ms: the claim's request time, or when the message was sent. */
  at: number;
  /** hold: robot-clock epoch ms when this hold began. */
  since?: number;
  /** hold: how long the others keep the hold without a renewal, ms. */
  leaseMs?: number;
  /** break: the console and person whose hold is broken. */
  holderConsole?: string;
  holder?: string;
}

/** The holder renews this often, ms. */
export const LEASE_RENEW_MS = 1000;
/** A hold not renewed for this long is over, ms (the holder's console went away). */
export const LEASE_EXPIRY_MS = 5000;
/** A hold not renewed for this long is shown as stale and may be broken by a lead, ms. */
export const LEASE_STALE_MS = 2500;
/** How long a claimant listens for competing claims and holds before it takes control, ms. */
export const CLAIM_WINDOW_MS = 1000;

const OPS: readonly string[] = ['claim', 'hold', 'release', 'break'];

export function leaseTopic(ns = ''): string {
  return operatorTopics(ns).control.replace(/control$/, 'lease');
}

/** The deterministic order of two claims: earlier request time first, then the smaller console id. */
export function claimBefore(a: { at: number; console: string }, b: { at: number; console: string }): boolean {
  return a.at !== b.at ? a.at < b.at : a.console < b.console;
}

export function parseLease(msg: unknown): LeaseMessage | undefined {
  const data = (msg as { data?: unknown } | null)?.data;
  if (typeof data !== 'string') return undefined;
  let o: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(data);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    o = v as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const op = str(o.op);
  const console = str(o.console);
  const at = num(o.at);
  if (!op || !OPS.includes(op) || !console || at === undefined) return undefined;
  const m: LeaseMessage = { op: op as LeaseOp, console, operator: str(o.operator) ?? '', at };
  const since = num(o.since);
  const leaseMs = num(o.leaseMs);
  if (since !== undefined) m.since = since;
  if (leaseMs !== undefined && leaseMs > 0) m.leaseMs = leaseMs;
  if (str(o.holderConsole) !== undefined) m.holderConsole = str(o.holderConsole);
  if (str(o.holder) !== undefined) m.holder = str(o.holder);
  return m;
}
