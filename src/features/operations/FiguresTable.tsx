import { formatNumber, useLocale, useT, type Locale } from '../../i18n';
import type { ServiceFigures } from './serviceFigures';

/** Hours and minutes of a shift ("7 h 05 min"); a dash when there is no figure. */
function formatHours(locale: Locale, ms: number | null): string {
  if (ms === null) return '—';
  const totalMin = Math.round(ms / 60_000);
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  return locale === 'zh-CN' ? `${h} 小时 ${m} 分` : `${h} h ${String(m).padStart(2, '0')} min`;
}

export interface FiguresRow {
  name: string;
  f: ServiceFigures;
}

const COLUMNS = [
  'ops.robot',
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
] as const;

function FiguresRowView({ name, f }: FiguresRow) {
  const locale = useLocale((s) => s.locale);
  const pct = (x: number | null) => (x === null ? '—' : `${formatNumber(locale, x * 100)} %`);
  return (
    <tr data-testid="ops-row" data-robot={f.robotId}>
      <td>{name}</td>
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
      <td className="num">{Object.values(f.incidentsByCategory).reduce((a, b) => a + b, 0)}</td>
    </tr>
  );
}

/** The shift's service figures, one row per robot. */
export function FiguresTable({ rows }: { rows: readonly FiguresRow[] }) {
  const t = useT();
  return (
    <table className="ops-table" data-testid="ops-table">
      <thead>
        <tr>
          {COLUMNS.map((key, i) => (
            <th key={key} className={i === 0 ? undefined : 'num'}>
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
    </table>
  );
}
