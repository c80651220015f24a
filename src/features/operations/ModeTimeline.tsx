import { useT } from '../../i18n';
import { MODE_COLORS } from './modeColors';
import { modeSpans, type RobotMode, type ServiceRecords } from './serviceFigures';
import type { ShiftWindow } from './shifts';

/** One robot's modes over the shift as coloured spans. */
export function ModeTimeline({
  records,
  robotId,
  shift,
  name,
}: {
  records: ServiceRecords;
  robotId: string;
  shift: ShiftWindow;
  name: string;
}) {
  const spans = modeSpans(
    records.modes.filter((m) => m.robotId === robotId),
    shift.start,
    shift.end,
  );
  const total = shift.end - shift.start;
  return (
    <div className="mode-timeline" data-testid="mode-timeline" data-robot={robotId}>
      <span className="mode-timeline-name">{name}</span>
      <svg viewBox="0 0 1000 16" preserveAspectRatio="none" role="img" aria-label={name}>
        {spans.map((s, i) => (
          <rect
            key={i}
            x={((s.start - shift.start) / total) * 1000}
            width={((s.end - s.start) / total) * 1000}
            y={0}
            height={16}
            fill={MODE_COLORS[s.mode]}
          >
            <title>{s.mode}</title>
          </rect>
        ))}
      </svg>
    </div>
  );
}

export function ModeLegend() {
  const t = useT();
  return (
    <div className="mode-legend">
      {(Object.keys(MODE_COLORS) as RobotMode[]).map((m) => (
        <span key={m}>
          <i style={{ background: MODE_COLORS[m] }} /> {t(`ops.${m}`)}
        </span>
      ))}
    </div>
  );
}
