import { useState } from 'react';
import { useT } from '../../i18n';
import { useSiteConfig } from './siteConfigStore';
import { exportSiteProfileFile, importSiteProfileFile, useProfileOutcome } from './siteProfileActions';
import { formatProblem } from './siteProfileParse';

/** Import, export and batch-instantiate the site's setup as one JSON file. */
export function SiteProfilePanel() {
  const t = useT();
  const siteName = useSiteConfig((s) => s.siteName);
  const outcome = useProfileOutcome((s) => s.outcome);
  const [count, setCount] = useState(3);
  const [basePort, setBasePort] = useState(9090);
  const importProfile = () => importSiteProfileFile(t);
  const exportProfile = (batch?: { count: number; basePort: number }) => exportSiteProfileFile(t, batch);

  return (
    <div className="site-profile" data-testid="site-profile">
      <p>
        {t('profile.siteName')}: <strong data-testid="site-name">{siteName || '—'}</strong>
      </p>
      <div className="row">
        <button data-testid="profile-import" onClick={() => void importProfile()}>
          {t('profile.import')}
        </button>
        <button data-testid="profile-export" onClick={() => void exportProfile()}>
          {t('profile.export')}
        </button>
      </div>
      <fieldset className="batch">
        <legend>{t('profile.batch')}</legend>
        <label>
          {t('profile.batchCount')}{' '}
          <input
            type="number"
            min={1}
            max={500}
            value={count}
            data-testid="batch-count"
            onChange={(e) => setCount(Number(e.target.value))}
          />
        </label>
        <label>
          {t('profile.batchPort')}{' '}
          <input
            type="number"
            min={1}
            max={65535}
            value={basePort}
            data-testid="batch-port"
            onChange={(e) => setBasePort(Number(e.target.value))}
          />
        </label>
        <button data-testid="profile-batch" onClick={() => void exportProfile({ count, basePort })}>
          {t('profile.batch')}
        </button>
      </fieldset>
      {outcome?.kind === 'ok' && (
        <p role="status" className="ok-text" data-testid="profile-result">
          {outcome.text}
        </p>
      )}
      {outcome?.kind === 'error' && (
        <p role="alert" className="form-error" data-testid="profile-result">
          {outcome.text}
        </p>
      )}
      {outcome?.kind === 'problems' && (
        <div role="alert" className="form-error" data-testid="profile-problems">
          <p>
            {t('profile.invalid')} <span className="mono">{outcome.file}</span>
          </p>
          <ul>
            {outcome.problems.map((p, i) => (
              <li key={i} className="mono" data-testid="profile-problem">
                {formatProblem(p)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
