import type { LinkStatus } from '../../ros';
import { useT } from '../../i18n';

/** "Reconnecting · connection refused · retry in 3 s (attempt 2)" in the person's language. */
export function RobotStatusText({ status }: { status: LinkStatus }) {
  const t = useT();
  const parts: string[] = [t(`status.${status.state}`)];
  if (status.reason && status.state !== 'connected') parts.push(status.reason);
  if (status.state === 'reconnecting') {
    if (status.nextRetryAt) {
      const s = Math.max(0, Math.ceil((status.nextRetryAt - Date.now()) / 1000));
      parts.push(t('status.retryIn', { s }));
    }
    if (status.attempt > 0) parts.push(t('status.attempt', { n: status.attempt }));
  }
  return <span className={`status-text status-${status.state}`}>{parts.join(' · ')}</span>;
}
