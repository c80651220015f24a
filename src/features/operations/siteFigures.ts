// Which figures the dashboard shows: with a hub connected, the site's (computed by the hub in SQL over every
// console's records); without one, or when the hub cannot answer, this console's own computation, with a
// note saying so. The choice is pure (chooseFigures, figuresRows); useSiteFigures re-asks every 5 s.
import { useEffect, useState } from 'react';
import type { SiteFigures } from '../../contracts';
import { serviceFigures, type ServiceFigures, type ServiceRecords } from './serviceFigures';

/** Asks the hub; undefined when no hub is configured (the console works alone). */
export type LoadSiteFigures = (from: number, to: number) => Promise<SiteFigures | undefined>;

export type FiguresChoice =
  | { source: 'hub'; site: SiteFigures }
  /** `hubError`: a hub is configured but did not answer; the local figures are shown with this note. */
  | { source: 'local'; hubError?: string };

export async function chooseFigures(load: LoadSiteFigures | undefined, from: number, to: number): Promise<FiguresChoice> {
  if (!load) return { source: 'local' };
  try {
    const site = await load(from, to);
    return site ? { source: 'hub', site } : { source: 'local' };
  } catch (err) {
    return { source: 'local', hubError: err instanceof Error ? err.message : String(err) };
  }
}

/** The per-robot figures to show: the hub's robots (the whole site) or every robot this console knows. */
export function figuresRows(
  choice: FiguresChoice | undefined,
  records: ServiceRecords,
  fleetIds: readonly string[],
  start: number,
  end: number,
): ServiceFigures[] {
  if (choice?.source === 'hub') return choice.site.robots;
  const ids = new Set<string>([...fleetIds, ...records.modes.map((m) => m.robotId)]);
  return [...ids].map((id) => serviceFigures(records, id, start, end));
}

const REFRESH_MS = 5000;

/** The choice for the shown shift, asked again every 5 s (a running shift's figures keep moving). */
export function useSiteFigures(load: LoadSiteFigures | undefined, window: { start: number; end: number } | undefined) {
  const [choice, setChoice] = useState<FiguresChoice | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const start = window?.start;
  const end = window?.end;
  useEffect(() => {
    if (start === undefined || end === undefined) return;
    let live = true;
    void chooseFigures(load, start, end).then((c) => live && setChoice(c));
    return () => {
      live = false;
    };
  }, [load, start, end, tick]);
  useEffect(() => {
    const timer = setInterval(() => setTick((x) => x + 1), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  return choice;
}
