import type { RetryMode } from './types';

/** Reconnect policy: exponential backoff with full jitter on the upper half, capped. */
export interface BackoffOptions {
  /** First delay, ms. */
  baseMs: number;
  /** Upper bound, ms. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 10_000 };

export interface ReconnectOptions extends BackoffOptions {
  /** Period of the cheap attempts after a good connection was lost (jittered ±20%). */
  probeMs: number;
  /** Probe at that period for this long after the loss, then fall back to the backoff. */
  probeForMs: number;
  /** A connection counts as good once it stayed up this long and data came. */
  stableMs: number;
  /** Cap of the backoff for a robot that keeps dropping the connection. */
  flapMaxMs: number;
}

/**
 * Defaults: a robot that was connected is tried about once a second for 10 minutes. When its rosbridge is
 * down but the host is up, an attempt is a refused TCP connect (SYN, RST); when it is back, the first
 * attempt that connects is the WebSocket upgrade. So the return is seen within ~1.2 s plus the handshake,
 * and p95 to live data stays under 2 s, at a cost to the robot of one refused connect per second.
 */
export const DEFAULT_RECONNECT: ReconnectOptions = {
  ...DEFAULT_BACKOFF,
  probeMs: 1000,
  probeForMs: 10 * 60_000,
  stableMs: 10_000,
  flapMaxMs: 30_000,
};

/**
 * Delay before reconnect attempt `attempt` (1-based). The nominal delay doubles per attempt up to the cap;
 * the actual delay is uniformly drawn from [nominal/2, nominal] so that many consoles do not hammer a
 * robot in lock-step after it reboots.
 */
export function backoffDelay(attempt: number, opts: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exp = Math.min(Math.max(attempt - 1, 0), 30);
  const nominal = Math.min(opts.maxMs, opts.baseMs * 2 ** exp);
  return Math.round(nominal / 2 + random() * (nominal / 2));
}

export interface RetryPlan {
  delayMs: number;
  mode: RetryMode;
  /** Attempts since the last good connection. */
  attempt: number;
  /** Connections in a row that opened and dropped before they were good (0 when not flapping). */
  flaps: number;
  /** Epoch ms since when the robot has been unreachable (or, while flapping, unusable). */
  downSince: number;
}

/**
 * When to try again. A connection that opens and drops before it stayed up with data for `stableMs` is a
 * failure like a refused one: two in a row and the link backs off (1, 2, 4 ... up to 30 s) instead of
 * re-subscribing every topic twice a second; only a good connection resets that.
 */
export class ReconnectPolicy {
  private everGood = false;
  private attempt = 0;
  private flaps = 0;
  private downSince: number;
  private openedAt: number | undefined = undefined;

  constructor(
    private readonly opts: ReconnectOptions,
    private readonly random: () => number = Math.random,
    now = Date.now(),
  ) {
    this.downSince = now;
  }

  opened(now: number): void {
    this.openedAt = now;
  }

  /** Whether the connection that is open now counts as good; `lastDataAt`: the last frame from the robot. */
  isGood(now: number, lastDataAt: number): boolean {
    return this.openedAt !== undefined && lastDataAt > this.openedAt && now - this.openedAt >= this.opts.stableMs;
  }

  /** True while attempts are the quick probes (the link shortens their connect timeout). */
  probing(now: number): boolean {
    return this.everGood && this.flaps < 2 && now - this.downSince < this.opts.probeForMs;
  }

  ended(now: number, lastDataAt: number): RetryPlan {
    if (this.openedAt !== undefined) {
      if (this.isGood(now, lastDataAt)) {
        this.everGood = true;
        this.attempt = 0;
        this.flaps = 0;
        this.downSince = now;
      } else {
        this.flaps++;
      }
    }
    this.openedAt = undefined;
    this.attempt++;
    const o = this.opts;
    let delayMs: number;
    let mode: RetryMode;
    if (this.flaps >= 2) {
      mode = 'flapping';
      delayMs = backoffDelay(this.flaps - 1, { baseMs: 2 * o.probeMs, maxMs: o.flapMaxMs }, this.random);
    } else if (this.probing(now)) {
      mode = 'probe';
      delayMs = Math.round(o.probeMs * (0.8 + 0.4 * this.random()));
    } else {
      mode = 'backoff';
      delayMs = backoffDelay(this.attempt, o, this.random);
    }
    return { delayMs, mode, attempt: this.attempt, flaps: this.flaps >= 2 ? this.flaps : 0, downSince: this.downSince };
  }
}

/** Plain-words reason for a WebSocket that closed (or never opened). */
export function closeReason(code: number | undefined, reason: string | undefined, everOpened: boolean, errorText?: string): string {
  const err = (errorText ?? '').toLowerCase();
  if (!everOpened) {
    if (err.includes('econnrefused') || err.includes('refused')) return 'connection refused';
    if (err.includes('enotfound') || err.includes('eai_again')) return 'robot address not found (DNS)';
    if (err.includes('etimedout') || err.includes('timeout') || err.includes('timed out')) return 'connection timed out';
    if (err.includes('ehostunreach') || err.includes('enetunreach')) return 'robot unreachable';
    if (err.includes('unexpected server response')) return `not a rosbridge WebSocket (${errorText})`;
    // Browsers hide the cause of a failed handshake (code 1006, no text); refused is by far the most common.
    return errorText ? `could not connect (${errorText})` : 'connection refused or robot unreachable';
  }
  // 1006: no close frame came at all (the robot or the network went away); the robot did not close it.
  if (code === undefined || code === 1006) return 'connection lost';
  const text = reason ? `: ${reason}` : '';
  return `closed by robot (code ${code}${text})`;
}
