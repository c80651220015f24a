import { useState } from 'react';
import { useT } from '../../../i18n';
import { getIncidentService } from '../incidentService';
import { operatorName } from '../incidentStore';
import { parseTags, useTaxonomy } from '../labels';
import { type Incident, type Severity } from '../types';
import { CategorySelect, SeveritySelect } from './LabelSelects';
import { reviewRepo } from './reviewStore';

export interface Corrections {
  category: string;
  severity: string;
  tags: string;
  note: string;
}

/** The corrections being typed, and the incident's labels they started from. */
export interface CorrectionsState {
  id: string | undefined;
  base: Corrections;
  values: Corrections;
}

const EMPTY: Corrections = { category: '', severity: '', tags: '', note: '' };

function labelsOf(i: Incident): Corrections {
  return { category: i.category ?? '', severity: i.severity ?? '', tags: i.tags.join(', '), note: i.note };
}

const sameLabels = (a: Corrections, b: Corrections) =>
  a.category === b.category && a.severity === b.severity && a.tags === b.tags && a.note === b.note;

/**
 * The corrections for the incident shown now: another incident starts from its labels; the same incident whose
 * labels changed elsewhere (another console, through the hub) takes them unless the person has already typed a
 * correction, which is kept. Returns the same state object when nothing changes.
 */
export function nextCorrections(s: CorrectionsState, incident: Incident | undefined): CorrectionsState {
  if (!incident) return s;
  const now = labelsOf(incident);
  if (incident.id !== s.id) return { id: incident.id, base: now, values: now };
  if (sameLabels(now, s.base)) return s;
  return { id: s.id, base: now, values: sameLabels(s.values, s.base) ? now : s.values };
}

/**
 * The label corrections being typed for the shown incident (state adjusted while rendering, as React
 * recommends): see nextCorrections for when they follow the incident.
 */
export function useCorrections(incident: Incident | undefined) {
  const [state, setState] = useState<CorrectionsState>({ id: undefined, base: EMPTY, values: EMPTY });
  const next = nextCorrections(state, incident);
  if (next !== state) setState(next);
  const set = (patch: Partial<Corrections>) => setState((st) => ({ ...st, values: { ...st.values, ...patch } }));
  return [next.values, set] as const;
}

async function saveCorrections(incident: Incident, c: Corrections): Promise<void> {
  const labels = { category: c.category || null, severity: (c.severity || null) as Severity | null, tags: parseTags(c.tags), note: c.note };
  const svc = getIncidentService();
  if (svc) await svc.saveLabels(incident.id, labels, true);
  else await reviewRepo().updateLabels(incident.id, { ...labels, labelState: 'labelled' });
}

async function setReviewed(incident: Incident, reviewed: boolean): Promise<void> {
  const svc = getIncidentService();
  if (svc) await svc.markReviewed(incident.id, reviewed);
  else await reviewRepo().markReviewed(incident.id, reviewed, operatorName());
}

/** Category, severity, tags and note of the incident in review, editable. */
export function CorrectionFields({
  incident,
  values,
  set,
}: {
  incident: Incident;
  values: Corrections;
  set(p: Partial<Corrections>): void;
}) {
  const t = useT();
  const taxonomy = useTaxonomy();
  // A category the site no longer lists is still shown (and kept) for incidents labelled with it.
  const cats = incident.category && !taxonomy.includes(incident.category) ? [...taxonomy, incident.category] : taxonomy;
  return (
    <div className="review-filters">
      <CategorySelect
        label={t('incidents.form.category')}
        empty={t('incidents.unlabelled')}
        categories={cats}
        value={values.category}
        onChange={(category) => set({ category })}
        testId="review-category"
      />
      <SeveritySelect
        label={t('incidents.form.severity')}
        empty={t('incidents.unlabelled')}
        value={values.severity}
        onChange={(severity) => set({ severity })}
        testId="review-severity"
      />
      <label>
        {t('incidents.form.tags')}
        <input type="text" value={values.tags} onChange={(e) => set({ tags: e.target.value })} />
      </label>
      <label>
        {t('incidents.form.note')}
        <input type="text" value={values.note} onChange={(e) => set({ note: e.target.value })} data-testid="review-note" />
      </label>
    </div>
  );
}

/** Save the corrections; mark the incident reviewed (or not), saying by whom. */
export function CorrectionActions({ incident, values }: { incident: Incident; values: Corrections }) {
  const t = useT();
  return (
    <div className="review-tools">
      <button type="button" data-testid="review-save" onClick={() => void saveCorrections(incident, values)}>
        {t('review.saveLabels')}
      </button>
      <button type="button" data-testid="review-reviewed" onClick={() => void setReviewed(incident, !incident.reviewed)}>
        {incident.reviewed ? t('review.unmarkReviewed') : t('review.markReviewed')}
      </button>
      {incident.reviewed && incident.reviewedBy && <span className="muted">{t('review.reviewedBy', { person: incident.reviewedBy })}</span>}
    </div>
  );
}
