import { formatNumber, useLocale, useT, type Locale, type MessageKey } from '../../i18n';
import type { ServiceFigures } from './serviceFigures';

/** Hours and minutes of a shift ("7 h 05 min"); a dash when there is no figure. */
export function formatHours(locale: Locale, ms: number | null): string {
  if (ms === null) return '—';
  const totalMin = Math.round(ms / 60_000);
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  return locale === 'zh-CN' ? `${h} 小时 ${m} 分` : `${h} h ${String(m).padStart(2, '0')} min`;
}

export function formatPercent(locale: Locale, x: number | null): string {
  return x === null ? '—' : `${formatNumber(locale, x * 100)} %`;
}

export interface FiguresRow {
  name: string;
  f: ServiceFigures;
}

const COLUMNS: readonly MessageKey[] = [
  'ops.robot',
  'ops.observed',
  'ops.uptime',
  'ops.connected',
  'ops.teleop',
  'ops.succeeded',
  'ops.failed',
  'ops.canceled',
  'ops.successRate',
  'ops.takeovers',
  'ops.interventionsPerHour',
  'ops.mtbi',
  'ops.meanTakeover',
  'ops.estops',
  'ops.incidents',
];

function FiguresRowView({ name, f, total }: FiguresRow & { total?: boolean }) {
  const locale = useLocale((s) => s.locale);
  const pct = (x: number | null) => formatPercent(locale, x);
  return (
    <tr data-testid={total ? 'ops-total' : 'ops-row'} data-robot={f.robotId} className={total ? 'ops-total' : undefined}>
      <th scope="row">{name}</th>
      <td className="num" data-testid="ops-observed" data-share={f.observedShare ?? ''}>
        {formatHours(locale, f.observedMs)} ({pct(f.observedShare)})
      </td>
      <td className="num" data-testid="ops-uptime">
        {pct(f.uptime)}
      </td>
      <td className="num">{formatHours(locale, f.connectedMs)}</td>
      <td className="num">{formatHours(locale, f.ms.teleop)}</td>
      <td className="num" data-testid="ops-succeeded">
        {f.tasks.succeeded}
      </td>
      <td className="num" data-testid="ops-failed">
        {f.tasks.failed}
      </td>
      <td className="num" data-testid="ops-canceled">
        {f.tasks.canceled}
      </td>
      <td className="num">{pct(f.successRate)}</td>
      <td className="num" data-testid="ops-takeovers">
        {f.takeovers}
      </td>
      <td className="num">{f.interventionsPerHour === null ? '—' : formatNumber(locale, f.interventionsPerHour, 2)}</td>
      <td className="num">{formatHours(locale, f.mtbiMs)}</td>
      <td className="num">{formatHours(locale, f.meanTakeoverMs)}</td>
      <td className="num" data-testid="ops-estops">
        {f.estops}
      </td>
      <td className="num" data-testid="ops-incidents">
        {Object.values(f.incidentsByCategory).reduce((a, b) => a + b, 0)}
      </td>
    </tr>
  );
}

/** The shift's service figures, one row per robot and a row for the whole fleet. */
export function FiguresTable({ rows, total }: { rows: readonly FiguresRow[]; total?: ServiceFigures }) {
  const t = useT();
  return (
    <div className="ops-table-wrap">
      <table className="ops-table" data-testid="ops-table">
        <thead>
          <tr>
            {COLUMNS.map((key, i) => (
              <th key={key} scope="col" className={i === 0 ? undefined : 'num'}>
                {t(key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <FiguresRowView key={r.f.robotId} name={r.name} f={r.f} />
          ))}
        </tbody>
        {total && rows.length > 1 && (
          <tfoot>
            <FiguresRowView name={t('ops.allRobots')} f={total} total />
          </tfoot>
        )}
      </table>
    </div>
  );
}
