import { useT } from '../../../i18n';
import { categoryLabel, SEVERITY_KEYS } from '../labels';
import { SEVERITIES } from '../types';

interface SelectProps {
  /** Text of the label in front of the list. */
  label: string;
  /** Text of the empty choice ("any" in a filter, "unlabelled" in a correction). */
  empty: string;
  value: string;
  onChange(value: string): void;
  testId: string;
}

/** A category list (the site's taxonomy, plus whatever the caller adds) with an empty first choice. */
export function CategorySelect({ categories, ...p }: SelectProps & { categories: readonly string[] }) {
  const t = useT();
  return (
    <label>
      {p.label}
      <select value={p.value} onChange={(e) => p.onChange(e.target.value)} data-testid={p.testId}>
        <option value="">{p.empty}</option>
        {categories.map((c) => (
          <option key={c} value={c}>
            {categoryLabel(t, c)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The severity list, in the order of SEVERITIES, with an empty first choice. */
export function SeveritySelect(p: SelectProps) {
  const t = useT();
  return (
    <label>
      {p.label}
      <select value={p.value} onChange={(e) => p.onChange(e.target.value)} data-testid={p.testId}>
        <option value="">{p.empty}</option>
        {SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {t(SEVERITY_KEYS[s])}
          </option>
        ))}
      </select>
    </label>
  );
}
