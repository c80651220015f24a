// The header's sync indicator: connected, behind N records, offline since when, records waiting to go.
// Without a hub it shows nothing (the console works alone, as without this feature).
import { useT, type MessageKey } from '../i18n';
import type { SyncStatus } from '../sync';
import { useHubStore } from './hubStore';

const clock = (ms: number) => new Date(ms).toLocaleTimeString();

export function statusText(
  t: (k: MessageKey, v?: Record<string, string | number>) => string,
  s: SyncStatus | undefined,
  offlineSince?: number,
): string {
  if (!s) return t('hub.status.syncing');
  switch (s.state) {
    case 'signedOut':
      return t('hub.status.signedOut');
    case 'paused':
      return t('hub.status.paused');
    case 'offline':
      return t('hub.status.offline', { since: clock(offlineSince ?? Date.now()) });
    case 'live':
      return t('hub.status.live');
    default:
      if (s.behind.records <= 0) return t('hub.status.syncing');
      // Back after a long outage: how many records and how long since it last had everything.
      return s.behind.ms >= 60_000
        ? t('hub.status.behindFor', { n: s.behind.records, min: Math.round(s.behind.ms / 60_000) })
        : t('hub.status.behind', { n: s.behind.records });
  }
}

export function HubStatus({ onOpen }: { onOpen(): void }) {
  const t = useT();
  const url = useHubStore((s) => s.url);
  const status = useHubStore((s) => s.status);
  const offlineSince = useHubStore((s) => s.offlineSince);
  if (!url) return null;
  const state = status?.state ?? 'syncing';
  const title = t('hub.status.title', { state, cursor: status?.cursor ?? 0, head: status?.head ?? 0, pending: status?.pending ?? 0 });
  return (
    <button type="button" className={`hub-status hub-${state}`} data-testid="hub-status" data-state={state} title={title} onClick={onOpen}>
      <span className="hub-dot" aria-hidden="true" />
      {statusText(t, status, offlineSince)}
      {status && status.pending > 0 && <span className="hub-pending"> · {t('hub.status.pending', { n: status.pending })}</span>}
    </button>
  );
}
