// Always-visible emergency stop for the header. F1 triggers it from anywhere (also while typing: F1 types
// nothing, unlike Shift+Space), in every mode; nothing in takeover/teleop is modal, so it is never covered.
import { useEffect, useState } from 'react';
import { useT } from '../../i18n';
import { shownRobotName, useFleetStore } from '../../fleet';
import { emergencyStop, estopTargets } from './takeoverService';
import { useTakeoverStore } from './takeoverStore';
import './takeover.css';

export const ESTOP_KEY = 'F1';

export function EStopButton() {
  const t = useT();
  const last = useTakeoverStore((s) => s.lastEstop);
  const [busy, setBusy] = useState(false);
  // Re-render on selection/fleet changes so the tooltip names the right robots.
  const robots = useFleetStore((s) => s.robots);
  useFleetStore((s) => s.selectedId);
  useTakeoverStore((s) => s.control);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== ESTOP_KEY && e.code !== ESTOP_KEY) return;
      e.preventDefault();
      e.stopPropagation();
      if (!e.repeat) void emergencyStop();
    };
    // Capture phase: no other handler can swallow it first.
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  const targets = estopTargets();
  const names =
    targets.length === robots.length && robots.length > 1
      ? t('estop.allRobots')
      : targets.map((id) => shownRobotName(robots, id)).join(', ');
  const press = (): void => {
    setBusy(true);
    void emergencyStop().finally(() => setBusy(false));
  };
  return (
    <span className="estop">
      <button
        type="button"
        className="estop-button"
        data-testid="estop-button"
        title={t('estop.title', { targets: names })}
        aria-label={t('estop.title', { targets: names })}
        aria-keyshortcuts={ESTOP_KEY}
        onClick={press}
        data-busy={busy || undefined}
      >
        {t('estop.button')} <kbd>{t('estop.hotkey')}</kbd>
      </button>
      {last && (
        <span
          className={last.disabled ? 'estop-status ok' : 'estop-status failed'}
          data-testid="estop-status"
          title={last.disabled ? t('estop.doneTitle') : undefined}
        >
          {last.disabled ? t('estop.done', { time: new Date(last.at).toLocaleTimeString() }) : t('estop.failed')}
        </span>
      )}
    </span>
  );
}
