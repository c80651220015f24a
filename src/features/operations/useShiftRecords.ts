// The shifts of the last seven days (newest first), the one chosen, and its service records, re-read every
// 5 s because the figures of a running shift keep moving.
import { useEffect, useMemo, useState } from 'react';
import type { ServiceRecords } from './serviceFigures';
import { shiftWindowsBetween, type ShiftDef } from './shifts';

const DAY_MS = 86_400_000;
const REFRESH_MS = 5000;

export function useShiftRecords(
  shifts: readonly ShiftDef[],
  loadRecords: (from: number, to: number) => Promise<ServiceRecords>,
  now: () => number,
  timeZone?: string,
) {
  const windows = useMemo(() => {
    const n = now();
    return shiftWindowsBetween(shifts, n - 7 * DAY_MS, n, timeZone)
      .filter((w) => w.start <= n)
      .reverse();
  }, [shifts, now, timeZone]);
  const [shiftIndex, setShiftIndex] = useState(0);
  const shift = windows[shiftIndex];
  const [records, setRecords] = useState<ServiceRecords | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    if (!shift) return;
    let live = true;
    setError(null);
    // A day before the shift as well: the mode a robot was in when the shift began comes from an earlier record.
    loadRecords(shift.start - DAY_MS, shift.end).then(
      (r) => live && setRecords(r),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [shift, loadRecords, refresh]);

  useEffect(() => {
    const timer = setInterval(() => setRefresh((x) => x + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  return { windows, shiftIndex, setShiftIndex, shift, records, error };
}
