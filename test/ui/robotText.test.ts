import { describe, expect, it } from 'vitest';
import { cleanRobotText, robotText, shownText, TEXT_LIMITS } from '../../src/ui/robotText';

describe('robotText', () => {
  it('removes bidi overrides, so a right-to-left override cannot show "evil" as "live"', () => {
    expect(shownText('\u202Eevil')).toBe('evil');
    expect(shownText('a\u2066b\u2069c\u200Fd\u202Ae\u202Cf')).toBe('abcdef');
  });

  it('replaces control characters by spaces and keeps one line unless asked', () => {
    expect(shownText('a\u0000b\u0007c')).toBe('a b c');
    expect(shownText('one\ntwo\r\nthree\tfour')).toBe('one two three four');
    expect(cleanRobotText('one\ntwo', { multiline: true })).toBe('one\ntwo');
  });

  it('cuts long texts with an ellipsis and keeps the full text (bounded) for the hover', () => {
    const long = 'x'.repeat(5000);
    const s = robotText(long, 100);
    expect(s.cut).toBe(true);
    expect([...s.text]).toHaveLength(100);
    expect(s.text.endsWith('…')).toBe(true);
    expect(s.full.length).toBeLessThanOrEqual(TEXT_LIMITS.full + 1);
    expect(s.full.startsWith('x'.repeat(TEXT_LIMITS.full))).toBe(true);
  });

  it('leaves short texts whole, and counts code points so a cut never splits a surrogate pair', () => {
    expect(robotText('harness_bot', 48)).toEqual({ text: 'harness_bot', full: 'harness_bot', cut: false });
    const emoji = '😀'.repeat(10);
    expect(robotText(emoji, 10).cut).toBe(false);
    const cut = robotText(emoji, 5).text;
    expect([...cut]).toEqual(['😀', '😀', '😀', '😀', '…']);
  });

  it('shows nothing for values that are not text rather than "[object Object]"', () => {
    expect(shownText({ a: 1 })).toBe('');
    expect(shownText(undefined)).toBe('');
    expect(shownText(42)).toBe('42');
  });
});
