// Under the header, only while some robot is (or may be) stopped: which robots, who stopped them, and the way
// back — "Re-enable" per robot and for all robots this console's last F1 stopped — through a confirmation that
// says what happens. Not a modal: the E-STOP stays reachable. The robot's answer to a failed re-enable is
// shown verbatim (SafetyBadge / the notice below).
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useT } from '../../i18n';
import { SafetyBadge, motionBlocked, useFleetStore, useSafetyStore, type SafetyView } from '../../fleet';
import { onLastF1Changed, stoppedByLastF1 } from './estopService';
import { reEnable } from './takeoverService';
import './takeover.css';

function needsAttention(v: SafetyView | undefined): boolean {
  return !!v && (motionBlocked(v) || v.enableError !== undefined);
}

/** The inline confirmation: what Re-enable does (the queue stays paused, nothing moves by itself). */
export function ReEnableConfirm({ robotIds, onDone }: { robotIds: string[]; onDone: () => void }) {
  const t = useT();
  const robots = useFleetStore((s) => s.robots);
  const [busy, setBusy] = useState(false);
  const names = robotIds.map((id) => robots.find((r) => r.id === id)?.name ?? id).join(', ');
  const go = (): void => {
    setBusy(true);
    void Promise.all(robotIds.map((id) => reEnable(id))).finally(() => {
      setBusy(false);
      onDone();
    });
  };
  return (
    <div className="reenable-confirm" role="alertdialog" aria-label={t('safety.confirm.title', { names })} data-testid="reenable-confirm">
      <strong>{t('safety.confirm.title', { names })}</strong>
      <p>{t('safety.confirm.body')}</p>
      <div className="reenable-actions">
        <button type="button" className="reenable-yes" data-testid="reenable-yes" disabled={busy} onClick={go}>
          {t('safety.confirm.yes')}
        </button>
        <button type="button" data-testid="reenable-cancel" disabled={busy} onClick={onDone}>
          {t('safety.confirm.cancel')}
        </button>
      </div>
    </div>
  );
}

/** "Re-enable" for one robot, opening the confirmation in place. */
export function ReEnableButton({ robotId }: { robotId: string }) {
  const t = useT();
  const v = useSafetyStore((s) => s.views[robotId]);
  const [asking, setAsking] = useState(false);
  if (!v || (v.phase !== 'stopped' && !v.pendingStop)) return null;
  return asking ? (
    <ReEnableConfirm robotIds={[robotId]} onDone={() => setAsking(false)} />
  ) : (
    <button type="button" className="reenable-button" data-testid="reenable" data-robot={robotId} onClick={() => setAsking(true)}>
      {t('safety.reenable')}
    </button>
  );
}

export function SafetyBar() {
  const t = useT();
  const robots = useFleetStore((s) => s.robots);
  const views = useSafetyStore((s) => s.views);
  const byF1 = useSyncExternalStore(onLastF1Changed, () => stoppedByLastF1().join('\n'));
  const [askAll, setAskAll] = useState(false);
  const shown = robots.filter((r) => needsAttention(views[r.id]));
  const all = byF1 ? byF1.split('\n') : [];
  useEffect(() => {
    if (all.length === 0) setAskAll(false);
  }, [all.length]);
  if (shown.length === 0) return null;
  return (
    <section
      className="safety-bar"
      data-testid="safety-bar"
      aria-label={t('safety.stoppedList', { names: shown.map((r) => r.name).join(', ') })}
    >
      <ul>
        {shown.map((r) => (
          <li key={r.id} data-testid="safety-bar-robot" data-robot={r.id}>
            <span className="safety-bar-name">{r.name}</span>
            <SafetyBadge robotId={r.id} />
            <ReEnableButton robotId={r.id} />
          </li>
        ))}
      </ul>
      {all.length > 1 &&
        (askAll ? (
          <ReEnableConfirm robotIds={all} onDone={() => setAskAll(false)} />
        ) : (
          <button type="button" className="reenable-button" data-testid="reenable-all" onClick={() => setAskAll(true)}>
            {t('safety.reenableAll', { n: all.length })}
          </button>
        ))}
    </section>
  );
}
