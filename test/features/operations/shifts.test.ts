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

describe('shifts in the site time zone', () => {
  const early: ShiftDef = { name: 'Early', start: '06:00', end: '14:00' };
  const night: ShiftDef = { name: 'Night', start: '22:00', end: '06:00' };
  it('follows the site zone, not the console zone: 06:00 in Shanghai is 22:00 UTC the day before', () => {
    const w = shiftWindow(early, Date.UTC(2026, 2, 10, 3), 'Asia/Shanghai');
    expect(w.day).toBe('2026-03-10');
    expect(w.start).toBe(Date.UTC(2026, 2, 9, 22));
    expect(w.end).toBe(Date.UTC(2026, 2, 10, 6));
  });
  it('a moment belongs to the shift of the site day, whatever day the console is in', () => {
    // 2026-03-10 23:30 UTC is 07:30 on the 11th in Shanghai: the Early shift of the 11th.
    expect(shiftAt([early, night], Date.UTC(2026, 2, 10, 23, 30), 'Asia/Shanghai')).toMatchObject({ name: 'Early', day: '2026-03-11' });
  });
  it('a night shift over the spring DST change is 7 h long (New York, 2026-03-08)', () => {
    const w = shiftWindow(night, Date.UTC(2026, 2, 7, 18), 'America/New_York');
    expect(w.start).toBe(Date.UTC(2026, 2, 8, 3)); // 22:00 EST = 03:00 UTC
    expect(w.end).toBe(Date.UTC(2026, 2, 8, 10)); // 06:00 EDT = 10:00 UTC
    expect((w.end - w.start) / 3_600_000).toBe(7);
  });
  it('lists the windows of a site day in order', () => {
    const ws = shiftWindowsBetween([early, night], Date.UTC(2026, 2, 10, 0), Date.UTC(2026, 2, 10, 23), 'Europe/Berlin');
    expect(ws.map((w) => `${w.day} ${w.name}`)).toEqual(['2026-03-09 Night', '2026-03-10 Early', '2026-03-10 Night']);
    expect(ws[1]!.start).toBe(Date.UTC(2026, 2, 10, 5));
  });
});
