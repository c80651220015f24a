// Tasks and the site hub: what a save queues (a new task, one change per state move made on the version
// the hub last had, progress), and how the hub's copy of a task comes back into the console's table.
import type { OutboxEntry } from '../../sync';
import { newRecordId } from '../../sync';
import type { StoredTask } from '../../storage';
import type { SyncedTask, TaskChange } from '../../contracts';
import type { Task, TaskState } from './taskModel';

/** What the console table keeps beside the task: the hub version its queued changes lead to, and whose it is. */
export interface SyncFields {
  /** The hub's version once everything queued for this task is applied (undefined: never sent). */
  syncVersion?: number;
  /** Made on another console: shown and changeable here, but dispatched and watched by its own console. */
  syncForeign?: boolean;
}
export type SyncedRow = StoredTask & SyncFields;

const HISTORY_KEPT = 200;

function wireTask(t: Task, site: string) {
  return {
    site,
    id: t.id,
    robotId: t.robotId,
    templateId: t.templateId,
    target: t.target,
    params: t.params,
    assignedBy: t.assignedBy,
    assignedAt: t.assignedAt,
    order: t.order,
    state: t.state,
    ...(t.stateReason !== undefined ? { stateReason: t.stateReason.slice(0, 400) } : {}),
    history: t.history
      .slice(-HISTORY_KEPT)
      .map((h) => ({ at: h.at, state: h.state, ...(h.reason ? { reason: h.reason.slice(0, 400) } : {}) })),
    progress: t.progress,
    ...(t.goalId !== undefined ? { goalId: t.goalId } : {}),
    ...(t.retryOf !== undefined ? { retryOf: t.retryOf } : {}),
    ...(t.cancelRequested !== undefined ? { cancelRequested: t.cancelRequested } : {}),
  };
}

type ChangeFields = Omit<TaskChange, 'site' | 'id' | 'taskId' | 'baseVersion' | 'at'>;

/** The fields other than the state that changed (sent with the first state move, or alone). */
function otherChanges(prev: Task, next: Task): Partial<ChangeFields> {
  const out: Partial<ChangeFields> = {};
  if (prev.order !== next.order) out.order = next.order;
  if (next.goalId !== undefined && prev.goalId !== next.goalId) out.goalId = next.goalId;
  if (!!prev.cancelRequested !== !!next.cancelRequested) out.cancelRequested = !!next.cancelRequested;
  return out;
}

/** What saving `next` over the stored `prev` queues for the hub, and the hub version that leads to. */
export function taskOutboxEntries(
  prev: SyncedRow | undefined,
  next: Task,
  site: string,
  now: number,
): { entries: OutboxEntry[]; version: number } {
  if (!prev || prev.syncVersion === undefined) return { entries: [{ kind: 'task', record: wireTask(next, site) }], version: 1 };
  const before = prev as unknown as Task;
  let version = prev.syncVersion;
  const entries: OutboxEntry[] = [];
  const change = (fields: ChangeFields, at: number) => {
    entries.push({ kind: 'taskChange', record: { site, id: newRecordId(), taskId: next.id, baseVersion: version, at, ...fields } });
    version += 1;
  };
  let extra = otherChanges(before, next);
  const moves: { state: TaskState; at: number; reason?: string }[] = next.history.slice(before.history.length);
  if (!moves.length && before.state !== next.state) moves.push({ state: next.state, at: now, reason: next.stateReason });
  for (const m of moves) {
    change({ to: m.state, ...(m.reason ? { reason: m.reason.slice(0, 400) } : {}), ...extra }, m.at);
    extra = {};
  }
  if (Object.keys(extra).length) change(extra, now);
  const p = next.progress;
  if (p.at !== undefined && p.at !== before.progress?.at) {
    entries.push({
      kind: 'taskProgress',
      record: { site, id: `${next.id}:progress:${p.at}`, taskId: next.id, progress: { ...p, at: p.at } },
    });
  }
  return { entries, version };
}

/** The hub's task as a console row (without site and version; the version is kept as syncVersion). */
export function rowFromHub(t: SyncedTask, foreign: boolean): SyncedRow {
  const { site: _site, version, ...task } = t;
  void _site;
  return { ...(task as unknown as StoredTask), syncVersion: version, ...(foreign ? { syncForeign: true } : {}) };
}
