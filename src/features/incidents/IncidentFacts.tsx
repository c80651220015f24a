import { formatNumber, useLocale, useT } from '../../i18n';
import { formatTime, MODE_KEYS, SOURCE_KEYS } from './labels';
import type { Incident } from './types';

/** What the console knew at the incident's instant: when, from where, pose, task, control mode, who. */
export function IncidentFacts({ incident }: { incident: Incident }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const pose = incident.pose;
  return (
    <>
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
    </>
  );
}
