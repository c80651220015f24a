import { useLocale, useT } from '../../../i18n';
import { CLIP_KEYS, categoryLabel, formatTime, SEVERITY_KEYS } from '../labels';
import { SEVERITY_COLORS, type Incident } from '../types';
import { openIncident, useReviewStore } from './reviewStore';

function ReviewItem({ incident: i, robotName }: { incident: Incident; robotName(id: string): string }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const isSelected = useReviewStore((s) => s.selected.includes(i.id));
  const toggleSelected = useReviewStore((s) => s.toggleSelected);
  return (
    <div className={`review-item${isSelected ? ' selected' : ''}`} data-testid="review-item" data-incident-id={i.id}>
      <input type="checkbox" checked={isSelected} aria-label={t('review.select', { id: i.id })} onChange={() => toggleSelected(i.id)} />
      <span className="sev-dot" style={{ background: i.severity ? SEVERITY_COLORS[i.severity] : '#93a1b1' }} />
      <div className="main">
        <span>
          {categoryLabel(t, i.category)}
          {i.severity && <span className="muted">{` · ${t(SEVERITY_KEYS[i.severity])}`}</span>}
          {i.labelState === 'draft' && <span className="muted">{` · ${t('incidents.draft')}`}</span>}
        </span>
        <span className="sub">
          {`${formatTime(locale, i.at)} · ${robotName(i.robotId)} · ${t(CLIP_KEYS[i.clipState])}`}
          {i.reviewed ? ` · ${t('review.filter.reviewedYes')}` : ''}
        </span>
      </div>
      <button type="button" data-testid="review-open" onClick={() => void openIncident(i.id)}>
        {t('review.open')}
      </button>
    </div>
  );
}

/** The incidents the filters let through, newest first, each selectable for export and openable. */
export function ReviewList({ shown, robotName }: { shown: readonly Incident[]; robotName(id: string): string }) {
  const t = useT();
  return (
    <div className="review-list" data-testid="review-list">
      {shown.length === 0 && <p className="muted">{t('review.empty')}</p>}
      {shown.map((i) => (
        <ReviewItem key={i.id} incident={i} robotName={robotName} />
      ))}
    </div>
  );
}
