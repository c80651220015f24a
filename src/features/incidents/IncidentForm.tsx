import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { formatNumber, useLocale, useT } from '../../i18n';
import { getIncidentService } from './incidentService';
import { useIncidentStore } from './incidentStore';
import { categoryLabel, formatTime, MODE_KEYS, parseTags, SEVERITY_KEYS, SOURCE_KEYS, useTaxonomy } from './labels';
import { SEVERITIES, SEVERITY_COLORS, type Severity } from './types';
import './incidents.css';

type Step = 'category' | 'severity' | 'text';

/**
 * The capture form: a non-modal panel (the e-stop in the header stays reachable). Keyboard: digits pick the
 * category, then the severity; Enter saves; Shift+Enter is a new line in the note; Esc keeps a draft.
 */
export function IncidentForm() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const formId = useIncidentStore((s) => s.formId);
  const incident = useIncidentStore(
    (s) => s.incidents.find((i) => i.id === s.formId) ?? (s.formDraft?.id === s.formId ? s.formDraft : undefined) ?? undefined,
  );
  const closeForm = useIncidentStore((s) => s.closeForm);
  const taxonomy = useTaxonomy();
  const [category, setCategory] = useState<string | null>(null);
  const [severity, setSeverity] = useState<Severity | null>(null);
  const [tags, setTags] = useState('');
  const [note, setNote] = useState('');
  const [step, setStep] = useState<Step>('category');
  const catRef = useRef<HTMLDivElement>(null);
  const sevRef = useRef<HTMLDivElement>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const loadedFor = useRef<string | null>(null);

  // Fill from the stored incident once per opening (a draft reopened keeps what was typed before).
  useEffect(() => {
    if (!incident || loadedFor.current === incident.id) return;
    loadedFor.current = incident.id;
    setCategory(incident.category);
    setSeverity(incident.severity);
    setTags(incident.tags.join(', '));
    setNote(incident.note);
    setStep('category');
  }, [incident]);
  // Focus before paint, so a digit typed right after the hotkey reaches the category group.
  useLayoutEffect(() => {
    if (formId) catRef.current?.focus();
  }, [formId, incident?.id]);
  useEffect(() => {
    if (!formId) loadedFor.current = null;
  }, [formId]);

  if (!formId || !incident) return null;

  const labels = () => ({ category, severity, tags: parseTags(tags), note });
  const finish = (final: boolean) => {
    const svc = getIncidentService();
    void svc?.saveLabels(incident.id, labels(), final);
    closeForm();
  };

  const pickCategory = (c: string) => {
    setCategory(c);
    setStep('severity');
    sevRef.current?.focus();
  };
  const pickSeverity = (s: Severity) => {
    setSeverity(s);
    setStep('text');
    noteRef.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    const inText = target.tagName === 'TEXTAREA' || target.tagName === 'INPUT';
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      finish(false);
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !(target.tagName === 'BUTTON' && !target.closest('[role="radiogroup"]'))) {
      e.preventDefault();
      e.stopPropagation();
      finish(true);
      return;
    }
    if (inText || e.ctrlKey || e.metaKey || e.altKey) return;
    const n = /^[1-9]$/.test(e.key) ? Number(e.key) : 0;
    if (!n) return;
    const inSeverity = step === 'severity' || target.closest('[data-group="severity"]');
    if (inSeverity && n <= SEVERITIES.length) pickSeverity(SEVERITIES[n - 1]!);
    else if (!inSeverity && n <= taxonomy.length) pickCategory(taxonomy[n - 1]!);
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const pose = incident.pose;
  return (
    <div
      className="incident-form"
      role="dialog"
      aria-modal="false"
      aria-labelledby="incident-form-title"
      data-testid="incident-form"
      onKeyDown={onKeyDown}
    >
      <h2 id="incident-form-title">{t('incidents.form.title', { robot: incident.robotName })}</h2>
      <div className="facts">
        <span>{formatTime(locale, incident.at)}</span>
        <span>{t(SOURCE_KEYS[incident.source])}</span>
        <span>
          {pose
            ? t('incidents.form.pose', { x: formatNumber(locale, pose.x, 2), y: formatNumber(locale, pose.y, 2) })
            : t('incidents.form.noPose')}
        </span>
        <span>{incident.task ? t('incidents.form.task', { task: incident.task.name }) : t('incidents.form.noTask')}</span>
        <span>{t(MODE_KEYS[incident.controlMode])}</span>
        <span>{incident.person ? t('incidents.form.person', { person: incident.person }) : t('incidents.form.noPerson')}</span>
      </div>
      {incident.sourceDetail && <div className="facts mono">{incident.sourceDetail}</div>}
      <fieldset>
        <legend>{t('incidents.form.category')}</legend>
        <div
          ref={catRef}
          role="radiogroup"
          aria-label={t('incidents.form.category')}
          tabIndex={0}
          data-group="category"
          data-testid="incident-category"
          className={`choice-group${step === 'category' ? ' active' : ''}`}
          onFocus={() => setStep('category')}
        >
          {taxonomy.map((c, i) => (
            <button key={c} type="button" role="radio" aria-checked={category === c} tabIndex={-1} onClick={() => pickCategory(c)}>
              {i < 9 && <span className="key">{i + 1}</span>}
              {categoryLabel(t, c)}
            </button>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('incidents.form.severity')}</legend>
        <div
          ref={sevRef}
          role="radiogroup"
          aria-label={t('incidents.form.severity')}
          tabIndex={0}
          data-group="severity"
          data-testid="incident-severity"
          className={`choice-group${step === 'severity' ? ' active' : ''}`}
          onFocus={() => setStep('severity')}
        >
          {SEVERITIES.map((s, i) => (
            <button key={s} type="button" role="radio" aria-checked={severity === s} tabIndex={-1} onClick={() => pickSeverity(s)}>
              <span className="sev-dot" style={{ background: SEVERITY_COLORS[s] }} />
              <span className="key">{i + 1}</span>
              {t(SEVERITY_KEYS[s])}
            </button>
          ))}
        </div>
      </fieldset>
      <label>
        {t('incidents.form.tags')}
        <input
          type="text"
          value={tags}
          data-testid="incident-tags"
          onFocus={() => setStep('text')}
          onChange={(e) => setTags(e.target.value)}
        />
      </label>
      <label>
        {t('incidents.form.note')}
        <textarea
          ref={noteRef}
          rows={2}
          value={note}
          data-testid="incident-note"
          onFocus={() => setStep('text')}
          onChange={(e) => setNote(e.target.value)}
        />
      </label>
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
