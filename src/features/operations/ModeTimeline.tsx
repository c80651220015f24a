import { useT } from '../../i18n';
import { MODE_COLORS } from './modeColors';
import { modeSpans, type ServiceRecords, type SpanMode } from './serviceFigures';
import type { ShiftWindow } from './shifts';

/** One robot's modes over the shift as coloured spans; time nobody observed is hatched grey. */
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
  const t = useT();
  const spans = modeSpans(
    records.modes.filter((m) => m.robotId === robotId),
    shift.start,
    shift.end,
    records.observed,
  );
  const total = Math.max(1, shift.end - shift.start);
  return (
    <div className="mode-timeline" data-testid="mode-timeline" data-robot={robotId}>
      <span className="mode-timeline-name">{name}</span>
      <svg viewBox="0 0 1000 16" preserveAspectRatio="none" role="img" aria-label={name}>
        <defs>
          <pattern id="ops-unobserved" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill={MODE_COLORS.unobserved} />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#5a6572" strokeWidth="2" />
          </pattern>
        </defs>
        {spans.map((s, i) => (
          <rect
            key={i}
            data-mode={s.mode}
            x={((s.start - shift.start) / total) * 1000}
            width={((s.end - s.start) / total) * 1000}
            y={0}
            height={16}
            fill={s.mode === 'unobserved' ? 'url(#ops-unobserved)' : MODE_COLORS[s.mode]}
          >
            <title>{t(`ops.${s.mode}`)}</title>
          </rect>
        ))}
      </svg>
    </div>
  );
}

export function ModeLegend() {
  const t = useT();
  return (
    <div className="mode-legend" data-testid="mode-legend">
      {(Object.keys(MODE_COLORS) as SpanMode[]).map((m) => (
        <span key={m} data-mode={m}>
          <i className={m === 'unobserved' ? 'hatched' : undefined} style={{ background: MODE_COLORS[m] }} /> {t(`ops.${m}`)}
        </span>
      ))}
    </div>
  );
}
