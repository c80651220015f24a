// Side panel tab for driving one robot: its mode and control holder, take control / hand back, the speed slider,
// the joystick, and the deadman state. The driving itself lives in teleopManager (keeps working on other tabs).
import { useEffect, useState } from 'react';
import { formatNumber, useLocale, useT, type MessageKey } from '../../i18n';
import { useFleetStore } from '../../fleet';
import { OperatorNameField } from './OperatorNameField';
import { handBack, takeControl } from './takeoverService';
import { useTakeoverStore } from './takeoverStore';
import { Joystick } from './Joystick';
import { activateTeleop } from './teleopManager';
import type { HaltReason } from './teleopController';
import { useTeleopStore } from './teleopStore';
import './takeover.css';

const HALT_KEY: Record<HaltReason, MessageKey> = {
  release: 'teleop.halt.release',
  blur: 'teleop.halt.blur',
  hidden: 'teleop.halt.hidden',
  link: 'teleop.halt.link',
  control: 'teleop.halt.control',
  estop: 'teleop.halt.estop',
  expired: 'teleop.halt.expired',
  dispose: 'teleop.halt.dispose',
};

export function TeleopPanel({ robotId: forced }: { robotId?: string }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const selectedId = useFleetStore((s) => s.selectedId);
  const robotId = forced ?? selectedId;
  const robot = useFleetStore((s) => s.robots.find((r) => r.id === robotId));
  const linkState = useFleetStore((s) => (robotId ? s.views[robotId]?.status.state : undefined));
  const control = useTakeoverStore((s) => (robotId ? s.control[robotId] : undefined));
  const mode = useTakeoverStore((s) => (robotId ? (s.mode[robotId] ?? 'auto') : 'auto'));
  const operatorName = useTakeoverStore((s) => s.operatorName);
  const teleopRobot = useTeleopStore((s) => s.robotId);
  const snapshot = useTeleopStore((s) => s.snapshot);
  const speed = useTeleopStore((s) => s.speedFraction);
  const setSpeed = useTeleopStore((s) => s.setSpeedFraction);
  const robotMax = useTeleopStore((s) => s.robotMaxSpeed);
  const gamepad = useTeleopStore((s) => s.gamepad);
  const [busy, setBusy] = useState(false);

  // Holding control of the robot shown here makes it the one teleop drives.
  useEffect(() => {
    if (robotId && control?.mine && mode === 'teleop' && teleopRobot !== robotId) activateTeleop(robotId);
  }, [robotId, control?.mine, mode, teleopRobot]);

  if (!robotId || !robot) return <p className="muted">{t('teleop.noRobot')}</p>;

  const driving = teleopRobot === robotId ? snapshot : undefined;
  const since = control ? new Date(control.since).toLocaleTimeString(locale) : '';
  const linearCap = driving?.linearCap ?? (robotMax ?? 0.5) * speed;
  const deadmanKey: MessageKey = driving?.active
    ? 'teleop.deadman.driving'
    : driving?.deadman
      ? 'teleop.deadman.blocked'
      : 'teleop.deadman.released';

  return (
    <div className="teleop-panel" data-testid="teleop-panel" data-robot={robotId}>
      <h2 className="panel-title">
        {t('teleop.title')}: {robot.name}
      </h2>
      <p data-testid="teleop-mode" data-mode={mode}>
        {t(mode === 'teleop' ? 'teleop.mode.teleop' : 'teleop.mode.auto')}
      </p>
      <p
        className="teleop-holder"
        data-testid="teleop-holder"
        data-mine={control?.mine ? 'true' : 'false'}
        data-holder={control?.holder ?? ''}
        data-known={control ? 'true' : 'false'}
      >
        {!control
          ? t('teleop.control.unknown')
          : control.holder === ''
            ? t('teleop.control.none')
            : control.mine
              ? t('teleop.control.mine', { name: control.holder, time: since })
              : t('teleop.control.other', { name: control.holder, time: since })}
      </p>
      {linkState && linkState !== 'connected' && <p className="warning">{t('teleop.linkDown')}</p>}
      {!operatorName.trim() && <OperatorNameField />}
      <div className="teleop-actions">
        {control?.mine ? (
          <>
            {teleopRobot !== robotId && (
              <button type="button" data-testid="teleop-drive" onClick={() => activateTeleop(robotId)}>
                {t('teleop.drive')}
              </button>
            )}
            <button type="button" data-testid="teleop-handback" onClick={() => handBack(robotId)}>
              {t('teleop.handBack')}
            </button>
          </>
        ) : (
          <button
            type="button"
            data-testid="teleop-take-control"
            disabled={busy || !operatorName.trim() || (!!control && control.holder !== '')}
            onClick={() => {
              setBusy(true);
              void takeControl(robotId, 'operator initiated').finally(() => setBusy(false));
            }}
          >
            {t('teleop.takeControl')}
          </button>
        )}
      </div>
      <label className="teleop-speed">
        <span>{t('teleop.speed')}</span>
        <input
          type="range"
          min={0.05}
          max={1}
          step={0.05}
          value={speed}
          data-testid="teleop-speed"
          onChange={(e) => setSpeed(Number(e.target.value))}
        />
        <span>{t('teleop.speedValue', { v: formatNumber(locale, linearCap, 2) })}</span>
      </label>
      {robotMax !== undefined && teleopRobot === robotId && (
        <p className="muted">{t('teleop.robotMax', { v: formatNumber(locale, robotMax, 2) })}</p>
      )}
      <p
        className={driving?.active ? 'teleop-deadman active' : 'teleop-deadman'}
        data-testid="teleop-deadman"
        data-active={driving?.active ? 'true' : 'false'}
        data-deadman={driving?.deadman ? 'true' : 'false'}
      >
        {t(deadmanKey)}
      </p>
      {driving?.lastHalt && <p className="muted">{t('teleop.lastHalt', { reason: t(HALT_KEY[driving.lastHalt]) })}</p>}
      <Joystick disabled={!control?.mine || teleopRobot !== robotId} />
      <p className="muted">{gamepad ? t('teleop.gamepad', { name: gamepad }) : t('teleop.gamepad.none')}</p>
      <p className="muted">{t('teleop.help')}</p>
    </div>
  );
}
