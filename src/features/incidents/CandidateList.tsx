import { useLocale, useT } from '../../i18n';
import { shownRobotName, useFleetStore } from '../../fleet';
import { getIncidentService } from './incidentService';
import { useIncidentStore } from './incidentStore';
import { categoryLabel, formatTime, SOURCE_KEYS } from './labels';
import { SEVERITY_COLORS } from './types';
import './incidents.css';
import { RobotText, TEXT_LIMITS } from '../../ui';

/** Candidates raised on their own (diagnostics, requests, e-stops) and drafts left for later. */
export function CandidateList({ robotId }: { robotId?: string } = {}) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const candidates = useIncidentStore((s) => s.candidates);
  const incidents = useIncidentStore((s) => s.incidents);
  const openForm = useIncidentStore((s) => s.openForm);
  const error = useIncidentStore((s) => s.error);
  const robots = useFleetStore((s) => s.robots);
  const name = (id: string) => shownRobotName(robots, id);
  const shown = robotId ? candidates.filter((c) => c.robotId === robotId) : candidates;
  const drafts = incidents.filter((i) => i.labelState === 'draft' && (!robotId || i.robotId === robotId));
  return (
    <div className="candidate-list" data-testid="candidate-list">
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <h3>{t('incidents.candidates.title')}</h3>
      {shown.length === 0 && <p className="muted">{t('incidents.candidates.none')}</p>}
      {shown.map((c) => (
        <div key={c.id} className="candidate" data-testid="candidate">
          <div className="row">
            {c.suggestedSeverity && <span className="sev-dot" style={{ background: SEVERITY_COLORS[c.suggestedSeverity] }} />}
            <span className="title">
              <RobotText text={c.title} max={TEXT_LIMITS.text} />
            </span>
            {c.count > 1 && <span className="muted">{t('incidents.candidates.count', { n: c.count })}</span>}
          </div>
          <div className="row muted">
            <span>{name(c.robotId)}</span>
            <span>{t(SOURCE_KEYS[c.source])}</span>
            <span>{formatTime(locale, c.at)}</span>
          </div>
          <div className="row">
            <button type="button" data-testid="candidate-confirm" onClick={() => void getIncidentService()?.confirmCandidate(c.id)}>
              {t('incidents.candidates.confirm')}
            </button>
            <button type="button" data-testid="candidate-dismiss" onClick={() => getIncidentService()?.dismissCandidate(c.id)}>
              {t('incidents.candidates.dismiss')}
            </button>
          </div>
        </div>
      ))}
      {drafts.length > 0 && (
        <>
          <h3>{t('incidents.drafts.title')}</h3>
          {drafts.map((d) => (
            <div key={d.id} className="candidate" data-testid="draft">
              <div className="row">
                <span className="title">{categoryLabel(t, d.category)}</span>
                <span className="muted">{name(d.robotId)}</span>
                <span className="muted">{formatTime(locale, d.at)}</span>
                <button type="button" onClick={() => openForm(d.id)}>
                  {t('incidents.drafts.finish')}
                </button>
              </div>
            </div>
          ))}
        </>
      )}
    </div>
  );
}
