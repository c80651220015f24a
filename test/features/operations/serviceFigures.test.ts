import { describe, expect, it } from 'vitest';
import { modeDurations, modeSpans, serviceFigures, shiftTotals } from '../../../src/features/operations/serviceFigures';
import { empty, H, nightShift } from './nightShift';

const M = 60_000;

describe('service figures', () => {
  const { start, end, rec } = nightShift();

  it('splits the shift into modes, counting the drop as disconnected', () => {
    const f = serviceFigures(rec, 'r1', start, end);
    // autonomous: 22–23 (1 h) + 23:30–02:00 (2.5 h) + 04–06 (2 h) = 5.5 h; teleop 0.5 h; idle 1 h; disconnected 1 h.
    expect(f.ms).toEqual({ autonomous: 5.5 * H, teleop: 0.5 * H, idle: 1 * H, disconnected: 1 * H, unobserved: 0 });
    expect(f.connectedMs).toBe(7 * H);
    expect(f.observedMs).toBe(8 * H);
    expect(f.observedShare).toBe(1);
    expect(f.uptime).toBe(7 / 8);
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

  it('time before a robot was ever seen is not observed, not disconnected; no data gives nulls, not NaN', () => {
    const f = serviceFigures(empty(), 'ghost', start, end);
    expect(f.ms.unobserved).toBe(8 * H);
    expect(f.ms.disconnected).toBe(0);
    expect(f.observedShare).toBe(0);
    expect(f.uptime).toBeNull();
    expect(f.successRate).toBeNull();
    expect(f.interventionsPerHour).toBeNull();
    expect(f.mtbiMs).toBeNull();
    expect(f.meanTakeoverMs).toBeNull();
  });

  it('a mode entered before the window carries into it; an open takeover is clipped at the window end', () => {
    const r = empty();
    r.observed.push({ start: start - 6 * H, end: end });
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
    expect(modeDurations([], 0, 10).unobserved).toBe(10);
  });

  it('a shift that began before the console opened: the hours before are not observed (the trainer case)', () => {
    // Early 06:00–14:00. The console opened at 12:12 and it is 14:00: 1 h 48 min observed of 8 h.
    const s0 = 0;
    const r = empty();
    const opened = s0 + 6 * H + 12 * M;
    r.observed.push({ start: opened, end: s0 + 8 * H });
    // the last mode written by a console the day before, then the robot as this console saw it
    r.modes.push({ robotId: 'a', at: s0 - 10 * H, mode: 'autonomous' });
    r.modes.push({ robotId: 'a', at: opened, mode: 'disconnected' });
    r.modes.push({ robotId: 'a', at: opened + 1 * M, mode: 'idle' });
    const f = serviceFigures(r, 'a', s0, s0 + 8 * H);
    expect(f.ms).toEqual({ autonomous: 0, teleop: 0, idle: 107 * M, disconnected: 1 * M, unobserved: 6 * H + 12 * M });
    expect(f.observedMs).toBe(108 * M);
    expect(f.observedShare).toBeCloseTo(108 / 480, 12);
    expect(f.uptime).toBeCloseTo(107 / 108, 12);
  });

  it('a gap between two console sessions is not observed, whatever mode the robot was last in', () => {
    const r = empty();
    r.observed.push({ start: 0, end: 2 * H }, { start: 3 * H, end: 4 * H });
    r.modes.push({ robotId: 'a', at: 0, mode: 'autonomous' }, { robotId: 'a', at: 3 * H, mode: 'idle' });
    r.interventions.push({ robotId: 'a', at: 1 * H, kind: 'estop' });
    const f = serviceFigures(r, 'a', 0, 4 * H);
    expect(f.ms).toEqual({ autonomous: 2 * H, teleop: 0, idle: 1 * H, disconnected: 0, unobserved: 1 * H });
    expect(modeSpans(r.modes, 0, 4 * H, r.observed).map((s) => s.mode)).toEqual(['autonomous', 'unobserved', 'idle']);
    // uptime 3 h connected / 3 h observed; 1 intervention in 3 connected hours; MTBI 2 h autonomous / 1
    expect(f.uptime).toBe(1);
    expect(f.interventionsPerHour).toBeCloseTo(1 / 3, 12);
    expect(f.mtbiMs).toBe(2 * H);
  });

  it('shift totals add the robots up and recompute the rates from the sums', () => {
    const r1 = serviceFigures(rec, 'r1', start, end);
    const r2 = serviceFigures(rec, 'r2', start, end);
    const tot = shiftTotals([r1, r2], start, end);
    // r2: autonomous the whole 8 h, one failed task, no interventions.
    expect(tot.ms.autonomous).toBe(13.5 * H);
    expect(tot.connectedMs).toBe(15 * H);
    expect(tot.observedShare).toBe(1);
    expect(tot.uptime).toBe(15 / 16);
    expect(tot.tasks).toEqual({ succeeded: 3, failed: 2, canceled: 1, rejected: 0 });
    expect(tot.successRate).toBe(0.6);
    expect(tot.interventionsPerHour).toBeCloseTo(2 / 15, 12);
    expect(tot.mtbiMs).toBe(6.75 * H);
    expect(tot.meanTakeoverMs).toBe(30 * M);
    expect(tot.incidentsByCategory).toEqual({ 'person in zone': 1, 'path blocked': 2 });
  });
});
