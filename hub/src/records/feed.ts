// The change feed: one row per change, ordered per site by seq. Writers call appendFeed inside their
// transaction after lockSite; readers page by cursor.
import type { Entity, FeedEntry } from '../../../src/contracts';
import type { Queryable } from '../db/types';

export const FEED_CHANNEL = 'hub_feed';

export interface WriteContext {
  site: string;
  username: string;
  consoleId: string;
  now: number;
}

/**
 * Serialises the site's writers until commit. Without it two transactions could draw seq 7 and 8 and
 * commit 8 first; a console pulling in between would move its cursor past 7 and never see it.
 */
export async function lockSite(q: Queryable, site: string): Promise<void> {
  await q.query('select pg_advisory_xact_lock(727002, hashtext($1))', [site]);
}

export async function appendFeed(
  q: Queryable,
  ctx: WriteContext,
  entity: Entity,
  id: string,
  body: unknown,
  change?: unknown,
): Promise<number> {
  const r = await q.query<{ seq: number }>(
    `insert into feed (site, entity, entity_id, body, change, by_user, console_id, received_at)
     values ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8) returning seq`,
    [
      ctx.site,
      entity,
      id,
      JSON.stringify(body),
      change === undefined ? null : JSON.stringify(change),
      ctx.username,
      ctx.consoleId,
      ctx.now,
    ],
  );
  return r.rows[0]!.seq;
}

/** Tells every hub process on this database (LISTEN) that the site's feed grew; delivered at commit. */
export async function notifyFeed(q: Queryable, site: string, seq: number): Promise<void> {
  await q.query('select pg_notify($1, $2)', [FEED_CHANNEL, `${seq}:${site}`]);
}

export function parseNotify(payload: string): { site: string; seq: number } | undefined {
  const i = payload.indexOf(':');
  const seq = Number(payload.slice(0, i));
  return i > 0 && Number.isInteger(seq) ? { seq, site: payload.slice(i + 1) } : undefined;
}

export async function feedHead(q: Queryable, site: string): Promise<number> {
  const r = await q.query<{ head: number | null }>('select max(seq) as head from feed where site = $1', [site]);
  return r.rows[0]?.head ?? 0;
}

/** How many entries follow `after` (counted up to `cap`, so a long outage costs a bounded scan). */
export async function feedRemaining(q: Queryable, site: string, after: number, cap = 100_000): Promise<number> {
  const r = await q.query<{ n: number }>('select count(*)::int as n from (select 1 from feed where site = $1 and seq > $2 limit $3) t', [
    site,
    after,
    cap,
  ]);
  return r.rows[0]?.n ?? 0;
}

interface FeedRow {
  seq: number;
  entity: Entity;
  entity_id: string;
  body: unknown;
  change: unknown;
  by_user: string;
  console_id: string;
  received_at: number;
}

export async function readFeed(q: Queryable, site: string, after: number, limit: number): Promise<FeedEntry[]> {
  const r = await q.query<FeedRow>(
    `select seq, entity, entity_id, body, change, by_user, console_id, received_at
       from feed where site = $1 and seq > $2 order by seq limit $3`,
    [site, after, limit],
  );
  return r.rows.map((row) => ({
    seq: row.seq,
    entity: row.entity,
    id: row.entity_id,
    body: row.body,
    ...(row.change === null ? {} : { change: row.change }),
    by: row.by_user,
    consoleId: row.console_id,
    receivedAt: row.received_at,
  }));
}
