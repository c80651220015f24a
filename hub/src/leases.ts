// Control leases for stock robots. With a hub connected, the hub decides who may drive a robot: one holder
// (person + console) at a time, for a TTL the holder renews. A lead may break a lease on purpose; that
// writes an audit entry naming the holder and the lead.
import { randomUUID } from 'node:crypto';
import type { HubUser, Lease } from '../../src/contracts';
import type { Db, Queryable } from './db/types';
import { hubAudit } from './records/audit';
import { appendFeed, lockSite, notifyFeed, type WriteContext } from './records/feed';

interface LeaseRow {
  robot_id: string;
  holder: string;
  console_id: string;
  acquired_at: number;
  expires_at: number;
}

const toLease = (site: string, r: LeaseRow): Lease => ({
  site,
  robotId: r.robot_id,
  holder: r.holder,
  consoleId: r.console_id,
  acquiredAt: r.acquired_at,
  expiresAt: r.expires_at,
});

export type LeaseAnswer = { ok: true; lease: Lease | null } | { ok: false; status: 404 | 409; message: string; current: Lease | null };

async function current(q: Queryable, site: string, robotId: string, now: number): Promise<Lease | null> {
  const r = await q.query<LeaseRow>(
    'select robot_id, holder, console_id, acquired_at, expires_at from leases where site = $1 and robot_id = $2 for update',
    [site, robotId],
  );
  const row = r.rows[0];
  return row && row.expires_at > now ? toLease(site, row) : null;
}

export async function listLeases(q: Queryable, site: string, now: number): Promise<Lease[]> {
  const r = await q.query<LeaseRow>(
    'select robot_id, holder, console_id, acquired_at, expires_at from leases where site = $1 and expires_at > $2 order by robot_id',
    [site, now],
  );
  return r.rows.map((row) => toLease(site, row));
}

async function publish(
  q: Queryable,
  ctx: WriteContext,
  robotId: string,
  lease: Lease | null,
  change: Record<string, unknown>,
): Promise<void> {
  const seq = await appendFeed(q, ctx, 'lease', robotId, lease ?? { site: ctx.site, robotId, holder: null }, change);
  await notifyFeed(q, ctx.site, seq);
}

const held = (l: Lease, user: HubUser, consoleId: string) => l.holder === user.username && l.consoleId === consoleId;

/** Acquire, or renew when this person on this console already holds it (a lapsed lease nobody took is renewed too). */
export function acquireLease(
  db: Db,
  user: HubUser,
  consoleId: string,
  robotId: string,
  ttlMs: number,
  now: number,
  renewOnly = false,
): Promise<LeaseAnswer> {
  const ctx: WriteContext = { site: user.site, username: user.username, consoleId, now };
  return db.tx(async (q) => {
    await lockSite(q, ctx.site);
    const cur = await current(q, ctx.site, robotId, now);
    if (cur && !held(cur, user, consoleId)) {
      return {
        ok: false,
        status: 409,
        message: `${robotId} is held by ${cur.holder} (console ${cur.consoleId}) until ${new Date(cur.expiresAt).toISOString()}`,
        current: cur,
      };
    }
    if (renewOnly && !cur) {
      const lapsed = await q.query<LeaseRow>(
        'select robot_id, holder, console_id, acquired_at, expires_at from leases where site = $1 and robot_id = $2',
        [ctx.site, robotId],
      );
      const row = lapsed.rows[0];
      if (!row || row.holder !== user.username || row.console_id !== consoleId)
        return { ok: false, status: 409, message: `${user.username} does not hold ${robotId}; acquire it first`, current: null };
    }
    const lease: Lease = {
      site: ctx.site,
      robotId,
      holder: user.username,
      consoleId,
      acquiredAt: cur?.acquiredAt ?? now,
      expiresAt: now + ttlMs,
    };
    await q.query(
      `insert into leases (site, robot_id, holder, console_id, acquired_at, expires_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (site, robot_id) do update set holder = excluded.holder, console_id = excluded.console_id, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at`,
      [ctx.site, robotId, lease.holder, lease.consoleId, lease.acquiredAt, lease.expiresAt],
    );
    // Renewals are frequent and change nothing anyone else shows: only a new holder goes into the feed.
    if (!cur) await publish(q, ctx, robotId, lease, { action: 'acquire' });
    return { ok: true, lease };
  });
}

export function releaseLease(db: Db, user: HubUser, consoleId: string, robotId: string, now: number): Promise<LeaseAnswer> {
  const ctx: WriteContext = { site: user.site, username: user.username, consoleId, now };
  return db.tx(async (q) => {
    await lockSite(q, ctx.site);
    const cur = await current(q, ctx.site, robotId, now);
    if (!cur) return { ok: true, lease: null };
    if (!held(cur, user, consoleId))
      return {
        ok: false,
        status: 409,
        message: `${robotId} is held by ${cur.holder}, not by ${user.username} on this console`,
        current: cur,
      };
    await q.query('delete from leases where site = $1 and robot_id = $2', [ctx.site, robotId]);
    await publish(q, ctx, robotId, null, { action: 'release' });
    return { ok: true, lease: null };
  });
}

/** A lead takes control away from the holder; the audit entry names both. */
export function breakLease(db: Db, lead: HubUser, consoleId: string, robotId: string, reason: string, now: number): Promise<LeaseAnswer> {
  const ctx: WriteContext = { site: lead.site, username: lead.username, consoleId, now };
  return db.tx(async (q) => {
    await lockSite(q, ctx.site);
    const cur = await current(q, ctx.site, robotId, now);
    if (!cur) return { ok: false, status: 404, message: `nobody holds ${robotId}`, current: null };
    await q.query('delete from leases where site = $1 and robot_id = $2', [ctx.site, robotId]);
    await hubAudit(q, ctx, {
      id: `lease-break-${randomUUID()}`,
      at: now,
      robotId,
      kind: 'control',
      person: lead.username,
      data: { lease: 'broken', holder: '', previousHolder: cur.holder, previousConsoleId: cur.consoleId, brokenBy: lead.username, reason },
    });
    await publish(q, ctx, robotId, null, { action: 'break', previousHolder: cur.holder, brokenBy: lead.username, reason });
    return { ok: true, lease: null };
  });
}
