import { describe, expect, it } from 'vitest';
import { modeDurations, modeSpans, serviceFigures, type ServiceRecords } from '../../../src/features/operations/serviceFigures';
import { shiftAt, shiftWindow, shiftWindowsBetween, type ShiftDef } from '../../../src/features/operations/shifts';
import { csvField, figuresToCsv } from '../../../src/features/operations/figuresCsv';

const H = 3_600_000;
const M = 60_000;
const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();
const empty = (): ServiceRecords => ({ modes: [], tasks: [], takeovers: [], interventions: [], incidents: [] });

describe('shifts', () => {
  const night: ShiftDef = { name: 'Night', start: '22:00', end: '06:00' };
  it('a night shift crosses midnight into the next day', () => {
    const w = shiftWindow(night, local(2026, 3, 10, 12));
    expect(w.start).toBe(local(2026, 3, 10, 22));
    expect(w.end).toBe(local(2026, 3, 11, 6));
    expect(w.day).toBe('2026-03-10');
  });
  it('finds the shift containing a moment after midnight as the one that began the evening before', () => {
    const w = shiftAt([night, { name: 'Day', start: '06:00', end: '22:00' }], local(2026, 3, 11, 2, 30));
    expect(w).toMatchObject({ name: 'Night', day: '2026-03-10' });
  });
  it('lists overlapping windows oldest first', () => {
    const ws = shiftWindowsBetween([night], local(2026, 3, 11, 0), local(2026, 3, 12, 0));
    expect(ws.map((w) => w.day)).toEqual(['2026-03-10', '2026-03-11']);
  });
  it('rejects a time that is not HH:MM', () => {
    expect(() => shiftWindow({ name: 'x', start: '25:00', end: '06:00' }, 0)).toThrow(/not a time of day/);
  });
});

describe('service figures', () => {
  // Night shift 22:00 → 06:00 (8 h). Robot r1: connected autonomous at 22:00, takeover 23:00–23:30 (teleop),
  // autonomous again, drops (disconnected) at 02:00, back idle at 03:00, autonomous 04:00 to the end.
  const start = local(2026, 3, 10, 22);
  const end = local(2026, 3, 11, 6);
  const rec = empty();
  rec.modes.push(
    { robotId: 'r1', at: start, mode: 'autonomous' },
    { robotId: 'r1', at: start + 1 * H, mode: 'teleop' },
    { robotId: 'r1', at: start + 1.5 * H, mode: 'autonomous' },
    { robotId: 'r1', at: start + 4 * H, mode: 'disconnected' },
    { robotId: 'r1', at: start + 5 * H, mode: 'idle' },
    { robotId: 'r1', at: start + 6 * H, mode: 'autonomous' },
    { robotId: 'r2', at: start, mode: 'autonomous' },
  );
  rec.takeovers.push({ robotId: 'r1', start: start + 1 * H, end: start + 1.5 * H });
  rec.interventions.push(
    { robotId: 'r1', at: start + 1 * H, kind: 'takeover' },
    { robotId: 'r1', at: start + 3 * H, kind: 'estop' },
    { robotId: 'r1', at: end + 1, kind: 'estop' }, // after the shift: not counted
  );
  rec.tasks.push(
    { robotId: 'r1', endedAt: start + 0.5 * H, outcome: 'succeeded' },
    { robotId: 'r1', endedAt: start + 2 * H, outcome: 'succeeded' },
    { robotId: 'r1', endedAt: start + 2.5 * H, outcome: 'succeeded' },
    { robotId: 'r1', endedAt: start + 3.5 * H, outcome: 'failed' },
    { robotId: 'r1', endedAt: start + 7 * H, outcome: 'canceled' },
    { robotId: 'r2', endedAt: start + 1 * H, outcome: 'failed' },
  );
  rec.incidents.push(
    { robotId: 'r1', at: start + 3 * H, category: 'person in zone', severity: 'major' },
    { robotId: 'r1', at: start + 3.1 * H, category: 'path blocked', severity: 'minor' },
    { robotId: 'r1', at: start + 3.2 * H, category: 'path blocked', severity: 'minor' },
  );

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

  it('exports CSV with quoted fields and plain decimals', () => {
    const shift = shiftWindow({ name: 'Night', start: '22:00', end: '06:00' }, start);
    const csv = figuresToCsv([{ robotName: 'atlas, "one"', shift, figures: serviceFigures(rec, 'r1', start, end) }]);
    const [header, row] = csv.trim().split('\r\n');
    expect(header.split(',')).toContain('interventions_per_h');
    expect(row.startsWith('"atlas, ""one""",Night,2026-03-10,')).toBe(true);
    const cells = row.split(',');
    const col = (name: string) => cells[header.split(',').indexOf(name) + 1]; // +1: the quoted name holds a comma
    expect(col('connected_h')).toBe('7');
    expect(col('success_rate')).toBe('0.75');
    expect(col('mtbi_min')).toBe('165');
    expect(csvField(null)).toBe('');
  });
});
