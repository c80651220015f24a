// The hub tab: which hub (remembered), sign-in, and what the sync is doing (cursor, waiting records, what
// the hub refused).
import { useState, type FormEvent } from 'react';
import { useT } from '../i18n';
import { HubSignIn } from './HubSignIn';
import { statusText } from './HubStatus';
import { forgetHub, getSyncClient, connectHub } from './hubRuntime';
import { useHubStore } from './hubStore';

function HubAddress() {
  const t = useT();
  const url = useHubStore((s) => s.url);
  const [draft, setDraft] = useState(url ?? '');
  const [error, setError] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    connectHub(draft.trim()).catch((err: unknown) =>
      setError(t('hub.url.invalid', { error: err instanceof Error ? err.message : String(err) })),
    );
  };
  return (
    <form className="hub-address" onSubmit={submit}>
      <label>
        {t('hub.url.label')}
        <input value={draft} onChange={(e) => setDraft(e.target.value)} placeholder={t('hub.url.placeholder')} data-testid="hub-url" />
      </label>
      <button type="submit" data-testid="hub-url-use">
        {t('hub.url.use')}
      </button>
      {url && (
        <button type="button" onClick={() => forgetHub()} data-testid="hub-url-forget">
          {t('hub.url.forget')}
        </button>
      )}
      {error && (
        <p role="alert" className="hub-error">
          {error}
        </p>
      )}
    </form>
  );
}

function HubSession() {
  const t = useT();
  const status = useHubStore((s) => s.status);
  const offlineSince = useHubStore((s) => s.offlineSince);
  if (!status?.user)
    return (
      <>
        {status?.lastError && <p className="muted">{t('hub.lastError', { error: status.lastError })}</p>}
        <HubSignIn />
      </>
    );
  const c = getSyncClient();
  const u = status.user;
  return (
    <div className="hub-session" data-testid="hub-session">
      <p>{t('hub.signedInAs', { name: u.displayName || u.username, role: u.role, site: u.site })}</p>
      <p data-testid="hub-panel-status">
        {statusText(t, status, offlineSince)} ·{' '}
        {t('hub.status.title', { state: status.state, cursor: status.cursor, head: status.head, pending: status.pending })}
      </p>
      {status.lastError && <p className="muted">{t('hub.lastError', { error: status.lastError })}</p>}
      <button type="button" onClick={() => (status.state === 'paused' ? c?.resume() : c?.pause())}>
        {status.state === 'paused' ? t('hub.resume') : t('hub.pause')}
      </button>
      <button type="button" onClick={() => void c?.signOut()} data-testid="hub-signout">
        {t('hub.signout')}
      </button>
      {status.rejections.length > 0 && (
        <>
          <h3>{t('hub.rejections')}</h3>
          <ol className="hub-rejections" data-testid="hub-rejections">
            {status.rejections.slice(-10).map((r) => (
              <li key={r.item.seq}>
                {t('hub.rejection', { kind: r.item.kind, id: r.item.recordId, status: r.status, message: r.message })}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

export function HubPanel() {
  const t = useT();
  const url = useHubStore((s) => s.url);
  return (
    <div className="hub-panel" data-testid="hub-panel">
      <h2 className="panel-title">{t('hub.title')}</h2>
      <p className="muted">{t('hub.intro')}</p>
      <HubAddress />
      {url && <HubSession />}
    </div>
  );
}
