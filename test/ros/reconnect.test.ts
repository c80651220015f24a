import { describe, expect, it } from 'vitest';
import { backoffDelay, closeReason } from '../../src/ros/reconnect';

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
