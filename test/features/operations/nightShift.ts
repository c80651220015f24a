// One night shift of records, shared by the figures and their CSV export.
import type { ServiceRecords } from '../../../src/features/operations/serviceFigures';

export const H = 3_600_000;
export const local = (y: number, mo: number, d: number, h = 0, mi = 0) => new Date(y, mo - 1, d, h, mi).getTime();
export const empty = (): ServiceRecords => ({ modes: [], tasks: [], takeovers: [], interventions: [], incidents: [], observed: [] });

// Night shift 22:00 → 06:00 (8 h). Robot r1: connected autonomous at 22:00, takeover 23:00–23:30 (teleop),
// autonomous again, drops (disconnected) at 02:00, back idle at 03:00, autonomous 04:00 to the end.
export function nightShift(): { start: number; end: number; rec: ServiceRecords } {
  const start = local(2026, 3, 10, 22);
  const end = local(2026, 3, 11, 6);
  const rec = empty();
  rec.observed.push({ start: start - H, end: end + H }); // a console watched the whole shift
  rec.modes.push(
    { robotId: 'r1', at: start, mode: 'autonomous' },
    { robotId: 'r1', at: start + 1 * H, mode: 'teleop' },
    { robotId: 'r1', at: start + 1.5 * H, mode: 'autonomous' },
    { robotId: 'r1', at: start + 4 * H, mode: 'disconnected' },
    { robotId: 'r1', at: start + 5 * H, mode: 'idle' },
    { robotId: 'r1', at: start + 6 * H, mode: 'autonomous' },
    { robotId: 'r2', at: start, mode: 'autonomous' },
  );
  rec.takeovers.push({ robotId: 'r1', start: start + 1 * H, end: start + 1.5 * H });
  rec.interventions.push(
    { robotId: 'r1', at: start + 1 * H, kind: 'takeover' },
    { robotId: 'r1', at: start + 3 * H, kind: 'estop' },
    { robotId: 'r1', at: end + 1, kind: 'estop' }, // after the shift: not counted
  );
  rec.tasks.push(
    { robotId: 'r1', endedAt: start + 0.5 * H, outcome: 'succeeded' },
    { robotId: 'r1', endedAt: start + 2 * H, outcome: 'succeeded' },
    { robotId: 'r1', endedAt: start + 2.5 * H, outcome: 'succeeded' },
    { robotId: 'r1', endedAt: start + 3.5 * H, outcome: 'failed' },
    { robotId: 'r1', endedAt: start + 7 * H, outcome: 'canceled' },
    { robotId: 'r2', endedAt: start + 1 * H, outcome: 'failed' },
  );
  rec.incidents.push(
    { robotId: 'r1', at: start + 3 * H, category: 'person in zone', severity: 'major' },
    { robotId: 'r1', at: start + 3.1 * H, category: 'path blocked', severity: 'minor' },
    { robotId: 'r1', at: start + 3.2 * H, category: 'path blocked', severity: 'minor' },
  );
  return { start, end, rec };
}
