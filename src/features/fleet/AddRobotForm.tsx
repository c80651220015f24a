import { useState } from 'react';
import { useT } from '../../i18n';
import { useFleetStore } from '../../fleet';

export function AddRobotForm() {
  const t = useT();
  const addRobot = useFleetStore((s) => s.addRobot);
  const [url, setUrl] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const err = addRobot(url, { remember: true });
    if (err === 'duplicate') setError(t('error.duplicate'));
    else if (err) setError(err);
    else {
      setError(null);
      setUrl('');
    }
  };

  return (
    <form className="add-robot" onSubmit={submit} aria-label={t('fleet.add.label')}>
      <input
        data-testid="add-robot-url"
        aria-label={t('fleet.add.label')}
        placeholder={t('fleet.add.placeholder')}
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        spellCheck={false}
      />
      <button type="submit" data-testid="add-robot-button" disabled={!url.trim()}>
        {t('fleet.add.button')}
      </button>
      {error && (
        <span role="alert" className="form-error" data-testid="add-robot-error">
          {error}
        </span>
      )}
    </form>
  );
}
