import { useCallback, useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { captureIncidentNow, useIncidentHotkey } from './useIncidentHotkey';
import './incidents.css';

/** Header button; also owns the "I" hotkey. */
export function IncidentButton() {
  const t = useT();
  const [hint, setHint] = useState(false);
  const noRobot = useCallback(() => setHint(true), []);
  useIncidentHotkey(noRobot);
  useEffect(() => {
    if (!hint) return;
    const timer = setTimeout(() => setHint(false), 3000);
    return () => clearTimeout(timer);
  }, [hint]);
  return (
    <span className="incident-button">
      <button
        type="button"
        data-testid="incident-button"
        title={t('incidents.reportHint')}
        aria-keyshortcuts="I"
        onClick={() => {
          if (!captureIncidentNow()) noRobot();
        }}
      >
        {t('incidents.report')}
        <kbd aria-hidden="true">I</kbd>
      </button>
      {hint && (
        <span className="incident-hint" role="status">
          {t('incidents.noRobot')}
        </span>
      )}
    </span>
  );
}
