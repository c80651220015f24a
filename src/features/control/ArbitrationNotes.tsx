// What the teleop panel says about who arbitrates control and about the link's health for motion:
// the plain "consoles arbitrate" banner for a stock robot, a stale hold with a deliberate, confirmed break,
// and the stall notice (driving stopped; a fresh key press is needed).
import { useState } from 'react';
import { useT } from '../../i18n';
import { formatDuration } from '../../ui';
import { leaseTopic } from '../../contracts';
import type { ControlView } from './takeoverChannel';
import { robotConfig } from './robotConfig';
import { breakStaleHold } from './takeoverService';
import { useTakeoverStore } from './takeoverStore';
import { useTeleopStore } from './teleopStore';

export function ArbitrationBanner({ robotId, control }: { robotId: string; control: ControlView | undefined }) {
  const t = useT();
  if (control?.arbitration !== 'consoles') return null;
  const topic = leaseTopic(robotConfig(robotId).ns);
  const hub = control.authority === 'hub';
  return (
    <div className="teleop-arbitration" role="note" data-testid="teleop-arbitration" data-authority={hub ? 'hub' : 'consoles'}>
      <strong>{t(hub ? 'teleop.arbitration.hub' : 'teleop.arbitration.consoles')}</strong>{' '}
      <span className="muted">{t(hub ? 'teleop.arbitration.hubDetail' : 'teleop.arbitration.consolesDetail', { topic })}</span>
    </div>
  );
}

/** Another console's hold that is no longer renewed: say so, and let a lead break it after confirming. */
export function StaleHold({ robotId, control }: { robotId: string; control: ControlView | undefined }) {
  const t = useT();
  const operator = useTakeoverStore((s) => s.operatorName.trim());
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string>();
  if (!control?.stale || control.mine || control.holder === '') return null;
  const silentFor = formatDuration(t, Date.now() - (control.renewedAt ?? Date.now()));
  return (
    <div className="teleop-stale" data-testid="teleop-stale">
      <p className="warning">{t('teleop.control.stale', { name: control.holder, time: silentFor })}</p>
      {confirming ? (
        <p>
          {t('teleop.breakConfirm', { name: control.holder })}{' '}
          <button
            type="button"
            className="danger"
            data-testid="teleop-break-confirm"
            onClick={() => {
              setConfirming(false);
              void breakStaleHold(robotId).then((r) => setError(r.ok ? undefined : (r.detail ?? r.error)));
            }}
          >
            {t('teleop.breakYes')}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            {t('takeover.cancel')}
          </button>
        </p>
      ) : (
        <button type="button" data-testid="teleop-break" disabled={!operator} onClick={() => setConfirming(true)}>
          {t('teleop.breakHold')}
        </button>
      )}
      {error && <p className="warning">{t('teleop.breakFailed', { reason: error })}</p>}
    </div>
  );
}

export function StallNotice({ drivingThis }: { drivingThis: boolean }) {
  const t = useT();
  const stalled = useTeleopStore((s) => s.stalled === true);
  if (!drivingThis || !stalled) return null;
  return (
    <p className="warning" role="alert" data-testid="teleop-stalled">
      {t('teleop.stalled')}
    </p>
  );
}
