import { describe, expect, it } from 'vitest';
import { nextCorrections, type CorrectionsState } from '../../../../src/features/incidents/review/ReviewCorrections';
import { sampleIncident } from '../sampleIncident';

const empty: CorrectionsState = {
  id: undefined,
  base: { category: '', severity: '', tags: '', note: '' },
  values: { category: '', severity: '', tags: '', note: '' },
};

describe('label corrections in review', () => {
  it('start from the shown incident’s labels', () => {
    const s = nextCorrections(empty, { ...sampleIncident('a'), category: 'path_blocked', severity: 'major', tags: ['aisle'], note: 'box' });
    expect(s.values).toEqual({ category: 'path_blocked', severity: 'major', tags: 'aisle', note: 'box' });
  });

  it('follow the incident when its labels change elsewhere (another console through the hub) and nothing was typed', () => {
    const draft = sampleIncident('a');
    const s1 = nextCorrections(empty, draft);
    expect(s1.values.category).toBe('');
    const s2 = nextCorrections(s1, { ...draft, category: 'path_blocked', severity: 'major', note: 'box in aisle 3, seen from A' });
    expect(s2.values).toMatchObject({ category: 'path_blocked', severity: 'major', note: 'box in aisle 3, seen from A' });
  });

  it('keep what the person typed when the incident changes under them', () => {
    const draft = sampleIncident('a');
    const s1 = nextCorrections(empty, draft);
    const typed = { ...s1, values: { ...s1.values, note: 'my correction' } };
    const s2 = nextCorrections(typed, { ...draft, severity: 'critical' });
    expect(s2.values.note).toBe('my correction');
    expect(s2.base.severity).toBe('critical');
  });

  it('are the same object when nothing changed (no re-render loop), and restart for another incident', () => {
    const s1 = nextCorrections(empty, sampleIncident('a'));
    expect(nextCorrections(s1, sampleIncident('a'))).toBe(s1);
    expect(nextCorrections(s1, undefined)).toBe(s1);
    const typed = { ...s1, values: { ...s1.values, note: 'x' } };
    expect(nextCorrections(typed, { ...sampleIncident('b'), note: 'other' }).values.note).toBe('other');
  });
});
