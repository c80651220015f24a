// Sign-in to the site hub: a person's name and password (the hub checks them; the console keeps only the
// session token the hub answers with).
import { useState, type FormEvent } from 'react';
import { useT, type MessageKey } from '../i18n';
import { HubError } from '../sync';
import { getSyncClient } from './hubRuntime';

export function signInErrorKey(err: unknown): { key: MessageKey; error?: string } {
  if (err instanceof HubError) {
    if (err.kind === 'unauthenticated') return { key: 'hub.signin.badCredentials' };
    if (err.status === 429) return { key: 'hub.signin.tooMany' };
    if (err.kind === 'unreachable' || err.kind === 'unavailable') return { key: 'hub.signin.unreachable' };
  }
  return { key: 'hub.signin.failed', error: err instanceof Error ? err.message : String(err) };
}

export function HubSignIn() {
  const t = useT();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const c = getSyncClient();
    if (!c || busy) return;
    setBusy(true);
    setError(undefined);
    c.signIn(user.trim(), password).then(
      () => {
        setPassword('');
        setBusy(false);
      },
      (err: unknown) => {
        const k = signInErrorKey(err);
        setError(t(k.key, { error: k.error ?? '' }));
        setBusy(false);
      },
    );
  };
  return (
    <form className="hub-signin" onSubmit={submit} data-testid="hub-signin">
      <h3>{t('hub.signin.title')}</h3>
      <label>
        {t('hub.signin.user')}
        <input value={user} onChange={(e) => setUser(e.target.value)} autoComplete="username" data-testid="hub-user" required />
      </label>
      <label>
        {t('hub.signin.password')}
        <input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          data-testid="hub-password"
          required
        />
      </label>
      <button type="submit" disabled={busy} data-testid="hub-signin-submit">
        {busy ? t('hub.signin.busy') : t('hub.signin.submit')}
      </button>
      {error && (
        <p role="alert" className="hub-error" data-testid="hub-signin-error">
          {error}
        </p>
      )}
    </form>
  );
}
