import type { ReactNode } from 'react';
import { useLocale, useT } from '../../i18n';
import { shownRobotName, useFleetStore } from '../../fleet';
import { getConsoleApi } from '../../platform';
import { figuresToCsv } from './figuresCsv';
import { FiguresTable, formatHours, formatPercent, type FiguresRow } from './FiguresTable';
import { ModeLegend, ModeTimeline } from './ModeTimeline';
import { OutcomesChart } from './OutcomesChart';
import { shiftTotals, type ServiceFigures, type ServiceRecords } from './serviceFigures';
import { figuresRows, useSiteFigures, type FiguresChoice, type LoadSiteFigures } from './siteFigures';
import { shiftLabel, shiftTimes } from './shiftLabel';
import type { ShiftDef, ShiftWindow } from './shifts';
import { useShiftRecords } from './useShiftRecords';

export interface OperationsDashboardProps {
  shifts: readonly ShiftDef[];
  /** The site's IANA zone; undefined: the console's. */
  timeZone?: string;
  siteName?: string;
  loadRecords(from: number, to: number): Promise<ServiceRecords>;
  /** The site hub's figures (undefined, or resolving undefined: no hub; the console's own figures are shown). */
  loadSiteFigures?: LoadSiteFigures;
  now?: () => number;
  /** Extra toolbar controls from the shell (the full-width switch). */
  toolbarExtra?: ReactNode;
}

function ShiftPicker({ windows, value, onChange }: { windows: readonly ShiftWindow[]; value: number; onChange(i: number): void }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  return (
    <label>
      {t('ops.shift')}{' '}
      <select data-testid="ops-shift" value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {windows.map((w, i) => (
          <option key={`${w.day}-${w.name}`} value={i}>
            {w.day} {shiftLabel(locale, w.name)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** What the report is about, printed at its top: site, shift, zone, how much of it was observed. */
interface ReportHeadProps {
  shift: ShiftWindow;
  end: number;
  total: ServiceFigures;
  timeZone?: string;
  siteName?: string;
}

function ReportHead({ shift, end, total, timeZone, siteName }: ReportHeadProps) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <div className="ops-report-head" data-testid="ops-report-head">
      <h2>
        {t('ops.reportTitle')}
        {siteName ? ` · ${siteName}` : ''}
      </h2>
      <p>
        {t('ops.reportShift', {
          day: shift.day,
          shift: shiftLabel(locale, shift.name),
          times: shiftTimes(locale, shift.start, shift.end, timeZone),
          zone,
        })}
      </p>
      <p data-testid="ops-observed-share">
        {t('ops.reportObserved', {
          window: formatHours(locale, end - shift.start),
          share: formatPercent(locale, total.observedShare),
        })}
      </p>
      <p className="muted">{t('ops.reportNote')}</p>
    </div>
  );
}

/** Whose figures these are: the site's from the hub (and when it computed them), or this console's, and why. */
function FiguresSource({ choice, timeZone }: { choice: FiguresChoice | undefined; timeZone?: string }) {
  const t = useT();
  const locale = useLocale((s) => s.locale);
  if (choice?.source === 'hub') {
    const at = new Date(choice.site.computedAt).toLocaleString(locale, { timeZone });
    return (
      <p className="ops-source" data-testid="ops-source" data-source="hub">
        <strong>{t('ops.siteWide')}</strong> {t('ops.siteWideAt', { at })}
      </p>
    );
  }
  if (choice?.hubError) {
    return (
      <p className="ops-source muted" data-testid="ops-source" data-source="local" role="status">
        {t('ops.hubFallback', { error: choice.hubError })}
      </p>
    );
  }
  return null;
}

export function OperationsDashboard(props: OperationsDashboardProps) {
  const { shifts, timeZone, siteName, loadRecords, loadSiteFigures, now = Date.now, toolbarExtra } = props;
  const t = useT();
  const locale = useLocale((s) => s.locale);
  const robots = useFleetStore((s) => s.robots);
  const { windows, shiftIndex, setShiftIndex, shift, records, error } = useShiftRecords(shifts, loadRecords, now, timeZone);
  const fetched = useSiteFigures(loadSiteFigures, shift);
  // A hub answer for another shift (the picker just moved) is not shown for this one.
  const choice = fetched?.source === 'hub' && fetched.site.from !== shift?.start ? undefined : fetched;

  const names = new Map(robots.map((r) => [r.id, shownRobotName(robots, r.id)]));
  const end = shift ? Math.min(shift.end, now()) : 0;
  const rows: FiguresRow[] =
    records && shift
      ? figuresRows(
          choice,
          records,
          robots.map((r) => r.id),
          shift.start,
          end,
        ).map((f) => ({ name: names.get(f.robotId) ?? f.robotId, f }))
      : [];
  const total = shift
    ? shiftTotals(
        rows.map((r) => r.f),
        shift.start,
        end,
      )
    : undefined;

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
        {toolbarExtra}
      </div>
      {error && (
        <p role="alert" className="form-error">
          {t('ops.loadError', { error })}
        </p>
      )}
      <FiguresSource choice={choice} timeZone={timeZone} />
      {!records && !error && <p className="muted">{t('ops.loading')}</p>}
      {records && rows.length === 0 && <p className="muted">{t('ops.noRobots')}</p>}
      {records && rows.length > 0 && shift && total && (
        <>
          <ReportHead shift={shift} end={end} total={total} timeZone={timeZone} siteName={siteName} />
          <FiguresTable rows={rows} total={total} />
          <h3>{t('ops.timeline')}</h3>
          <ModeLegend />
          {rows.map(({ name, f }) => (
            <ModeTimeline key={f.robotId} records={records} robotId={f.robotId} shift={{ ...shift, end }} name={name} />
          ))}
          <h3>{t('ops.outcomes')}</h3>
          <OutcomesChart rows={rows} />
          <p className="muted ops-printed">{t('ops.printedAt', { at: new Date(now()).toLocaleString(locale, { timeZone }) })}</p>
        </>
      )}
    </div>
  );
}
