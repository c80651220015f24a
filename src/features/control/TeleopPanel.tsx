// Side panel tab for driving one robot: its mode and control holder, take control / hand back, the speed slider,
// the joystick, and the deadman state. The driving itself lives in teleopManager (keeps working on other tabs).
import { useEffect, useState } from 'react';
import { formatNumber, useLocale, useT, type MessageKey } from '../../i18n';
import { SafetyBadge, motionBlocked, shownRobotName, useFleetStore, useSafetyStore } from '../../fleet';
import { ReEnableButton } from './SafetyBar';
import { OperatorNameField } from './OperatorNameField';
import { handBack, takeControl } from './takeoverService';
import { useTakeoverStore } from './takeoverStore';
import { Joystick } from './Joystick';
import { activateTeleop } from './teleopManager';
import type { ControlView } from './takeoverChannel';
import type { HaltReason, TeleopSnapshot } from './teleopController';
import { useTeleopStore } from './teleopStore';
import { ArbitrationBanner, StaleHold, StallNotice } from './ArbitrationNotes';
import './takeover.css';

const HALT_KEY: Record<HaltReason, MessageKey> = {
  release: 'teleop.halt.release',
  blur: 'teleop.halt.blur',
  hidden: 'teleop.halt.hidden',
  link: 'teleop.halt.link',
  stall: 'teleop.halt.stall',
  control: 'teleop.halt.control',
  estop: 'teleop.halt.estop',
  expired: 'teleop.halt.expired',
  dispose: 'teleop.halt.dispose',
};

type ControlState = ControlView | undefined;

/** Who holds control of the robot and since when (unknown until the robot has said). */
function ControlHolder({ control }: { control: ControlState }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const since = control ? new Date(control.since).toLocaleTimeString(locale) : '';
  return (
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
  );
}

/** Take control (needs the operator's name, and nobody else holding it), or drive and hand back when it is ours. */
function ControlActions({ robotId, control, teleopRobot }: { robotId: string; control: ControlState; teleopRobot: string | undefined }) {
  const t = useT();
  const operatorName = useTakeoverStore((s) => s.operatorName);
  const [busy, setBusy] = useState(false);
  return (
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
  );
}

/** The speed slider (a fraction of the robot's top speed) and the resulting linear speed cap. */
function SpeedControl({ driving, drivingThis }: { driving: TeleopSnapshot | undefined; drivingThis: boolean }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const speed = useTeleopStore((s) => s.speedFraction);
  const setSpeed = useTeleopStore((s) => s.setSpeedFraction);
  const robotMax = useTeleopStore((s) => s.robotMaxSpeed);
  const linearCap = driving?.linearCap ?? (robotMax ?? 0.5) * speed;
  return (
    <>
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
      {robotMax !== undefined && drivingThis && <p className="muted">{t('teleop.robotMax', { v: formatNumber(locale, robotMax, 2) })}</p>}
    </>
  );
}

/** Whether the deadman is held (driving), held but blocked, or released, and why driving last stopped. */
function DeadmanState({ driving }: { driving: TeleopSnapshot | undefined }) {
  const t = useT();
  const deadmanKey: MessageKey = driving?.active
    ? 'teleop.deadman.driving'
    : driving?.deadman
      ? 'teleop.deadman.blocked'
      : 'teleop.deadman.released';
  return (
    <>
      <p
        className={driving?.active ? 'teleop-deadman active' : 'teleop-deadman'}
        data-testid="teleop-deadman"
        data-active={driving?.active ? 'true' : 'false'}
        data-deadman={driving?.deadman ? 'true' : 'false'}
      >
        {t(deadmanKey)}
      </p>
      {driving?.lastHalt && <p className="muted">{t('teleop.lastHalt', { reason: t(HALT_KEY[driving.lastHalt]) })}</p>}
    </>
  );
}

export function TeleopPanel({ robotId: forced }: { robotId?: string }) {
  const t = useT();
  const selectedId = useFleetStore((s) => s.selectedId);
  const robotId = forced ?? selectedId;
  const robot = useFleetStore((s) => s.robots.find((r) => r.id === robotId));
  const robots = useFleetStore((s) => s.robots);
  const linkState = useFleetStore((s) => (robotId ? s.views[robotId]?.status.state : undefined));
  const control = useTakeoverStore((s) => (robotId ? s.control[robotId] : undefined));
  const mode = useTakeoverStore((s) => (robotId ? (s.mode[robotId] ?? 'auto') : 'auto'));
  const operatorName = useTakeoverStore((s) => s.operatorName);
  const teleopRobot = useTeleopStore((s) => s.robotId);
  const snapshot = useTeleopStore((s) => s.snapshot);
  const gamepad = useTeleopStore((s) => s.gamepad);
  const stopped = useSafetyStore((s) => (robotId ? motionBlocked(s.views[robotId]) : false));

  // Holding control of the robot shown here makes it the one teleop drives.
  useEffect(() => {
    if (robotId && control?.mine && mode === 'teleop' && teleopRobot !== robotId) activateTeleop(robotId);
  }, [robotId, control?.mine, mode, teleopRobot]);

  if (!robotId || !robot) return <p className="muted">{t('teleop.noRobot')}</p>;

  const driving = teleopRobot === robotId ? snapshot : undefined;
  return (
    <div className="teleop-panel" data-testid="teleop-panel" data-robot={robotId}>
      <h2 className="panel-title">
        {t('teleop.title')}: {shownRobotName(robots, robot.id)}
      </h2>
      <p data-testid="teleop-mode" data-mode={mode}>
        {t(mode === 'teleop' ? 'teleop.mode.teleop' : 'teleop.mode.auto')}
      </p>
      <ArbitrationBanner robotId={robotId} control={control} />
      <SafetyBadge robotId={robotId} />
      {stopped && (
        <p className="safety-no-motion" data-testid="teleop-estopped">
          {t('safety.noMotion')} <ReEnableButton robotId={robotId} />
        </p>
      )}
      <ControlHolder control={control} />
      <StaleHold robotId={robotId} control={control} />
      {linkState && linkState !== 'connected' && <p className="warning">{t('teleop.linkDown')}</p>}
      {!operatorName.trim() && <OperatorNameField />}
      <ControlActions robotId={robotId} control={control} teleopRobot={teleopRobot} />
      <SpeedControl driving={driving} drivingThis={teleopRobot === robotId} />
      <StallNotice drivingThis={teleopRobot === robotId} />
      <DeadmanState driving={driving} />
      <Joystick disabled={!control?.mine || teleopRobot !== robotId} />
      <p className="muted">{gamepad ? t('teleop.gamepad', { name: gamepad }) : t('teleop.gamepad.none')}</p>
      <p className="muted">{t('teleop.help')}</p>
    </div>
  );
}
