import { describe, expect, it } from 'vitest';
import { imageAge, stampToMs } from '../../../../src/features/sensors/camera/imageAge';

describe('image age and STALE marking', () => {
  it('converts stamps, zero stamp is "not stamped"', () => {
    expect(stampToMs({ secs: 10, nsecs: 500_000_000 })).toBe(10_500);
    expect(stampToMs({ sec: 1, nanosec: 0 })).toBe(1000);
    expect(stampToMs({ secs: 0, nsecs: 0 })).toBeUndefined();
    expect(stampToMs(undefined)).toBeUndefined();
  });

  it('corrects the age by the robot clock offset', () => {
    // robot clock 5 s ahead of the console: a stamp of console-now+5s-200ms is 200 ms old.
    const now = 1_000_000;
    const a = imageAge({ now, stampMs: now + 5000 - 200, receivedAt: now - 10, clockOffsetMs: 5000 });
    expect(a.ageMs).toBe(200);
    expect(a.stale).toBe(false);
    // a robot clock 3 s ahead makes a console-fresh stamp 3.2 s old in robot time: stale.
    expect(imageAge({ now, stampMs: now - 200, receivedAt: now, clockOffsetMs: 3000 }).stale).toBe(true);
  });

  it('marks stale past the threshold (default 1 s) and when frames stop arriving', () => {
    const now = 50_000;
    expect(imageAge({ now, stampMs: now - 999, receivedAt: now }).stale).toBe(false);
    expect(imageAge({ now, stampMs: now - 1001, receivedAt: now }).stale).toBe(true);
    expect(imageAge({ now, stampMs: now - 100, receivedAt: now - 100, staleMs: 50 }).stale).toBe(true);
    const unstamped = imageAge({ now, receivedAt: now - 1500 });
    expect(unstamped).toEqual({ ageMs: 1500, stale: true, fromArrival: true });
  });
});
