// The header's hub indicator says how far behind the console is while it catches up: records, and for a
// long outage also how long since it last had everything.
import { describe, expect, it } from 'vitest';
import { translate, type Locale, type MessageKey } from '../../src/i18n';
import { statusText } from '../../src/app/HubStatus';
import type { SyncStatus } from '../../src/sync';

const t = (locale: Locale) => (k: MessageKey, v?: Record<string, string | number>) => translate(locale, k, v);
const syncing = (records: number, ms: number): SyncStatus => ({
  state: 'syncing',
  pending: 0,
  cursor: 10,
  head: 10 + records,
  behind: { records, ms },
  rejections: [],
});

describe('hub status text', () => {
  it('says how many records and how many minutes behind after an outage, in English and Chinese', () => {
    expect(statusText(t('en'), syncing(420, 62 * 60_000))).toBe('Hub: catching up, 420 records behind (62 min)');
    expect(statusText(t('zh-CN'), syncing(420, 62 * 60_000))).toBe('中心：正在追赶，落后 420 条记录（62 分钟）');
  });
  it('says only the records for a short gap, and "connected" once caught up and live', () => {
    expect(statusText(t('en'), syncing(3, 2000))).toBe('Hub: behind 3 records');
    expect(statusText(t('en'), { ...syncing(0, 0), state: 'live' })).toBe('Hub connected');
  });
});
