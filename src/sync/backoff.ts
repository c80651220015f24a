/** Exponential backoff with jitter, so consoles that lost the hub together do not all return at once. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 0..1: the delay varies by up to this fraction either way. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, jitter: 0.2 };

export function backoffDelay(attempt: number, o: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = Math.min(o.maxMs, o.initialMs * 2 ** Math.max(0, attempt));
  return Math.round(base * (1 + o.jitter * (2 * random() - 1)));
}
