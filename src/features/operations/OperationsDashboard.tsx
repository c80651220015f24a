import { useT } from '../../i18n';
import { shownRobotName, useFleetStore } from '../../fleet';
import { getConsoleApi } from '../../platform';
import { figuresToCsv } from './figuresCsv';
import { FiguresTable, type FiguresRow } from './FiguresTable';
import { ModeLegend, ModeTimeline } from './ModeTimeline';
import { OutcomesChart } from './OutcomesChart';
import { serviceFigures, type ServiceRecords } from './serviceFigures';
import type { ShiftDef, ShiftWindow } from './shifts';
import { useShiftRecords } from './useShiftRecords';

export interface OperationsDashboardProps {
  shifts: readonly ShiftDef[];
  loadRecords(from: number, to: number): Promise<ServiceRecords>;
  now?: () => number;
}

function ShiftPicker({ windows, value, onChange }: { windows: readonly ShiftWindow[]; value: number; onChange(i: number): void }) {
  const t = useT();
  return (
    <label>
      {t('ops.shift')}{' '}
      <select data-testid="ops-shift" value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {windows.map((w, i) => (
          <option key={`${w.day}-${w.name}`} value={i}>
            {w.day} {w.name}
          </option>
        ))}
      </select>
    </label>
  );
}

export function OperationsDashboard({ shifts, loadRecords, now = Date.now }: OperationsDashboardProps) {
  const t = useT();
  const robots = useFleetStore((s) => s.robots);
  const { windows, shiftIndex, setShiftIndex, shift, records, error } = useShiftRecords(shifts, loadRecords, now);

  const names = new Map(robots.map((r) => [r.id, shownRobotName(robots, r.id)]));
  const rows: FiguresRow[] = [];
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

  return (
    <div className="operations" data-testid="operations">
      <div className="ops-toolbar">
        <ShiftPicker windows={windows} value={shiftIndex} onChange={setShiftIndex} />
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
          <FiguresTable rows={rows} />
          <h3>{t('ops.timeline')}</h3>
          <ModeLegend />
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
          <OutcomesChart rows={rows} />
        </>
      )}
    </div>
  );
}
