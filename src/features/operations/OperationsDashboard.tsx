import { useEffect, useMemo, useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatNumber, useLocale, useT, type Locale } from '../../i18n';
import { useFleetStore } from '../../fleet';
import { getConsoleApi } from '../../platform';
import { figuresToCsv } from './figuresCsv';
import { modeSpans, serviceFigures, type RobotMode, type ServiceFigures, type ServiceRecords } from './serviceFigures';
import { shiftWindowsBetween, type ShiftDef, type ShiftWindow } from './shifts';

export const MODE_COLORS: Record<RobotMode, string> = {
  autonomous: '#3ecf8e',
  teleop: '#f5b94a',
  idle: '#6b7b8c',
  disconnected: '#ff5d5d',
};

export function formatDuration(locale: Locale, ms: number | null): string {
  if (ms === null) return '—';
  const totalMin = Math.round(ms / 60_000);
  const h = Math.floor(totalMin / 60);
  const m = totalMin % 60;
  return locale === 'zh-CN' ? `${h} 小时 ${m} 分` : `${h} h ${String(m).padStart(2, '0')} min`;
}

function ModeTimeline({ records, robotId, shift, name }: { records: ServiceRecords; robotId: string; shift: ShiftWindow; name: string }) {
  const spans = modeSpans(
    records.modes.filter((m) => m.robotId === robotId),
    shift.start,
    shift.end,
  );
  const total = shift.end - shift.start;
  return (
    <div className="mode-timeline" data-testid="mode-timeline" data-robot={robotId}>
      <span className="mode-timeline-name">{name}</span>
      <svg viewBox="0 0 1000 16" preserveAspectRatio="none" role="img" aria-label={name}>
        {spans.map((s, i) => (
          <rect
            key={i}
            x={((s.start - shift.start) / total) * 1000}
            width={((s.end - s.start) / total) * 1000}
            y={0}
            height={16}
            fill={MODE_COLORS[s.mode]}
          >
            <title>{s.mode}</title>
          </rect>
        ))}
      </svg>
    </div>
  );
}

export interface OperationsDashboardProps {
  shifts: readonly ShiftDef[];
  loadRecords(from: number, to: number): Promise<ServiceRecords>;
  now?: () => number;
}

export function OperationsDashboard({ shifts, loadRecords, now = Date.now }: OperationsDashboardProps) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const robots = useFleetStore((s) => s.robots);
  const windows = useMemo(() => {
    const n = now();
    return shiftWindowsBetween(shifts, n - 7 * 86_400_000, n)
      .filter((w) => w.start <= n)
      .reverse();
  }, [shifts, now]);
  const [shiftIndex, setShiftIndex] = useState(0);
  const shift = windows[shiftIndex];
  const [records, setRecords] = useState<ServiceRecords | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => {
    if (!shift) return;
    let live = true;
    setError(null);
    loadRecords(shift.start - 86_400_000, shift.end).then(
      (r) => live && setRecords(r),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [shift, loadRecords, refresh]);

  // Figures for the current shift move while it runs: re-read every 5 s.
  useEffect(() => {
    const timer = setInterval(() => setRefresh((x) => x + 1), 5000);
    return () => clearInterval(timer);
  }, []);

  const names = new Map(robots.map((r) => [r.id, r.name]));
  const rows: { name: string; f: ServiceFigures }[] = [];
  if (records && shift) {
    const ids = new Set<string>([...robots.map((r) => r.id), ...records.modes.map((m) => m.robotId)]);
    const end = Math.min(shift.end, now());
    for (const id of ids) rows.push({ name: names.get(id) ?? id, f: serviceFigures(records, id, shift.start, end) });
  }

  const exportCsv = async () => {
    if (!shift) return;
    const csv = figuresToCsv(rows.map((r) => ({ robotName: r.name, shift, figures: r.f })));
    await getConsoleApi().saveFile({ title: t('ops.exportCsv'), defaultName: `service-figures-${shift.day}-${shift.name}.csv`, text: csv });
  };

  const chartData = rows.map((r) => ({
    name: r.name,
    [t('ops.succeeded')]: r.f.tasks.succeeded,
    [t('ops.failed')]: r.f.tasks.failed,
    [t('ops.canceled')]: r.f.tasks.canceled,
  }));
  const pct = (x: number | null) => (x === null ? '—' : `${formatNumber(locale, x * 100)} %`);

  return (
    <div className="operations" data-testid="operations">
      <div className="ops-toolbar">
        <label>
          {t('ops.shift')}{' '}
          <select data-testid="ops-shift" value={shiftIndex} onChange={(e) => setShiftIndex(Number(e.target.value))}>
            {windows.map((w, i) => (
              <option key={`${w.day}-${w.name}`} value={i}>
                {w.day} {w.name}
              </option>
            ))}
          </select>
        </label>
        <button data-testid="ops-export-csv" onClick={() => void exportCsv()} disabled={!records}>
          {t('ops.exportCsv')}
        </button>
        <button data-testid="ops-print" onClick={() => window.print()}>
          {t('ops.print')}
        </button>
      </div>
      {error && (
        <p role="alert" className="form-error">
          {t('ops.loadError', { error })}
        </p>
      )}
      {!records && !error && <p className="muted">{t('ops.loading')}</p>}
      {records && rows.length === 0 && <p className="muted">{t('ops.noRobots')}</p>}
      {records && rows.length > 0 && shift && (
        <>
          <table className="ops-table" data-testid="ops-table">
            <thead>
              <tr>
                <th>{t('ops.robot')}</th>
                <th className="num">{t('ops.connected')}</th>
                <th className="num">{t('ops.teleop')}</th>
                <th className="num">{t('ops.succeeded')}</th>
                <th className="num">{t('ops.failed')}</th>
                <th className="num">{t('ops.canceled')}</th>
                <th className="num">{t('ops.successRate')}</th>
                <th className="num">{t('ops.takeovers')}</th>
                <th className="num">{t('ops.interventionsPerHour')}</th>
                <th className="num">{t('ops.mtbi')}</th>
                <th className="num">{t('ops.meanTakeover')}</th>
                <th className="num">{t('ops.estops')}</th>
                <th className="num">{t('ops.incidents')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ name, f }) => (
                <tr key={f.robotId} data-testid="ops-row" data-robot={f.robotId}>
                  <td>{name}</td>
                  <td className="num">{formatDuration(locale, f.connectedMs)}</td>
                  <td className="num">{formatDuration(locale, f.ms.teleop)}</td>
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
                  <td className="num">{formatDuration(locale, f.mtbiMs)}</td>
                  <td className="num">{formatDuration(locale, f.meanTakeoverMs)}</td>
                  <td className="num" data-testid="ops-estops">
                    {f.estops}
                  </td>
                  <td className="num">{Object.values(f.incidentsByCategory).reduce((a, b) => a + b, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('ops.timeline')}</h3>
          <div className="mode-legend">
            {(Object.keys(MODE_COLORS) as RobotMode[]).map((m) => (
              <span key={m}>
                <i style={{ background: MODE_COLORS[m] }} /> {t(`ops.${m}`)}
              </span>
            ))}
          </div>
          {rows.map(({ name, f }) => (
            <ModeTimeline
              key={f.robotId}
              records={records}
              robotId={f.robotId}
              shift={{ ...shift, end: Math.min(shift.end, now()) }}
              name={name}
            />
          ))}
          <h3>{t('ops.outcomes')}</h3>
          <div className="ops-chart" data-testid="ops-chart">
            <ResponsiveContainer width="100%" height={200}>
              <BarChart data={chartData}>
                <CartesianGrid strokeDasharray="3 3" stroke="#2c3642" />
                <XAxis dataKey="name" stroke="#93a1b1" />
                <YAxis allowDecimals={false} stroke="#93a1b1" />
                <Tooltip contentStyle={{ background: '#1b2129', border: '1px solid #3a4654' }} />
                <Legend />
                <Bar dataKey={t('ops.succeeded')} stackId="a" fill={MODE_COLORS.autonomous} isAnimationActive={false} />
                <Bar dataKey={t('ops.failed')} stackId="a" fill={MODE_COLORS.disconnected} isAnimationActive={false} />
                <Bar dataKey={t('ops.canceled')} stackId="a" fill={MODE_COLORS.idle} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
    </div>
  );
}
