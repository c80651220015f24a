/** Reconnect policy: exponential backoff with full jitter on the upper half, capped. */
export interface BackoffOptions {
  /** First delay, ms. */
  baseMs: number;
  /** Upper bound, ms. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 10_000 };

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
  const text = reason ? `: ${reason}` : '';
  if (code === 1000) return `closed by robot (code 1000${text})`;
  if (code === undefined) return 'connection lost';
  return `closed by robot (code ${code}${text})`;
}
