import { describe, expect, it } from 'vitest';
import { modeDurations, modeSpans, serviceFigures } from '../../../src/features/operations/serviceFigures';
import { empty, H, nightShift } from './nightShift';

const M = 60_000;

describe('service figures', () => {
  const { start, end, rec } = nightShift();

  it('splits the shift into modes, counting the drop as disconnected', () => {
    const f = serviceFigures(rec, 'r1', start, end);
    // autonomous: 22–23 (1 h) + 23:30–02:00 (2.5 h) + 04–06 (2 h) = 5.5 h; teleop 0.5 h; idle 1 h; disconnected 1 h.
    expect(f.ms).toEqual({ autonomous: 5.5 * H, teleop: 0.5 * H, idle: 1 * H, disconnected: 1 * H });
    expect(f.connectedMs).toBe(7 * H);
  });

  it('counts tasks, success rate, takeovers, interventions per hour, MTBI, e-stops, incidents', () => {
    const f = serviceFigures(rec, 'r1', start, end);
    expect(f.tasks).toEqual({ succeeded: 3, failed: 1, canceled: 1, rejected: 0 });
    expect(f.successRate).toBe(0.75);
    expect(f.takeovers).toBe(1);
    expect(f.meanTakeoverMs).toBe(30 * M);
    expect(f.interventions).toBe(2);
    expect(f.interventionsPerHour).toBeCloseTo(2 / 7, 10);
    expect(f.mtbiMs).toBe(2.75 * H);
    expect(f.estops).toBe(1);
    expect(f.incidentsByCategory).toEqual({ 'person in zone': 1, 'path blocked': 2 });
    expect(f.incidentsBySeverity).toEqual({ major: 1, minor: 2 });
  });

  it('time before a robot was ever seen counts as disconnected; no data gives nulls, not NaN', () => {
    const f = serviceFigures(empty(), 'ghost', start, end);
    expect(f.ms.disconnected).toBe(8 * H);
    expect(f.successRate).toBeNull();
    expect(f.interventionsPerHour).toBeNull();
    expect(f.mtbiMs).toBeNull();
    expect(f.meanTakeoverMs).toBeNull();
  });

  it('a mode entered before the window carries into it; an open takeover is clipped at the window end', () => {
    const r = empty();
    r.modes.push({ robotId: 'a', at: start - 5 * H, mode: 'teleop' });
    r.takeovers.push({ robotId: 'a', start: start + 7 * H });
    const f = serviceFigures(r, 'a', start, end);
    expect(f.ms.teleop).toBe(8 * H);
    expect(f.meanTakeoverMs).toBe(1 * H);
  });

  it('mode spans merge neighbours and cover the window exactly', () => {
    const spans = modeSpans(
      [
        { robotId: 'a', at: 0, mode: 'idle' },
        { robotId: 'a', at: 10, mode: 'idle' },
        { robotId: 'a', at: 20, mode: 'teleop' },
      ],
      5,
      30,
    );
    expect(spans).toEqual([
      { mode: 'idle', start: 5, end: 20 },
      { mode: 'teleop', start: 20, end: 30 },
    ]);
    expect(modeDurations([], 0, 10).disconnected).toBe(10);
  });
});
