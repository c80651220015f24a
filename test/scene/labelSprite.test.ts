import { describe, expect, it } from 'vitest';
import { LABEL_MAX_LINES, labelLines } from '../../src/scene/labelSprite';
import { TEXT_LIMITS } from '../../src/ui/robotText';

describe('3D label text', () => {
  it('cuts a 5,000-character marker text to one bounded line with an ellipsis (no 8191×4 texture)', () => {
    const lines = labelLines('W'.repeat(5000));
    expect(lines).toHaveLength(1);
    expect([...lines[0]]).toHaveLength(TEXT_LIMITS.label);
    expect(lines[0].endsWith('…')).toBe(true);
  });

  it('keeps at most a few lines, the last one marked as cut', () => {
    const lines = labelLines(Array.from({ length: 50 }, (_, i) => `line ${i}`).join('\n'));
    expect(lines).toHaveLength(LABEL_MAX_LINES);
    expect(lines[LABEL_MAX_LINES - 1].endsWith('…')).toBe(true);
  });

  it('neutralises bidi overrides in a robot name', () => {
    expect(labelLines('\u202Eevil\nstale 3 s')).toEqual(['evil', 'stale 3 s']);
  });
});
