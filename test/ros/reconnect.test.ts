import { describe, expect, it } from 'vitest';
import { DEFAULT_RECONNECT, ReconnectPolicy, backoffDelay, closeReason } from '../../src/ros/reconnect';

describe('backoff', () => {
  it('doubles per attempt, jittered within [nominal/2, nominal], capped', () => {
    const opts = { baseMs: 500, maxMs: 10_000 };
    expect(backoffDelay(1, opts, () => 1)).toBe(500);
    expect(backoffDelay(1, opts, () => 0)).toBe(250);
    expect(backoffDelay(2, opts, () => 1)).toBe(1000);
    expect(backoffDelay(4, opts, () => 1)).toBe(4000);
    expect(backoffDelay(10, opts, () => 1)).toBe(10_000);
    expect(backoffDelay(1000, opts, () => 1)).toBe(10_000);
    for (let i = 0; i < 100; i++) {
      const d = backoffDelay(6, opts);
      expect(d).toBeGreaterThanOrEqual(5000);
      expect(d).toBeLessThanOrEqual(10_000);
    }
  });
});

describe('closeReason', () => {
  it('says why in plain words', () => {
    expect(closeReason(1006, '', false, 'connect ECONNREFUSED 127.0.0.1:9')).toBe('connection refused');
    expect(closeReason(1006, '', true)).toBe('connection lost');
    expect(closeReason(1001, 'going away', true)).toBe('closed by robot (code 1001: going away)');
    expect(closeReason(undefined, undefined, false, 'connection timed out')).toBe('connection timed out');
    expect(closeReason(1006, '', false, 'getaddrinfo ENOTFOUND nohost')).toMatch(/not found/);
    expect(closeReason(1006, '', false)).toMatch(/refused or robot unreachable/);
  });
});

describe('ReconnectPolicy', () => {
  const mid = () => 0.5;

  it('never connected: exponential backoff to the cap (an address that may be wrong is not hammered)', () => {
    const p = new ReconnectPolicy(DEFAULT_RECONNECT, () => 1, 0);
    const delays = [1, 2, 3, 4, 5, 6, 7].map((t) => p.ended(t, 0));
    expect(delays.map((d) => d.delayMs)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(delays.every((d) => d.mode === 'backoff' && d.downSince === 0)).toBe(true);
  });

  it('after a good connection: a probe about every second (0.8-1.2 s) for 10 minutes, then the backoff', () => {
    const p = new ReconnectPolicy(DEFAULT_RECONNECT, mid, 0);
    p.opened(1000);
    const lostAt = 1000 + 60_000;
    const first = p.ended(lostAt, lostAt - 10);
    expect(first).toMatchObject({ mode: 'probe', delayMs: 1000, attempt: 1, downSince: lostAt });
    expect(p.probing(lostAt + 1)).toBe(true);
    const later = p.ended(lostAt + 9 * 60_000, 0);
    expect(later).toMatchObject({ mode: 'probe', attempt: 2, downSince: lostAt });
    const after = p.ended(lostAt + 10 * 60_000 + 1, 0);
    expect(after.mode).toBe('backoff');
    const low = new ReconnectPolicy(DEFAULT_RECONNECT, () => 0, 0);
    const high = new ReconnectPolicy(DEFAULT_RECONNECT, () => 1, 0);
    for (const q of [low, high]) {
      q.opened(0);
      q.ended(20_000, 19_000);
    }
    low.opened(30_000);
    high.opened(30_000);
    expect(low.ended(50_000, 49_000).delayMs).toBe(800);
    expect(high.ended(50_000, 49_000).delayMs).toBe(1200);
  });

  it('connections that open and drop before they were good back off as failures; only a good one resets', () => {
    const p = new ReconnectPolicy(DEFAULT_RECONNECT, () => 1, 0);
    const plans = [];
    for (let i = 0; i < 7; i++) {
      const t = i * 100_000;
      p.opened(t);
      plans.push(p.ended(t + 50, 0)); // accepted, closed after 50 ms, no data
    }
    expect(plans.map((x) => x.mode)).toEqual(['backoff', 'flapping', 'flapping', 'flapping', 'flapping', 'flapping', 'flapping']);
    expect(plans.map((x) => x.delayMs)).toEqual([500, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(plans[3].flaps).toBe(4);
    // up for 10 s with data: good; the next loss probes again
    p.opened(1_000_000);
    expect(p.ended(1_020_000, 1_019_000)).toMatchObject({ mode: 'probe', flaps: 0, attempt: 1 });
  });

  it('a connection that stays up without any data is not good', () => {
    const p = new ReconnectPolicy(DEFAULT_RECONNECT, mid, 0);
    p.opened(0);
    expect(p.isGood(60_000, 0)).toBe(false);
    expect(p.isGood(60_000, 5)).toBe(true);
  });
});
