// Shift windows in the site's time zone (the site profile's IANA zone, e.g. "Asia/Shanghai"; the console's own
// zone when the profile names none). A shift whose end is not after its start crosses midnight (22:00–06:00
// ends the next morning). Days that change clocks (DST) keep their wall-clock boundaries: such a shift is an
// hour shorter or longer.

export interface ShiftDef {
  name: string;
  /** "HH:MM", the site's local time. */
  start: string;
  end: string;
}

export interface ShiftWindow {
  name: string;
  /** Calendar day (in the site's zone) the shift starts on, "YYYY-MM-DD". */
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

/** True when `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

interface Civil {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock date and time at `epoch` in `tz` (undefined: the console's zone). */
export function civilAt(epoch: number, tz?: string): Civil {
  if (!tz) {
    const d = new Date(epoch);
    return { y: d.getFullYear(), mo: d.getMonth() + 1, d: d.getDate(), h: d.getHours(), mi: d.getMinutes() };
  }
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(epoch))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { y: parts.year!, mo: parts.month!, d: parts.day!, h: parts.hour!, mi: parts.minute! };
}

/** The zone's offset from UTC at `epoch`, in ms (east positive). */
function offsetAt(epoch: number, tz: string): number {
  const c = civilAt(epoch, tz);
  const asUtc = Date.UTC(c.y, c.mo - 1, c.d, c.h, c.mi);
  return asUtc - (epoch - (((epoch % 60_000) + 60_000) % 60_000));
}

/** The moment the wall clock in `tz` shows the given time (day overflow allowed: d = 32 is the next month). */
export function zonedEpoch(y: number, mo: number, d: number, h: number, mi: number, tz?: string): number {
  if (!tz) return new Date(y, mo - 1, d, h, mi).getTime();
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  // Two rounds settle the offset except inside a DST gap, where the later offset wins (the clock jumped).
  let t = guess - offsetAt(guess, tz);
  t = guess - offsetAt(t, tz);
  return t;
}

function dayKey(c: { y: number; mo: number; d: number }): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${c.y}-${p(c.mo)}-${p(c.d)}`;
}

/** The calendar day `offset` days after (y, mo, d), normalised. */
function addDays(c: { y: number; mo: number; d: number }, offset: number): { y: number; mo: number; d: number } {
  const u = new Date(Date.UTC(c.y, c.mo - 1, c.d + offset));
  return { y: u.getUTCFullYear(), mo: u.getUTCMonth() + 1, d: u.getUTCDate() };
}

function windowOnDay(shift: ShiftDef, day: { y: number; mo: number; d: number }, tz?: string): ShiftWindow {
  const s = parseHHMM(shift.start);
  const e = parseHHMM(shift.end);
  const crosses = e.h * 60 + e.m <= s.h * 60 + s.m;
  const endDay = addDays(day, crosses ? 1 : 0);
  return {
    name: shift.name,
    day: dayKey(day),
    start: zonedEpoch(day.y, day.mo, day.d, s.h, s.m, tz),
    end: zonedEpoch(endDay.y, endDay.mo, endDay.d, e.h, e.m, tz),
  };
}

/** The window of `shift` starting on the day (in `tz`) that contains `dayEpoch`. */
export function shiftWindow(shift: ShiftDef, dayEpoch: number, tz?: string): ShiftWindow {
  return windowOnDay(shift, civilAt(dayEpoch, tz), tz);
}

/** Every shift window that overlaps [from, to), oldest first. */
export function shiftWindowsBetween(shifts: readonly ShiftDef[], from: number, to: number, tz?: string): ShiftWindow[] {
  const out: ShiftWindow[] = [];
  // Start a day early so a night shift that began yesterday is included.
  let day = addDays(civilAt(from, tz), -1);
  for (let guard = 0; guard < 400; guard++, day = addDays(day, 1)) {
    if (zonedEpoch(day.y, day.mo, day.d, 0, 0, tz) >= to) break;
    for (const sh of shifts) {
      const w = windowOnDay(sh, day, tz);
      if (w.end > from && w.start < to) out.push(w);
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The shift window containing `at`, if any shift covers that moment. */
export function shiftAt(shifts: readonly ShiftDef[], at: number, tz?: string): ShiftWindow | undefined {
  return shiftWindowsBetween(shifts, at, at + 1, tz).find((w) => w.start <= at && at < w.end);
}
