import { useLocale, useT } from '../../../i18n';
import { useIncidentStore } from '../incidentStore';
import { CLIP_KEYS, formatTime, MODE_KEYS, SOURCE_KEYS } from '../labels';
import type { Incident } from '../types';
import { CorrectionActions, CorrectionFields, useCorrections } from './ReviewCorrections';
import { ReviewPlayer } from './ReviewPlayer';
import { closeIncident, useReviewStore } from './reviewStore';
import { shownText } from '../../../ui';
import { ROBOT_LABEL_MAX } from '../../../fleet';

function ReviewHeading({ incident }: { incident: Incident }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  return (
    <>
      <h3>{`${shownText(incident.robotName, ROBOT_LABEL_MAX)} · ${formatTime(locale, incident.at)}`}</h3>
      <p className="muted">
        {`${t(SOURCE_KEYS[incident.source])} · ${t(MODE_KEYS[incident.controlMode])} · ${t(CLIP_KEYS[incident.clipState])}`}
        {incident.task ? ` · ${t('incidents.form.task', { task: incident.task.name })}` : ''}
        {incident.person ? ` · ${t('incidents.form.person', { person: incident.person })}` : ''}
      </p>
      {incident.sourceDetail && <p className="mono">{incident.sourceDetail}</p>}
    </>
  );
}

/** One incident in review: screenshot, replay controls, label corrections, reviewed mark. */
export function ReviewDetail() {
  const t = useT();
  const { openId, replay, player, loading, clipError, screenshotUrl } = useReviewStore();
  const incident = useIncidentStore((s) => s.incidents.find((i) => i.id === openId));
  const [corrections, setCorrections] = useCorrections(incident);
  if (!openId) return null;

  return (
    <div className="review-panel review-detail" data-testid="review-detail">
      <div className="review-tools">
        <button type="button" data-testid="review-back" onClick={closeIncident}>
          {t('review.back')}
        </button>
      </div>
      {incident && <ReviewHeading incident={incident} />}
      {screenshotUrl && <img src={screenshotUrl} alt={t('review.screenshot')} data-testid="review-screenshot" />}
      {loading && <p className="muted">{t('review.loading')}</p>}
      {clipError && (
        <p className="form-error" role="alert">
          {t('review.clipError', { error: clipError })}
        </p>
      )}
      {!loading && !clipError && !replay && <p className="muted">{t('review.noClip')}</p>}
      {replay && player && <ReviewPlayer replay={replay} player={player} />}
      {incident && <CorrectionFields incident={incident} values={corrections} set={setCorrections} />}
      {incident && <CorrectionActions incident={incident} values={corrections} />}
    </div>
  );
}
