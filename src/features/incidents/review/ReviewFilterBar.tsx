import { useT } from '../../../i18n';
import { useTaxonomy } from '../labels';
import { CategorySelect, SeveritySelect } from './LabelSelects';
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
      <CategorySelect
        label={t('review.filter.category')}
        empty={t('review.filter.any')}
        categories={taxonomy}
        value={filters.category}
        onChange={(category) => setFilters({ category })}
        testId="review-filter-category"
      />
      <SeveritySelect
        label={t('review.filter.severity')}
        empty={t('review.filter.any')}
        value={filters.severity}
        onChange={(severity) => setFilters({ severity })}
        testId="review-filter-severity"
      />
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
