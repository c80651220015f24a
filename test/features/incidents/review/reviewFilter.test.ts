import { describe, expect, it } from 'vitest';
import { filterIncidents, NO_FILTERS } from '../../../../src/features/incidents/review/reviewFilter';
import { sampleIncident } from '../sampleIncident';

describe('review filters', () => {
  const day = (d: string, h = 12) => new Date(`${d}T${String(h).padStart(2, '0')}:00:00`).getTime();
  const list = [
    { ...sampleIncident('a', day('2026-03-01')), category: 'path blocked', severity: 'major' as const },
    { ...sampleIncident('b', day('2026-03-02')), robotId: 'ws://b:9090', category: 'other', severity: 'info' as const, reviewed: true },
    { ...sampleIncident('c', day('2026-03-03', 23)), category: 'path blocked', severity: 'critical' as const },
  ];
  const ids = (f: Partial<typeof NO_FILTERS>) => filterIncidents(list, { ...NO_FILTERS, ...f }).map((i) => i.id);
  it('filters by robot, category, severity, date range and review state', () => {
    expect(ids({})).toEqual(['a', 'b', 'c']);
    expect(ids({ robotId: 'ws://b:9090' })).toEqual(['b']);
    expect(ids({ category: 'path blocked' })).toEqual(['a', 'c']);
    expect(ids({ severity: 'critical' })).toEqual(['c']);
    expect(ids({ from: '2026-03-02', to: '2026-03-03' })).toEqual(['b', 'c']);
    expect(ids({ reviewed: 'no' })).toEqual(['a', 'c']);
    expect(ids({ reviewed: 'yes' })).toEqual(['b']);
  });
});
