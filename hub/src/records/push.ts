// A pushed batch: each record checked against the person's role and site, then all applied in one
// transaction in the order sent. Records are answered one by one (applied, duplicate, conflict with the
// hub's current record, forbidden, not found); a refused record writes nothing.
import {
  auditPermission,
  can,
  type HubUser,
  type Permission,
  type PushRecord,
  type PushRequest,
  type PushResponse,
  type PushResult,
} from '../../../src/contracts';
import type { Db, Queryable } from '../db/types';
import { appendAudit } from './audit';
import { feedHead, lockSite, notifyFeed, type WriteContext } from './feed';
import { createIncident, editIncident } from './incidents';
import { putModeSpan } from './modes';
import { STATUS_CODE, type Outcome } from './outcome';
import { changeTask, createTask, progressTask } from './tasks';

function permissionFor(r: PushRecord): Permission {
  switch (r.kind) {
    case 'task':
    case 'taskChange':
    case 'taskProgress':
      return 'task.write';
    case 'audit':
      return auditPermission(r.record.kind);
    case 'incident':
      return 'incident.create';
    case 'incidentEdit':
      // The finer rule (own incident, review fields) needs the stored incident: checked when applied.
      return 'read';
    case 'mode':
      return 'mode.write';
  }
}

/** Why this person may not push this record at all, or undefined. */
export function staticRefusal(user: HubUser, r: PushRecord): string | undefined {
  if (r.record.site !== user.site) return `${user.username} signs in for site "${user.site}", not "${r.record.site}"`;
  const p = permissionFor(r);
  if (!can(user.role, p))
    return `${user.username} (${user.role}) may not ${p === 'audit.observe' ? 'record' : 'write'} ${r.kind === 'audit' ? `"${r.record.kind}" audit entries` : `${r.kind} records`} (needs ${p})`;
  return undefined;
}

async function applyOne(q: Queryable, ctx: WriteContext, user: HubUser, r: PushRecord): Promise<Outcome> {
  switch (r.kind) {
    case 'task':
      return createTask(q, ctx, r.record);
    case 'taskChange':
      return changeTask(q, ctx, r.record);
    case 'taskProgress':
      return progressTask(q, ctx, r.record);
    case 'audit':
      return appendAudit(q, ctx, r.record);
    case 'incident':
      return createIncident(q, ctx, r.record);
    case 'incidentEdit':
      return editIncident(q, ctx, user, r.record);
    case 'mode':
      return putModeSpan(q, ctx, r.record);
  }
}

const keyOf = (r: PushRecord) => `${r.kind}\u0000${r.record.id}`;

/**
 * Kinds whose ids are kept only in the `pushed` ledger: applying them twice would change twice. The others
 * are stored under their own id and their applier tells a retry from a different record with that id (an
 * audit entry with other content, a mode span sent again with its end).
 */
const LEDGER_KINDS: ReadonlySet<PushRecord['kind']> = new Set(['taskChange', 'taskProgress', 'incidentEdit']);

function result(r: PushRecord, o: Outcome): PushResult {
  return {
    kind: r.kind,
    id: r.record.id,
    status: o.status,
    code: STATUS_CODE[o.status],
    ...(o.seq !== undefined ? { seq: o.seq } : {}),
    ...(o.message !== undefined ? { message: o.message } : {}),
    ...(o.status === 'conflict' && o.current !== undefined ? { current: o.current } : {}),
  };
}

async function applyBatch(
  q: Queryable,
  ctx: WriteContext,
  user: HubUser,
  records: readonly PushRecord[],
  results: (PushResult | undefined)[],
): Promise<number> {
  await lockSite(q, ctx.site);
  const todo = records.map((r, i) => ({ r, i })).filter(({ i }) => !results[i]);
  const ledgered = todo.filter(({ r }) => LEDGER_KINDS.has(r.kind));
  const known = await q.query<{ kind: string; id: string; seq: number | null }>(
    'select kind, id, seq from pushed where site = $1 and (kind, id) in (select * from unnest($2::text[], $3::text[]))',
    [ctx.site, ledgered.map(({ r }) => r.kind), ledgered.map(({ r }) => r.record.id)],
  );
  const seen = new Map(known.rows.map((k) => [`${k.kind}\u0000${k.id}`, k.seq]));
  /** Later changes of a task whose change was refused were made on the refused state: refuse them too. */
  const refusedTasks = new Set<string>();
  const applied: { kind: string; id: string; seq: number | null }[] = [];
  let maxSeq = 0;
  for (const { r, i } of todo) {
    const k = keyOf(r);
    if (seen.has(k)) {
      const seq = seen.get(k);
      results[i] = result(r, { status: 'duplicate', ...(seq ? { seq } : {}) });
      continue;
    }
    let o: Outcome;
    if (r.kind === 'taskChange' && refusedTasks.has(r.record.taskId)) {
      o = {
        status: 'conflict',
        message: `an earlier change to task ${r.record.taskId} in this batch was refused; this one was made after it`,
      };
    } else {
      o = await applyOne(q, ctx, user, r);
    }
    if (r.kind === 'taskChange' && (o.status === 'conflict' || o.status === 'notFound')) refusedTasks.add(r.record.taskId);
    if (LEDGER_KINDS.has(r.kind) && (o.status === 'applied' || o.status === 'duplicate')) {
      seen.set(k, o.seq ?? null);
      applied.push({ kind: r.kind, id: r.record.id, seq: o.seq ?? null });
    }
    if (o.seq) maxSeq = Math.max(maxSeq, o.seq);
    results[i] = result(r, o);
  }
  if (applied.length) {
    await q.query(
      `insert into pushed (site, kind, id, seq, by_user, console_id, received_at)
       select $1, k, i, s, $5, $6, $7 from unnest($2::text[], $3::text[], $4::bigint[]) as t(k, i, s)`,
      [ctx.site, applied.map((a) => a.kind), applied.map((a) => a.id), applied.map((a) => a.seq), ctx.username, ctx.consoleId, ctx.now],
    );
  }
  if (maxSeq) await notifyFeed(q, ctx.site, maxSeq);
  return feedHead(q, ctx.site);
}

export interface PushOutcome extends PushResponse {
  /** Every record was refused for the person's role or site: the request as a whole is forbidden. */
  allForbidden: boolean;
}

export async function push(db: Db, user: HubUser, req: PushRequest, now: number): Promise<PushOutcome> {
  const results: (PushResult | undefined)[] = req.records.map((r) => {
    const why = staticRefusal(user, r);
    return why ? result(r, { status: 'forbidden', message: why }) : undefined;
  });
  const ctx: WriteContext = { site: user.site, username: user.username, consoleId: req.consoleId, now };
  let head: number;
  if (results.every((r) => r !== undefined)) head = await feedHead(db, user.site);
  else head = await db.tx((q) => applyBatch(q, ctx, user, req.records, results));
  const done = results as PushResult[];
  return { results: done, head, allForbidden: done.every((r) => r.status === 'forbidden') };
}
