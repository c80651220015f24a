import type { MessageKey } from '../i18n';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** "42 s" / "3 min 5 s" in the person's language. */
export function formatDuration(t: T, ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return t('time.seconds', { n: total });
  return t('time.minutes', { m: Math.floor(total / 60), s: total % 60 });
}
