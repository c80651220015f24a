import { formatNumber, useLocale, useT } from '../../i18n';
import { AddRobotForm } from './AddRobotForm';
import { RobotStatusText } from './RobotStatusText';
import { SafetyBadge, motionBlocked, useFleetStore, useRobotLabel, useSafetyStore, type RobotEntry } from '../../fleet';
import { RobotText, shownText, TEXT_LIMITS } from '../../ui';

type T = ReturnType<typeof useT>;

/** "12 s", "3 min 4 s", "2 h 5 min". */
export function durationText(t: T, ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) return t('fleet.duration.h', { h, m });
  if (m) return t('fleet.duration.min', { m, s });
  return t('fleet.duration.s', { s });
}

function RobotCard({ robot, index }: { robot: RobotEntry; index: number }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const view = useFleetStore((s) => s.views[robot.id]);
  const selected = useFleetStore((s) => s.selectedId === robot.id);
  const select = useFleetStore((s) => s.select);
  const remove = useFleetStore((s) => s.removeRobot);
  const state = view?.status.state ?? 'connecting';
  const latency = view?.status.latencyMs;
  const label = useRobotLabel(robot.id);
  const safety = useSafetyStore((s) => s.views[robot.id]);
  const stopped = motionBlocked(safety);
  // While the robot is away its last figures stay, greyed, with their age; the card says for how long.
  const downSince = state !== 'connected' ? view?.status.downSince : undefined;
  const now = Date.now();
  const figuresAt = view?.status.figuresAt ?? downSince;
  const stale = downSince !== undefined && (latency !== undefined || view?.battery !== undefined);
  return (
    <div
      className={`robot-card state-${state}${selected ? ' selected' : ''}${stopped ? ' safety-stopped' : ''}`}
      data-testid="robot-card"
      data-robot-id={robot.id}
      data-state={state}
      data-safety={safety?.phase ?? 'unknown'}
      style={stopped ? undefined : { borderColor: robot.color }}
      role="button"
      tabIndex={0}
      aria-pressed={selected}
      title={`${shownText(label, TEXT_LIMITS.full)} (${robot.url}) — Alt+${index + 1}`}
      onClick={() => select(selected ? undefined : robot.id)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          select(selected ? undefined : robot.id);
        }
      }}
    >
      <div className="robot-card-head">
        <span className="robot-swatch" style={{ background: robot.color }} />
        <strong className="robot-name" data-testid="robot-name">
          <RobotText text={label} max={TEXT_LIMITS.name + 24} />
        </strong>
        <button
          className="icon-button"
          aria-label={t('fleet.remove', { name: shownText(label, TEXT_LIMITS.name) })}
          onClick={(e) => {
            e.stopPropagation();
            remove(robot.id);
          }}
        >
          ×
        </button>
      </div>
      <div className="robot-card-status" data-testid="robot-status">
        {view ? <RobotStatusText status={view.status} /> : t('status.connecting')}
      </div>
      <SafetyBadge robotId={robot.id} compact />
      {downSince !== undefined && (
        <div className="robot-card-down" data-testid="robot-down-for">
          {t('fleet.unreachableFor', { d: durationText(t, now - downSince) })}
        </div>
      )}
      <div className={`robot-card-figures${stale ? ' stale' : ''}`} data-stale={stale || undefined}>
        <span data-testid="robot-latency">
          {t('fleet.latency')}: {latency !== undefined ? `${formatNumber(locale, latency)} ms` : t('fleet.unknown')}
        </span>
        <span data-testid="robot-battery">
          {t('fleet.battery')}: {view?.battery !== undefined ? `${formatNumber(locale, view.battery * 100)} %` : t('fleet.unknown')}
        </span>
        {stale && figuresAt !== undefined && (
          <span className="robot-figures-age" data-testid="robot-figures-age">
            {t('fleet.figuresAge', { d: durationText(t, now - figuresAt) })}
          </span>
        )}
      </div>
      <div className="robot-url">
        <RobotText text={robot.url} />
      </div>
    </div>
  );
}

export function FleetStrip() {
  const t = useT();
  const robots = useFleetStore((s) => s.robots);
  return (
    <section className="fleet-strip" aria-label={t('fleet.title')} data-testid="fleet-strip">
      <div className="fleet-cards">
        {robots.length === 0 && <p className="muted">{t('fleet.empty')}</p>}
        {robots.map((r, i) => (
          <RobotCard key={r.id} robot={r} index={i} />
        ))}
      </div>
      <AddRobotForm />
    </section>
  );
}
