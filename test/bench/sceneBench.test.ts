import { describe, expect, it } from 'vitest';
import { benchGridDecode, benchMarkers, benchTfAndJoints } from './sceneBench';

describe('sceneBench (smoke, small sizes)', () => {
  it('returns finite timings', () => {
    const g = benchGridDecode(256, 2);
    const t = benchTfAndJoints(2, 20, 30, 2);
    const m = benchMarkers(200, 2);
    for (const v of [g.numberArrayMs, g.int8ArrayMs, g.fullMessageMs, t.msPerSecond, m.ms]) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
    }
    expect(t.messagesPerSecond).toBe(120);
  });
});
