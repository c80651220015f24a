// What the hub sends goes to the features' repositories (each writes its own table, idempotently by id),
// and what the hub refused is told where the record is shown.
import { auditEntrySchema, incidentSchema, modeSpanSchema, taskSchema, type FeedEntry } from '../contracts';
import { hubLeases, type Rejection } from '../sync';
import { getAuditRepo } from '../features/control';
import { getIncidentRepo } from '../features/incidents';
import { createModeRepo } from '../features/operations';
import { applyHubTasks, taskChangeRefused } from '../features/tasks';

function bodies<T>(entries: readonly FeedEntry[], entity: FeedEntry['entity'], parse: (b: unknown) => T | undefined): T[] {
  const out: T[] = [];
  for (const e of entries) {
    if (e.entity !== entity) continue;
    const v = parse(e.body);
    if (v !== undefined) out.push(v);
    else console.warn(`[hub] ignoring an unreadable ${entity} ${e.id} from the hub`);
  }
  return out;
}

const parser =
  <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }) =>
  (b: unknown): T | undefined => {
    const r = schema.safeParse(b);
    if (!r.success) console.warn('[hub] unreadable entry:', JSON.stringify(r).slice(0, 400));
    return r.success ? r.data : undefined;
  };

const modeRepo = createModeRepo();

/** Idempotent: the same entries again (after a crash before the cursor was saved) change nothing. */
export async function applyHubEntries(entries: FeedEntry[]): Promise<void> {
  hubLeases()?.onFeed(entries);
  const tasks = bodies(entries, 'task', parser(taskSchema));
  if (tasks.length) await applyHubTasks(tasks);
  const audit = bodies(entries, 'audit', parser(auditEntrySchema));
  if (audit.length) await getAuditRepo().applyFromHub(audit);
  const incidents = bodies(entries, 'incident', parser(incidentSchema));
  if (incidents.length) await getIncidentRepo().applyFromHub(incidents);
  const modes = bodies(entries, 'mode', parser(modeSpanSchema));
  if (modes.length) await modeRepo.applyFromHub(modes);
}

function describe(r: Rejection): string {
  const rec = r.item.record as { to?: string; taskId?: string };
  const what = r.item.kind === 'taskChange' && rec.to ? `change to "${rec.to}"` : r.item.kind;
  const cur = taskSchema.safeParse(r.current);
  const now = cur.success ? `; the hub has it as ${cur.data.state} (version ${cur.data.version}), changed on another console` : '';
  return `task ${rec.taskId ?? r.item.recordId}: ${what} refused (${r.message})${now}`;
}

export function onHubRejected(r: Rejection): void {
  console.warn('[hub] refused', r.item.kind, r.item.recordId, r.status, r.message);
  if (r.item.kind === 'task' || r.item.kind === 'taskChange' || r.item.kind === 'taskProgress') {
    const rec = r.item.record as { taskId?: string };
    const cur = taskSchema.safeParse(r.current);
    void taskChangeRefused(rec.taskId ?? r.item.recordId, describe(r), cur.success ? cur.data : undefined);
  }
}
