import type { RefObject } from 'react';
import { useT } from '../../i18n';
import { ChoiceGroup } from './ChoiceGroup';
import { categoryLabel, SEVERITY_KEYS } from './labels';
import { SEVERITIES, SEVERITY_COLORS, type Severity } from './types';

interface ChoiceProps<T> {
  groupRef: RefObject<HTMLDivElement | null>;
  active: boolean;
  value: T | null;
  onFocus(): void;
  onPick(v: T): void;
}

/** The site's categories, the first nine with their digit key. */
export function CategoryChoices({ taxonomy, ...p }: ChoiceProps<string> & { taxonomy: readonly string[] }) {
  const t = useT();
  return (
    <ChoiceGroup groupRef={p.groupRef} group="category" label={t('incidents.form.category')} active={p.active} onFocus={p.onFocus}>
      {taxonomy.map((c, i) => (
        <button key={c} type="button" role="radio" aria-checked={p.value === c} tabIndex={-1} onClick={() => p.onPick(c)}>
          {i < 9 && <span className="key">{i + 1}</span>}
          {categoryLabel(t, c)}
        </button>
      ))}
    </ChoiceGroup>
  );
}

export function SeverityChoices(p: ChoiceProps<Severity>) {
  const t = useT();
  return (
    <ChoiceGroup groupRef={p.groupRef} group="severity" label={t('incidents.form.severity')} active={p.active} onFocus={p.onFocus}>
      {SEVERITIES.map((s, i) => (
        <button key={s} type="button" role="radio" aria-checked={p.value === s} tabIndex={-1} onClick={() => p.onPick(s)}>
          <span className="sev-dot" style={{ background: SEVERITY_COLORS[s] }} />
          <span className="key">{i + 1}</span>
          {t(SEVERITY_KEYS[s])}
        </button>
      ))}
    </ChoiceGroup>
  );
}

/** Free text: comma-separated tags and a note (Shift+Enter for a new line). */
export function TagsAndNote(p: {
  tags: string;
  note: string;
  noteRef: RefObject<HTMLTextAreaElement | null>;
  onFocus(): void;
  onTags(v: string): void;
  onNote(v: string): void;
}) {
  const t = useT();
  return (
    <>
      <label>
        {t('incidents.form.tags')}
        <input type="text" value={p.tags} data-testid="incident-tags" onFocus={p.onFocus} onChange={(e) => p.onTags(e.target.value)} />
      </label>
      <label>
        {t('incidents.form.note')}
        <textarea
          ref={p.noteRef}
          rows={2}
          value={p.note}
          data-testid="incident-note"
          onFocus={p.onFocus}
          onChange={(e) => p.onNote(e.target.value)}
        />
      </label>
    </>
  );
}
