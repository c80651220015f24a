import { useLocale, useT } from '../../../i18n';
import { categoryLabel } from '../labels';
import { SEVERITIES, SEVERITY_COLORS, type Incident } from '../types';

// Drawn in the panel's own proportions (about 350 px wide) so text and dots are not stretched.
const W = 360;
const H = 96;
const PAD = 10;

/** Incidents over time, one lane per severity (unlabelled on top), coloured by severity. */
export function IncidentTimeline({ incidents, onOpen }: { incidents: readonly Incident[]; onOpen(id: string): void }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  if (incidents.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const i of incidents) {
    min = Math.min(min, i.at);
    max = Math.max(max, i.at);
  }
  if (max - min < 60_000) {
    min -= 30_000;
    max += 30_000;
  }
  const x = (at: number) => PAD + ((at - min) / (max - min)) * (W - 2 * PAD);
  const lanes = SEVERITIES.length + 1;
  const y = (i: Incident) => {
    const lane = i.severity ? SEVERITIES.indexOf(i.severity) + 1 : 0;
    return 8 + (lane + 0.5) * ((H - 26) / lanes);
  };
  const fmt = (at: number) =>
    new Date(at).toLocaleString(locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
  return (
    <svg className="review-timeline" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('review.timeline')} data-testid="review-timeline">
      <line x1={PAD} x2={W - PAD} y1={H - 18} y2={H - 18} stroke="#3a4654" />
      <text x={PAD} y={H - 4} fill="#93a1b1" fontSize="10">
        {fmt(min)}
      </text>
      <text x={W - PAD} y={H - 4} fill="#93a1b1" fontSize="10" textAnchor="end">
        {fmt(max)}
      </text>
      {incidents.map((i) => (
        <circle
          key={i.id}
          cx={x(i.at)}
          cy={y(i)}
          r={4.5}
          fill={i.severity ? SEVERITY_COLORS[i.severity] : '#93a1b1'}
          stroke={i.reviewed ? '#e8edf3' : 'none'}
          style={{ cursor: 'pointer' }}
          onClick={() => onOpen(i.id)}
        >
          <title>{`${fmt(i.at)} ${i.robotName} ${categoryLabel(t, i.category)}`}</title>
        </circle>
      ))}
    </svg>
  );
}
