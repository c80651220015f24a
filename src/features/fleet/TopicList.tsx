import { useEffect, useState } from 'react';
import type { TopicInfo, TopicStats } from '../../ros';
import { formatNumber, useLocale, useT } from '../../i18n';
import { getLink } from '../../fleet';
import { RobotText, shownText, TEXT_LIMITS, usePolled } from '../../ui';

interface Row {
  name: string;
  type: string;
  stats?: TopicStats;
}

export function mergeTopics(known: readonly TopicInfo[], stats: readonly TopicStats[]): Row[] {
  const rows = new Map<string, Row>();
  for (const t of known) rows.set(t.name, { name: t.name, type: t.type });
  for (const s of stats) rows.set(s.topic, { name: s.topic, type: rows.get(s.topic)?.type ?? s.type, stats: s });
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function TopicList({ robotId }: { robotId: string }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const [known, setKnown] = useState<TopicInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const stats = usePolled(() => getLink(robotId)?.topicStats() ?? [], 1000, robotId);
  const connected = usePolled(() => getLink(robotId)?.status().state === 'connected', 1000, robotId);

  useEffect(() => {
    const link = getLink(robotId);
    if (!link || !connected) return;
    let live = true;
    const load = () =>
      link.introspect().then(
        (i) => live && (setKnown(i.topics), setError(null)),
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      );
    void load();
    const timer = setInterval(load, 10000);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [robotId, connected]);

  const rows = mergeTopics(known, stats);
  return (
    <div className="topic-list" data-testid="topic-list">
      {error && (
        <p role="alert" className="form-error">
          <RobotText text={error} max={TEXT_LIMITS.text} />
        </p>
      )}
      {rows.length === 0 ? (
        <p className="muted">{t('topics.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('topics.name')}</th>
              <th>{t('topics.type')}</th>
              <th className="num">{t('topics.rate')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.name} data-testid="topic-row" data-topic={r.name} className={r.stats?.silentReason ? 'silent' : ''}>
                <td className="mono">
                  <RobotText text={r.name} />
                </td>
                <td className="mono muted">
                  <RobotText text={r.type} />
                </td>
                <td className="num" data-testid="topic-rate">
                  {r.stats ? (
                    r.stats.silentReason ? (
                      <span title={shownText(r.stats.silentReason, TEXT_LIMITS.full)}>{t('topics.silent')}</span>
                    ) : (
                      `${formatNumber(locale, r.stats.rateHz, 1)} Hz`
                    )
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
