import { useState } from 'react';
import { formatNumber, useLocale, useT } from '../../../i18n';
import { getIncidentService } from '../incidentService';
import { useIncidentStore, operatorName } from '../incidentStore';
import { CLIP_KEYS, categoryLabel, formatTime, MODE_KEYS, parseTags, SEVERITY_KEYS, SOURCE_KEYS, useTaxonomy } from '../labels';
import { SEVERITIES, type Severity } from '../types';
import { closeIncident, reviewRepo, useReviewStore } from './reviewStore';

/** One incident in review: screenshot, replay controls, label corrections, reviewed mark. */
export function ReviewDetail() {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const taxonomy = useTaxonomy();
  const { openId, replay, player, loading, clipError, screenshotUrl } = useReviewStore();
  const incident = useIncidentStore((s) => s.incidents.find((i) => i.id === openId));
  const [category, setCategory] = useState('');
  const [severity, setSeverity] = useState('');
  const [tags, setTags] = useState('');
  const [note, setNote] = useState('');
  // Only when another incident is opened (state adjusted while rendering, as React recommends): corrections
  // being typed are not overwritten by a refresh of the same incident.
  const [shownId, setShownId] = useState<string | undefined>(undefined);
  if (incident && incident.id !== shownId) {
    setShownId(incident.id);
    setCategory(incident.category ?? '');
    setSeverity(incident.severity ?? '');
    setTags(incident.tags.join(', '));
    setNote(incident.note);
  }
  if (!openId) return null;

  const save = async () => {
    if (!incident) return;
    const labels = { category: category || null, severity: (severity || null) as Severity | null, tags: parseTags(tags), note };
    const svc = getIncidentService();
    if (svc) await svc.saveLabels(incident.id, labels, true);
    else await reviewRepo().updateLabels(incident.id, { ...labels, labelState: 'labelled' });
  };
  const setReviewed = async (reviewed: boolean) => {
    if (!incident) return;
    const svc = getIncidentService();
    if (svc) await svc.markReviewed(incident.id, reviewed);
    else await reviewRepo().markReviewed(incident.id, reviewed, operatorName());
  };

  const sec = (ms: number) => formatNumber(locale, ms / 1000, 1);
  const cats = incident?.category && !taxonomy.includes(incident.category) ? [...taxonomy, incident.category] : taxonomy;
  return (
    <div className="review-panel review-detail" data-testid="review-detail">
      <div className="review-tools">
        <button type="button" data-testid="review-back" onClick={closeIncident}>
          {t('review.back')}
        </button>
      </div>
      {incident && (
        <>
          <h3>{`${incident.robotName} · ${formatTime(locale, incident.at)}`}</h3>
          <p className="muted">
            {`${t(SOURCE_KEYS[incident.source])} · ${t(MODE_KEYS[incident.controlMode])} · ${t(CLIP_KEYS[incident.clipState])}`}
            {incident.task ? ` · ${t('incidents.form.task', { task: incident.task.name })}` : ''}
            {incident.person ? ` · ${t('incidents.form.person', { person: incident.person })}` : ''}
          </p>
          {incident.sourceDetail && <p className="mono">{incident.sourceDetail}</p>}
        </>
      )}
      {screenshotUrl && <img src={screenshotUrl} alt={t('review.screenshot')} data-testid="review-screenshot" />}
      {loading && <p className="muted">{t('review.loading')}</p>}
      {clipError && (
        <p className="form-error" role="alert">
          {t('review.clipError', { error: clipError })}
        </p>
      )}
      {!loading && !clipError && !replay && <p className="muted">{t('review.noClip')}</p>}
      {replay && player && (
        <>
          <div className="player" data-testid="review-player">
            <button type="button" data-testid="review-play" onClick={() => replay.player.toggle()}>
              {player.playing ? t('review.pause') : t('review.play')}
            </button>
            <input
              type="range"
              min={0}
              max={Math.max(1, Math.round(player.durationMs))}
              step={10}
              value={Math.round(player.positionMs)}
              aria-label={t('review.scrub')}
              data-testid="review-scrub"
              onChange={(e) => replay.player.seek(Number(e.target.value))}
            />
            <span className="mono" data-testid="review-position" data-position-ms={Math.round(player.positionMs)}>
              {t('review.position', { t: sec(player.positionMs), d: sec(player.durationMs) })}
            </span>
          </div>
          <p className="muted">
            {t('review.clipInfo', { n: replay.messageCount, m: replay.topicCount })}
            {` — ${t('review.replayHint')}`}
          </p>
        </>
      )}
      {incident && (
        <div className="review-filters">
          <label>
            {t('incidents.form.category')}
            <select value={category} onChange={(e) => setCategory(e.target.value)} data-testid="review-category">
              <option value="">{t('incidents.unlabelled')}</option>
              {cats.map((c) => (
                <option key={c} value={c}>
                  {categoryLabel(t, c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('incidents.form.severity')}
            <select value={severity} onChange={(e) => setSeverity(e.target.value)} data-testid="review-severity">
              <option value="">{t('incidents.unlabelled')}</option>
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {t(SEVERITY_KEYS[s])}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('incidents.form.tags')}
            <input type="text" value={tags} onChange={(e) => setTags(e.target.value)} />
          </label>
          <label>
            {t('incidents.form.note')}
            <input type="text" value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
        </div>
      )}
      {incident && (
        <div className="review-tools">
          <button type="button" data-testid="review-save" onClick={() => void save()}>
            {t('review.saveLabels')}
          </button>
          <button type="button" data-testid="review-reviewed" onClick={() => void setReviewed(!incident.reviewed)}>
            {incident.reviewed ? t('review.unmarkReviewed') : t('review.markReviewed')}
          </button>
          {incident.reviewed && incident.reviewedBy && (
            <span className="muted">{t('review.reviewedBy', { person: incident.reviewedBy })}</span>
          )}
        </div>
      )}
    </div>
  );
}
