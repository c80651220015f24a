// A robot's safety state in words, as the robot confirmed it (safetyModel.ts): the fleet card, the teleop and
// task panels show the same badge. Stopped is unmistakable (solid red); a stop the robot has not confirmed is
// shown as such; "unknown" says the robot does not state it.
import { translate, useLocale, useT, type Locale } from '../i18n';
import { UNKNOWN_SAFETY, type SafetyView } from './safetyModel';
import { useSafetyStore } from './safetyStore';

type T = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => string;

function time(at: number | undefined, locale: Locale): string {
  return at ? new Date(at).toLocaleTimeString(locale) : '?';
}

/** The headline: "E-STOPPED", "Re-enabling…", "Stop NOT confirmed…", "Running", "not stated". */
export function safetyHeadline(t: T, v: SafetyView): string {
  if (v.phase === 'stopped') return t('safety.stopped');
  if (v.phase === 'reenabling') return t('safety.reenabling', { name: v.reenableBy ?? '?' });
  if (v.pendingStop?.error) return t('safety.stopNotConfirmed', { error: v.pendingStop.error });
  if (v.pendingStop) return t('safety.stopRequested', { name: v.pendingStop.by });
  return v.phase === 'running' ? t('safety.running') : t('safety.unknown');
}

/** Who, when, from where, and what confirmed it: "E-stopped by Ana at 12:01:02 · from this console · ...". */
export function safetyDetail(t: T, v: SafetyView, locale: Locale, consoleId: string | undefined): string {
  if (v.phase !== 'stopped') return v.enableError ? t('safety.enableFailed', { message: v.enableError }) : '';
  const parts = [
    v.stoppedBy
      ? t('safety.stoppedBy', { name: v.stoppedBy, time: time(v.stoppedAt, locale) })
      : t('safety.stoppedAt', { time: time(v.stoppedAt, locale) }),
  ];
  if (v.stoppedFrom) parts.push(v.stoppedFrom === consoleId ? t('safety.fromHere') : t('safety.fromOther'));
  parts.push(v.confirmedBy === 'topic' ? t('safety.confirmedTopic') : t('safety.confirmedService'));
  if (v.reason) parts.push(v.reason);
  if (v.enableError) parts.push(t('safety.enableFailed', { message: v.enableError }));
  return parts.join(' · ');
}

/** For the 3D label (a canvas sprite, so plain text): empty unless the robot is or may be stopped. */
export function safetyLabelText(locale: Locale, v: SafetyView | undefined): string {
  if (!v) return '';
  const t: T = (k, vars) => translate(locale, k, vars);
  if (v.phase === 'stopped' || v.phase === 'reenabling' || v.pendingStop) return safetyHeadline(t, v);
  return '';
}

export function SafetyBadge({ robotId, compact }: { robotId: string; compact?: boolean }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const v = useSafetyStore((s) => s.views[robotId]) ?? UNKNOWN_SAFETY;
  const consoleId = useSafetyStore((s) => s.consoleId);
  const tone = v.phase === 'stopped' || v.pendingStop ? 'stopped' : v.phase;
  if (compact && v.phase === 'unknown' && !v.pendingStop && !v.enableError) {
    return (
      <div className="safety-badge safety-unknown" data-testid="safety-badge" data-phase={v.phase}>
        {t('safety.unknown')}
      </div>
    );
  }
  const detail = safetyDetail(t, v, locale, consoleId);
  return (
    <div
      className={`safety-badge safety-${tone}`}
      data-testid="safety-badge"
      data-phase={v.phase}
      role={tone === 'stopped' ? 'status' : undefined}
    >
      <strong>{safetyHeadline(t, v)}</strong>
      {detail && <span className="safety-detail"> {detail}</span>}
    </div>
  );
}
