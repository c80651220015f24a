import { describe, expect, it } from 'vitest';
import { csvField, figuresToCsv } from '../../../src/features/operations/figuresCsv';
import { serviceFigures } from '../../../src/features/operations/serviceFigures';
import { shiftWindow } from '../../../src/features/operations/shifts';
import { nightShift } from './nightShift';

describe('figures CSV', () => {
  const { start, end, rec } = nightShift();

  it('exports CSV with quoted fields and plain decimals', () => {
    const shift = shiftWindow({ name: 'Night', start: '22:00', end: '06:00' }, start);
    const csv = figuresToCsv([{ robotName: 'atlas, "one"', shift, figures: serviceFigures(rec, 'r1', start, end) }]);
    const [header, row] = csv.trim().split('\r\n');
    expect(header.split(',')).toContain('interventions_per_h');
    expect(row.startsWith('"atlas, ""one""",Night,2026-03-10,')).toBe(true);
    const cells = row.split(',');
    const col = (name: string) => cells[header.split(',').indexOf(name) + 1]; // +1: the quoted name holds a comma
    expect(col('connected_h')).toBe('7');
    expect(col('observed_h')).toBe('8');
    expect(col('observed_share')).toBe('1');
    expect(col('not_observed_h')).toBe('0');
    expect(col('uptime')).toBe('0.875');
    expect(col('success_rate')).toBe('0.75');
    expect(col('mtbi_min')).toBe('165');
    expect(csvField(null)).toBe('');
  });
});
