import { useMemo, useRef, useState } from 'react';
import { useLocale, useT } from '../../../i18n';
import { useFleetStore } from '../../../fleet';
import { BundleError, exportBundle, importBundle } from '../datasetBundle';
import { useIncidentStore } from '../incidentStore';
import { CLIP_KEYS, categoryLabel, formatTime, SEVERITY_KEYS, useTaxonomy } from '../labels';
import { SEVERITIES, SEVERITY_COLORS } from '../types';
import { IncidentTimeline } from './IncidentTimeline';
import { ReviewDetail } from './ReviewDetail';
import { filterIncidents } from './reviewFilter';
import { openIncident, reviewRepo, useReviewStore } from './reviewStore';
import '../incidents.css';

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Review mode: timeline, filterable list, export/import; opening an incident shows its replay. */
export function ReviewPanel() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const incidents = useIncidentStore((s) => s.incidents);
  const robots = useFleetStore((s) => s.robots);
  const taxonomy = useTaxonomy();
  const { filters, setFilters, selected, toggleSelected, setSelected, openId } = useReviewStore();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const shown = useMemo(() => filterIncidents(incidents, filters), [incidents, filters]);
  const robotIds = useMemo(() => [...new Set([...robots.map((r) => r.id), ...incidents.map((i) => i.robotId)])], [robots, incidents]);
  const robotName = (id: string) => robots.find((r) => r.id === id)?.name ?? incidents.find((i) => i.robotId === id)?.robotName ?? id;

  if (openId) return <ReviewDetail />;

  const doExport = async () => {
    const chosen = incidents.filter((i) => selected.includes(i.id));
    setMessage(null);
    setProgress({ done: 0, total: chosen.length });
    try {
      const blob = await exportBundle(chosen, reviewRepo(), setProgress);
      const stamp = new Date().toISOString().slice(0, 16).replace(/[-:T]/g, '');
      download(blob, `incidents-${stamp}.tar`);
    } catch (err) {
      setMessage({ text: err instanceof Error ? err.message : String(err), bad: true });
    } finally {
      setProgress(null);
    }
  };

  const doImport = async (file: File) => {
    setMessage(null);
    try {
      const n = await importBundle(new Uint8Array(await file.arrayBuffer()), reviewRepo());
      setMessage({ text: t('review.imported', { n }), bad: false });
    } catch (err) {
      const text = err instanceof BundleError ? err.problems.join('; ') : err instanceof Error ? err.message : String(err);
      setMessage({ text: t('review.importFailed', { error: text }), bad: true });
    }
  };

  return (
    <div className="review-panel" data-testid="review-panel">
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
      <IncidentTimeline incidents={shown} onOpen={(id) => void openIncident(id)} />
      <div className="review-tools">
        <span className="muted">{t('review.count', { n: shown.length })}</span>
        <button type="button" onClick={() => setSelected(shown.map((i) => i.id))}>
          {t('review.selectAll')}
        </button>
        <button
          type="button"
          data-testid="review-export"
          disabled={selected.length === 0 || progress !== null}
          onClick={() => void doExport()}
        >
          {t('review.export', { n: selected.length })}
        </button>
        <button type="button" data-testid="review-import" onClick={() => fileRef.current?.click()}>
          {t('review.import')}
        </button>
        <input
          ref={fileRef}
          type="file"
          accept=".tar,application/x-tar"
          hidden
          data-testid="review-import-file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            e.target.value = '';
            if (f) void doImport(f);
          }}
        />
      </div>
      {progress && (
        <label className="muted">
          {t('review.exporting', { done: progress.done, total: progress.total })}
          <progress className="review-progress" max={progress.total || 1} value={progress.done} />
        </label>
      )}
      {message && (
        <p className={message.bad ? 'form-error' : 'muted'} role={message.bad ? 'alert' : 'status'} data-testid="review-message">
          {message.text}
        </p>
      )}
      <div className="review-list" data-testid="review-list">
        {shown.length === 0 && <p className="muted">{t('review.empty')}</p>}
        {shown.map((i) => (
          <div
            key={i.id}
            className={`review-item${selected.includes(i.id) ? ' selected' : ''}`}
            data-testid="review-item"
            data-incident-id={i.id}
          >
            <input
              type="checkbox"
              checked={selected.includes(i.id)}
              aria-label={t('review.select', { id: i.id })}
              onChange={() => toggleSelected(i.id)}
            />
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
        ))}
      </div>
    </div>
  );
}
