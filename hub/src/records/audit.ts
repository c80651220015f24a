// The takeover audit on the hub: append-only (the table's trigger refuses UPDATE and DELETE).
import type { AuditRecordWire } from '../../../src/contracts';
import type { Queryable } from '../db/types';
import { appendFeed, type WriteContext } from './feed';
import type { Outcome } from './outcome';

export async function appendAudit(q: Queryable, ctx: WriteContext, a: AuditRecordWire): Promise<Outcome> {
  const r = await q.query(
    `insert into audit (site, id, at, robot_id, kind, person, data, prev_hash, hash, by_user, console_id, received_at)
     values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12) on conflict (site, id) do nothing`,
    [
      ctx.site,
      a.id,
      a.at,
      a.robotId,
      a.kind,
      a.person,
      JSON.stringify(a.data),
      a.prevHash ?? null,
      a.hash ?? null,
      ctx.username,
      ctx.consoleId,
      ctx.now,
    ],
  );
  if (r.rowCount === 0) {
    // Another console sent an entry with this id (ids derived from the robot's own request id are the same
    // on every console that saw it): the same event is stored once; a different one under that id is refused.
    const cur = (
      await q.query<{ at: number; robot_id: string; kind: string }>('select at, robot_id, kind from audit where site = $1 and id = $2', [
        ctx.site,
        a.id,
      ])
    ).rows[0];
    if (cur && cur.at === a.at && cur.robot_id === a.robotId && cur.kind === a.kind) return { status: 'duplicate' };
    return { status: 'conflict', message: `audit entry ${a.id} exists with other content; audit entries are append-only`, current: cur };
  }
  return { status: 'applied', seq: await appendFeed(q, ctx, 'audit', a.id, { ...a, by: ctx.username }) };
}

/** Written by the hub itself (a lease broken by a lead). */
export async function hubAudit(q: Queryable, ctx: WriteContext, a: Omit<AuditRecordWire, 'site'>): Promise<number> {
  const out = await appendAudit(q, ctx, { ...a, site: ctx.site });
  return out.seq ?? 0;
}
