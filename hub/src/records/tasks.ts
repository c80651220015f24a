// Tasks on the hub: created once, then changed only by changes made on the version the hub has.
import { TASK_TRANSITIONS, type SyncedTask, type TaskChange, type TaskProgressRecord } from '../../../src/contracts';
import type { Queryable } from '../db/types';
import { appendFeed, type WriteContext } from './feed';
import type { Outcome } from './outcome';

type TaskBody = Omit<SyncedTask, 'version'>;
const HISTORY_MAX = 200;
const TERMINAL = new Set(['succeeded', 'failed', 'canceled', 'rejected']);

async function currentTask(q: Queryable, site: string, id: string, lock: boolean): Promise<SyncedTask | undefined> {
  const r = await q.query<{ body: TaskBody; version: number }>(
    `select body, version from tasks where site = $1 and id = $2${lock ? ' for update' : ''}`,
    [site, id],
  );
  const row = r.rows[0];
  return row ? { ...row.body, version: row.version } : undefined;
}

export function getTask(q: Queryable, site: string, id: string): Promise<SyncedTask | undefined> {
  return currentTask(q, site, id, false);
}

async function saveTask(q: Queryable, ctx: WriteContext, t: SyncedTask): Promise<void> {
  const { version, ...body } = t;
  await q.query(
    'update tasks set body = $3::jsonb, state = $4, version = $5, updated_by = $6, updated_at = $7 where site = $1 and id = $2',
    [ctx.site, t.id, JSON.stringify(body), t.state, version, ctx.username, ctx.now],
  );
}

export async function createTask(q: Queryable, ctx: WriteContext, rec: TaskBody): Promise<Outcome> {
  const r = await q.query(
    `insert into tasks (site, id, robot_id, state, version, body, created_by, updated_by, updated_at)
     values ($1, $2, $3, $4, 1, $5::jsonb, $6, $6, $7) on conflict (site, id) do nothing`,
    [ctx.site, rec.id, rec.robotId, rec.state, JSON.stringify(rec), ctx.username, ctx.now],
  );
  if (r.rowCount === 0) return { status: 'duplicate', current: await getTask(q, ctx.site, rec.id) };
  const task: SyncedTask = { ...rec, version: 1 };
  return { status: 'applied', seq: await appendFeed(q, ctx, 'task', rec.id, task), current: task };
}

/** The same rules as the console's taskModel.transition, applied to the hub's copy. */
export function applyChange(t: SyncedTask, c: TaskChange): SyncedTask | string {
  let next: SyncedTask = { ...t, version: t.version + 1 };
  if (c.to !== undefined) {
    if (c.to !== t.state && !TASK_TRANSITIONS[t.state].includes(c.to)) return `task ${t.id}: cannot go from ${t.state} to ${c.to}`;
    const moved = c.to !== t.state || (c.reason !== undefined && c.reason !== t.stateReason);
    if (moved) {
      const entry = c.reason === undefined ? { at: c.at, state: c.to } : { at: c.at, state: c.to, reason: c.reason };
      let history = [...t.history, entry];
      // The first entry (when it was queued) and the latest ones are what people read.
      if (history.length > HISTORY_MAX) history = [history[0]!, ...history.slice(history.length - HISTORY_MAX + 1)];
      next = { ...next, state: c.to, stateReason: c.reason, history };
      if (next.stateReason === undefined) delete next.stateReason;
    }
  }
  if (c.order !== undefined) next.order = c.order;
  if (c.goalId !== undefined) next.goalId = c.goalId;
  if (c.cancelRequested !== undefined) next.cancelRequested = c.cancelRequested;
  if (TERMINAL.has(next.state) && next.cancelRequested) next.cancelRequested = false;
  return next;
}

export async function changeTask(q: Queryable, ctx: WriteContext, c: TaskChange): Promise<Outcome> {
  const cur = await currentTask(q, ctx.site, c.taskId, true);
  if (!cur) return { status: 'notFound', message: `no task ${c.taskId} on the hub` };
  if (cur.version !== c.baseVersion) {
    return {
      status: 'conflict',
      message: `task ${c.taskId} was changed by someone else (hub has version ${cur.version}, this change was made on ${c.baseVersion})`,
      current: cur,
    };
  }
  const next = applyChange(cur, c);
  if (typeof next === 'string') return { status: 'conflict', message: next, current: cur };
  await saveTask(q, ctx, next);
  return { status: 'applied', seq: await appendFeed(q, ctx, 'task', next.id, next, c), current: next };
}

export async function progressTask(q: Queryable, ctx: WriteContext, p: TaskProgressRecord): Promise<Outcome> {
  const cur = await currentTask(q, ctx.site, p.taskId, true);
  if (!cur) return { status: 'notFound', message: `no task ${p.taskId} on the hub` };
  if ((cur.progress.at ?? -1) >= p.progress.at) return { status: 'duplicate', message: 'the hub has newer progress', current: cur };
  const next: SyncedTask = { ...cur, progress: p.progress };
  await saveTask(q, ctx, next);
  return { status: 'applied', seq: await appendFeed(q, ctx, 'task', next.id, next), current: next };
}
