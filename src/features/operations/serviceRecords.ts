// Service records from the console's durable stores: mode changes, ended tasks, the takeover audit and
// incidents, in the shapes serviceFigures() counts. recordsFrom() is pure; loadServiceRecords() reads the DB.
import { getAuditRepo, type AuditEntry } from '../control';
import { getIncidentRepo } from '../incidents';
import { createModeRepo } from './modeRepo';
import { createObservationRepo, extendLiveSession } from './observationRepo';
import { createTaskRepo } from '../tasks';
import type { Task } from '../tasks';
import { isTerminal } from '../tasks';
import type { IncidentRecord, Intervention, ModeEvent, ObservedSpan, ServiceRecords, Takeover, TaskOutcome } from './serviceFigures';

export interface IncidentLike {
  robotId: string;
  at: number;
  category: string | null;
  severity: string | null;
  /** Only a saved incident ('labelled') counts; a draft kept after Esc is not one yet. */
  labelState: string;
}

export function recordsFrom(input: {
  modes: ModeEvent[];
  tasks: readonly Task[];
  audit: readonly AuditEntry[];
  incidents: readonly IncidentLike[];
  observed: readonly ObservedSpan[];
}): ServiceRecords {
  const tasks: TaskOutcome[] = [];
  for (const t of input.tasks) {
    if (!isTerminal(t.state)) continue;
    const ended = [...t.history].reverse().find((h) => h.state === t.state);
    tasks.push({ robotId: t.robotId, endedAt: ended?.at ?? t.assignedAt, outcome: t.state as TaskOutcome['outcome'] });
  }

  // Control held by a person: from a 'control' entry naming a holder to the next one that does not.
  const takeovers: Takeover[] = [];
  const open = new Map<string, Takeover>();
  const interventions: Intervention[] = [];
  for (const e of [...input.audit].sort((a, b) => a.at - b.at)) {
    if (e.kind === 'control') {
      const holder = typeof e.data.holder === 'string' ? e.data.holder : '';
      const current = open.get(e.robotId);
      if (holder && !current) {
        const t: Takeover = { robotId: e.robotId, start: e.at };
        open.set(e.robotId, t);
        takeovers.push(t);
      } else if (!holder && current) {
        current.end = e.at;
        open.delete(e.robotId);
      }
    } else if (e.kind === 'approve') {
      const k = e.data.kind;
      interventions.push({ robotId: e.robotId, at: e.at, kind: k === 'help' || k === 'confirm' ? k : 'takeover' });
    } else if (e.kind === 'estop') {
      interventions.push({ robotId: e.robotId, at: e.at, kind: 'estop' });
    }
  }

  const incidents: IncidentRecord[] = input.incidents
    .filter((i) => i.labelState === 'labelled')
    .map((i) => ({
      robotId: i.robotId,
      at: i.at,
      category: i.category ?? 'unlabelled',
      severity: i.severity ?? 'unlabelled',
    }));
  return { modes: input.modes, tasks, takeovers, interventions, incidents, observed: [...input.observed] };
}

export async function loadServiceRecords(from: number, to: number): Promise<ServiceRecords> {
  await extendLiveSession().catch((err: unknown) => console.error('[operations] could not extend the observed time', err));
  const [modes, observed, tasks, audit, incidents] = await Promise.all([
    createModeRepo().between(from, to),
    createObservationRepo().between(from, to),
    createTaskRepo().loadTasks(),
    getAuditRepo().list({ since: from - 86_400_000, until: to }),
    getIncidentRepo().list(),
  ]);
  return recordsFrom({ modes, observed, tasks, audit, incidents: incidents.filter((i) => i.at >= from && i.at <= to) });
}
