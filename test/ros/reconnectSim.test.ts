// A simulated robot's rosbridge goes away for 1 s, 15 s and 60 s and comes back on the same port: the link
// has live data again within a generous bound (the exact p50/p95 are in `npm run bench`), restores its
// subscriptions, and while the robot is away probes about once a second, not more.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { outage, returnRig, untilGood, type ReturnRig } from '../support/robotReturn';

/** Generous: the target is p95 <= 2 s; a loaded CI machine gets twice that. */
const BOUND_MS = 4000;
/** The link counts a connection as good after this long up with data (10 s by default; shortened here only to keep the test short). */
const STABLE_MS = 1500;

let rig: ReturnRig;

beforeAll(async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  rig = await returnRig({ backoff: { stableMs: STABLE_MS } });
  await untilGood(rig, STABLE_MS + 200);
});

afterAll(async () => {
  await rig?.close();
  vi.restoreAllMocks();
});

describe('reconnect after the robot comes back', () => {
  for (const seconds of [1, 15, 60]) {
    it(
      `after ${seconds} s away: live data again within ${BOUND_MS} ms, at about one attempt a second while away`,
      async () => {
        const f = await outage(rig, seconds * 1000);
        expect(f.toDataMs).toBeLessThan(BOUND_MS);
        expect(f.attemptsPerSecond).toBeLessThanOrEqual(1.5);
        if (seconds > 1) expect(f.attemptsPerSecond).toBeGreaterThanOrEqual(0.6);
        expect(rig.link.status().state).toBe('connected');
        await untilGood(rig, STABLE_MS + 200);
      },
      seconds * 1000 + 30_000,
    );
  }

  it('while away the status said since when, and the reason for an abnormal drop', async () => {
    const states: string[] = [];
    const off = rig.link.onStatus((s) => states.push(`${s.state}|${s.reason ?? ''}|${s.retryMode ?? ''}|${s.downSince ? 'since' : ''}`));
    await outage(rig, 1500);
    off();
    expect(states[0]).toBe('reconnecting|connection lost|probe|since');
    expect(states).toContain('reconnecting|connection refused|probe|since');
    expect(states.at(-1)).toBe('connected|||');
  }, 30_000);
});
