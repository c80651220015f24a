import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { onFormKeyDown, type FormStep } from './formKeys';
import { IncidentFacts } from './IncidentFacts';
import { getIncidentService } from './incidentService';
import { useIncidentStore } from './incidentStore';
import { parseTags, useTaxonomy } from './labels';
import { CategoryChoices, SeverityChoices, TagsAndNote } from './IncidentFormFields';
import type { Incident, Severity } from './types';
import './incidents.css';
import { shownText } from '../../ui';
import { ROBOT_LABEL_MAX } from '../../fleet';

/** The form's fields, filled from the stored incident once per opening (a draft reopened keeps what was typed). */
function useLabelDraft(formId: string | null, incident: Incident | undefined) {
  const [category, setCategory] = useState<string | null>(null);
  const [severity, setSeverity] = useState<Severity | null>(null);
  const [tags, setTags] = useState('');
  const [note, setNote] = useState('');
  const [step, setStep] = useState<FormStep>('category');
  const loadedFor = useRef<string | null>(null);
  useEffect(() => {
    if (!incident || loadedFor.current === incident.id) return;
    loadedFor.current = incident.id;
    setCategory(incident.category);
    setSeverity(incident.severity);
    setTags(incident.tags.join(', '));
    setNote(incident.note);
    setStep('category');
  }, [incident]);
  useEffect(() => {
    if (!formId) loadedFor.current = null;
  }, [formId]);
  return { category, setCategory, severity, setSeverity, tags, setTags, note, setNote, step, setStep };
}

/**
 * The capture form: a non-modal panel (the e-stop in the header stays reachable). Keyboard: digits pick the
 * category, then the severity; Enter saves; Shift+Enter is a new line in the note; Esc keeps a draft.
 */
export function IncidentForm() {
  const t = useT();
  const formId = useIncidentStore((s) => s.formId);
  const incident = useIncidentStore(
    (s) => s.incidents.find((i) => i.id === s.formId) ?? (s.formDraft?.id === s.formId ? s.formDraft : undefined) ?? undefined,
  );
  const closeForm = useIncidentStore((s) => s.closeForm);
  const taxonomy = useTaxonomy();
  const d = useLabelDraft(formId, incident);
  const catRef = useRef<HTMLDivElement>(null);
  const sevRef = useRef<HTMLDivElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);

  // Focus before paint, so a digit typed right after the hotkey reaches the category group.
  useLayoutEffect(() => {
    if (formId) catRef.current?.focus();
  }, [formId, incident?.id]);

  if (!formId || !incident) return null;

  const finish = (final: boolean) => {
    const svc = getIncidentService();
    void svc?.saveLabels(incident.id, { category: d.category, severity: d.severity, tags: parseTags(d.tags), note: d.note }, final);
    closeForm();
  };
  const pickCategory = (c: string) => {
    d.setCategory(c);
    d.setStep('severity');
    sevRef.current?.focus();
  };
  const pickSeverity = (s: Severity) => {
    d.setSeverity(s);
    d.setStep('text');
    noteRef.current?.focus();
  };

  return (
    <div
      className="incident-form"
      role="dialog"
      aria-modal="false"
      aria-labelledby="incident-form-title"
      data-testid="incident-form"
      onKeyDown={(e) => onFormKeyDown(e, { step: d.step, taxonomy, finish, pickCategory, pickSeverity })}
    >
      <h2 id="incident-form-title">{t('incidents.form.title', { robot: shownText(incident.robotName, ROBOT_LABEL_MAX) })}</h2>
      <IncidentFacts incident={incident} />
      <CategoryChoices
        taxonomy={taxonomy}
        groupRef={catRef}
        active={d.step === 'category'}
        value={d.category}
        onFocus={() => d.setStep('category')}
        onPick={pickCategory}
      />
      <SeverityChoices
        groupRef={sevRef}
        active={d.step === 'severity'}
        value={d.severity}
        onFocus={() => d.setStep('severity')}
        onPick={pickSeverity}
      />
      <TagsAndNote tags={d.tags} note={d.note} noteRef={noteRef} onFocus={() => d.setStep('text')} onTags={d.setTags} onNote={d.setNote} />
      <p className="help">{t('incidents.form.keys')}</p>
      <div className="actions">
        <button type="button" data-testid="incident-later" onClick={() => finish(false)}>
          {t('incidents.form.later')}
        </button>
        <button type="button" data-testid="incident-save" onClick={() => finish(true)}>
          {t('incidents.form.save')}
        </button>
      </div>
    </div>
  );
}
