import { describe, expect, it } from 'vitest';
import { shiftAt, shiftWindow, shiftWindowsBetween, type ShiftDef } from '../../../src/features/operations/shifts';
import { local } from './nightShift';

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
