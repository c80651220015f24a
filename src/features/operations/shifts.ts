// Shift windows in the console's local time. A shift whose end is not after its start crosses midnight
// (22:00–06:00 ends the next morning).

export interface ShiftDef {
  name: string;
  /** "HH:MM", local time. */
  start: string;
  end: string;
}

export interface ShiftWindow {
  name: string;
  /** Local calendar day the shift starts on, "YYYY-MM-DD". */
  day: string;
  start: number;
  end: number;
}

export const DEFAULT_SHIFTS: ShiftDef[] = [
  { name: 'Early', start: '06:00', end: '14:00' },
  { name: 'Late', start: '14:00', end: '22:00' },
  { name: 'Night', start: '22:00', end: '06:00' },
];

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseHHMM(s: string): { h: number; m: number } {
  const m = HHMM.exec(s);
  if (!m) throw new Error(`"${s}" is not a time of day (HH:MM, 00:00–23:59)`);
  return { h: Number(m[1]), m: Number(m[2]) };
}

function dayKey(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The window of `shift` starting on the local day that contains `dayEpoch`. */
export function shiftWindow(shift: ShiftDef, dayEpoch: number): ShiftWindow {
  const day = new Date(dayEpoch);
  const s = parseHHMM(shift.start);
  const e = parseHHMM(shift.end);
  const start = new Date(day.getFullYear(), day.getMonth(), day.getDate(), s.h, s.m);
  const crosses = e.h * 60 + e.m <= s.h * 60 + s.m;
  const end = new Date(day.getFullYear(), day.getMonth(), day.getDate() + (crosses ? 1 : 0), e.h, e.m);
  return { name: shift.name, day: dayKey(start), start: start.getTime(), end: end.getTime() };
}

/** Every shift window that overlaps [from, to), oldest first. */
export function shiftWindowsBetween(shifts: readonly ShiftDef[], from: number, to: number): ShiftWindow[] {
  const out: ShiftWindow[] = [];
  const first = new Date(from);
  // Start a day early so a night shift that began yesterday is included.
  for (
    let d = new Date(first.getFullYear(), first.getMonth(), first.getDate() - 1);
    d.getTime() < to;
    d = new Date(d.getFullYear(), d.getMonth(), d.getDate() + 1)
  ) {
    for (const sh of shifts) {
      const w = shiftWindow(sh, d.getTime());
      if (w.end > from && w.start < to) out.push(w);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The shift window containing `at`, if any shift covers that moment. */
export function shiftAt(shifts: readonly ShiftDef[], at: number): ShiftWindow | undefined {
  return shiftWindowsBetween(shifts, at, at + 1).find((w) => w.start <= at && at < w.end);
}
