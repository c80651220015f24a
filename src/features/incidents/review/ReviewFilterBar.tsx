import { useT } from '../../../i18n';
import { categoryLabel, SEVERITY_KEYS, useTaxonomy } from '../labels';
import { SEVERITIES } from '../types';
import { useReviewStore } from './reviewStore';

/** Filters of the review list: robot, category, severity, reviewed or not, and a date range. */
export function ReviewFilterBar({ robotIds, robotName }: { robotIds: readonly string[]; robotName(id: string): string }) {
  const t = useT();
  const taxonomy = useTaxonomy();
  const filters = useReviewStore((s) => s.filters);
  const setFilters = useReviewStore((s) => s.setFilters);
  return (
    <div className="review-filters">
      <label>
        {t('review.filter.robot')}
        <select value={filters.robotId} onChange={(e) => setFilters({ robotId: e.target.value })} data-testid="review-filter-robot">
          <option value="">{t('review.filter.any')}</option>
          {robotIds.map((id) => (
            <option key={id} value={id}>
              {robotName(id)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('review.filter.category')}
        <select value={filters.category} onChange={(e) => setFilters({ category: e.target.value })} data-testid="review-filter-category">
          <option value="">{t('review.filter.any')}</option>
          {taxonomy.map((c) => (
            <option key={c} value={c}>
              {categoryLabel(t, c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('review.filter.severity')}
        <select value={filters.severity} onChange={(e) => setFilters({ severity: e.target.value })} data-testid="review-filter-severity">
          <option value="">{t('review.filter.any')}</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {t(SEVERITY_KEYS[s])}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('review.filter.reviewed')}
        <select
          value={filters.reviewed}
          onChange={(e) => setFilters({ reviewed: e.target.value as 'any' | 'yes' | 'no' })}
          data-testid="review-filter-reviewed"
        >
          <option value="any">{t('review.filter.any')}</option>
          <option value="yes">{t('review.filter.reviewedYes')}</option>
          <option value="no">{t('review.filter.reviewedNo')}</option>
        </select>
      </label>
      <label>
        {t('review.filter.from')}
        <input type="date" value={filters.from} onChange={(e) => setFilters({ from: e.target.value })} />
      </label>
      <label>
        {t('review.filter.to')}
        <input type="date" value={filters.to} onChange={(e) => setFilters({ to: e.target.value })} />
      </label>
    </div>
  );
}
