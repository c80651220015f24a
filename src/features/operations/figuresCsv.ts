import type { ServiceFigures } from './serviceFigures';
import type { ShiftWindow } from './shifts';

export interface FiguresRow {
  robotName: string;
  shift: ShiftWindow;
  figures: ServiceFigures;
}

const COLUMNS = [
  'robot',
  'shift',
  'shift_day',
  'shift_start_iso',
  'shift_end_iso',
  'observed_h',
  'observed_share',
  'not_observed_h',
  'uptime',
  'connected_h',
  'autonomous_h',
  'teleop_h',
  'idle_h',
  'disconnected_h',
  'tasks_succeeded',
  'tasks_failed',
  'tasks_canceled',
  'tasks_rejected',
  'success_rate',
  'takeovers',
  'interventions',
  'interventions_per_h',
  'mtbi_min',
  'mean_takeover_min',
  'estops',
  'incidents',
] as const;

/** RFC 4180 quoting: fields with comma, quote or newline are quoted, quotes doubled. */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = typeof v === 'number' ? String(v) : v;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const h = (ms: number) => Math.round((ms / 3_600_000) * 1000) / 1000;
const min = (ms: number | null) => (ms === null ? null : Math.round((ms / 60_000) * 100) / 100);
const r3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

/** Machine-readable figures: hours and minutes as plain decimals (not localised), times in ISO 8601. */
export function figuresToCsv(rows: readonly FiguresRow[]): string {
  const lines = [COLUMNS.join(',')];
  for (const { robotName, shift, figures: f } of rows) {
    const incidents = Object.values(f.incidentsByCategory).reduce((a, b) => a + b, 0);
    const cells: (string | number | null)[] = [
      robotName,
      shift.name,
      shift.day,
      new Date(shift.start).toISOString(),
      new Date(shift.end).toISOString(),
      h(f.observedMs),
      r3(f.observedShare),
      h(f.ms.unobserved),
      r3(f.uptime),
      h(f.connectedMs),
      h(f.ms.autonomous),
      h(f.ms.teleop),
      h(f.ms.idle),
      h(f.ms.disconnected),
      f.tasks.succeeded,
      f.tasks.failed,
      f.tasks.canceled,
      f.tasks.rejected,
      r3(f.successRate),
      f.takeovers,
      f.interventions,
      r3(f.interventionsPerHour),
      min(f.mtbiMs),
      min(f.meanTakeoverMs),
      f.estops,
      incidents,
    ];
    lines.push(cells.map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
