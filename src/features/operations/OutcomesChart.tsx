import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useT } from '../../i18n';
import type { FiguresRow } from './FiguresTable';
import { MODE_COLORS } from './modeColors';

/** Task outcomes per robot as stacked bars: succeeded, failed, canceled. */
export function OutcomesChart({ rows }: { rows: readonly FiguresRow[] }) {
  const t = useT();
  const chartData = rows.map((r) => ({
    name: r.name,
    [t('ops.succeeded')]: r.f.tasks.succeeded,
    [t('ops.failed')]: r.f.tasks.failed,
    [t('ops.canceled')]: r.f.tasks.canceled,
  }));
  return (
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
  );
}
