import type { Incident } from '../types';

export interface ReviewFilters {
  robotId: string;
  category: string;
  severity: string;
  /** yyyy-mm-dd (local), inclusive; '' = open. */
  from: string;
  to: string;
  reviewed: 'any' | 'yes' | 'no';
}

export const NO_FILTERS: ReviewFilters = { robotId: '', category: '', severity: '', from: '', to: '', reviewed: 'any' };

function dayStart(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y!, (m ?? 1) - 1, d ?? 1).getTime();
}

export function filterIncidents(list: readonly Incident[], f: ReviewFilters): Incident[] {
  const from = f.from ? dayStart(f.from) : -Infinity;
  const to = f.to ? dayStart(f.to) + 86_400_000 : Infinity;
  return list.filter(
    (i) =>
      (!f.robotId || i.robotId === f.robotId) &&
      (!f.category || i.category === f.category) &&
      (!f.severity || i.severity === f.severity) &&
      i.at >= from &&
      i.at < to &&
      (f.reviewed === 'any' || i.reviewed === (f.reviewed === 'yes')),
  );
}
