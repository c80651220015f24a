// The built-in shift names are the console's own words and are translated; a name a site profile gave its
// shifts is the site's and shown as written.
import { translate, type Locale, type MessageKey } from '../../i18n';

const BUILTIN: Record<string, MessageKey> = { Early: 'ops.shiftEarly', Late: 'ops.shiftLate', Night: 'ops.shiftNight' };

export function shiftLabel(locale: Locale, name: string): string {
  const key = BUILTIN[name];
  return key ? translate(locale, key) : name;
}

/** "06:00–14:00" in the site's zone. */
export function shiftTimes(locale: Locale, start: number, end: number, timeZone?: string): string {
  const f = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  return `${f.format(start)}–${f.format(end)}`;
}
