import { useEffect, useState } from 'react';
import { useFleetStore } from '../../../fleet';
import { useT } from '../../../i18n';
import { getIncidentService } from '../incidentService';

interface Holding {
  id: string;
  held: number;
  budget: number;
  seconds: number;
}

const mib = (b: number) => `${(b / (1024 * 1024)).toFixed(b < 10 * 1024 * 1024 ? 1 : 0)} MiB`;

/** Read once a second from the rings (never per message): what each robot's evidence ring holds. */
function readHoldings(ids: readonly string[]): Holding[] {
  const svc = getIncidentService();
  const out: Holding[] = [];
  for (const id of ids) {
    const ring = svc?.ring(id);
    if (!ring) continue;
    const span = ring.span();
    out.push({
      id,
      held: ring.bytes + ring.carriedBytes,
      budget: ring.maxBytes,
      seconds: span ? Math.round((span.to - span.from) / 1000) : 0,
    });
  }
  return out;
}

/** Each robot's evidence ring: bytes held (window plus latched state) against its budget, and the seconds covered. */
export function EvidenceHolding() {
  const t = useT();
  const robots = useFleetStore((s) => s.robots);
  const [rows, setRows] = useState<Holding[]>([]);
  useEffect(() => {
    const ids = robots.map((r) => r.id);
    const tick = () => setRows(readHoldings(ids));
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [robots]);
  if (rows.length === 0) return null;
  const name = (id: string) => robots.find((r) => r.id === id)?.name ?? id;
  return (
    <ul className="evidence-holding muted" data-testid="evidence-holding">
      {rows.map((r) => (
        <li key={r.id} data-robot={r.id} data-held-bytes={r.held} data-budget-bytes={r.budget}>
          <span>{name(r.id)}</span> {t('evidence.holding', { held: mib(r.held), budget: mib(r.budget), seconds: r.seconds })}
          <progress max={r.budget} value={Math.min(r.held, r.budget)} />
        </li>
      ))}
    </ul>
  );
}
