import { describe, expect, it } from 'vitest';
import { durationText } from '../../../src/features/fleet/FleetStrip';
import { translate, type MessageKey } from '../../../src/i18n';

const t = ((k: MessageKey, v?: Record<string, string | number>) => translate('en', k, v)) as Parameters<typeof durationText>[0];
const zh = ((k: MessageKey, v?: Record<string, string | number>) => translate('zh-CN', k, v)) as Parameters<typeof durationText>[0];

describe('how long a robot has been unreachable, and how old its last figures are', () => {
  it('reads in seconds, minutes or hours', () => {
    expect(durationText(t, 12_400)).toBe('12 s');
    expect(durationText(t, 184_000)).toBe('3 min 4 s');
    expect(durationText(t, 2 * 3600_000 + 5 * 60_000)).toBe('2 h 5 min');
    expect(durationText(t, -5)).toBe('0 s');
    expect(durationText(zh, 184_000)).toBe('3 分 4 秒');
  });
});
