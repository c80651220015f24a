// Incidents on the hub. Edits are never refused for being concurrent: each one is kept (incident_edits) in
// the order the hub received it, and the incident is the result of applying them in that order.
import { INCIDENT_REVIEW_FIELDS, can, type HubUser, type IncidentEdit, type SyncedIncident } from '../../../src/contracts';
import type { Queryable } from '../db/types';
import { appendFeed, type WriteContext } from './feed';
import type { Outcome } from './outcome';

type IncidentBody = Omit<SyncedIncident, 'version'>;

async function current(
  q: Queryable,
  site: string,
  id: string,
  lock: boolean,
): Promise<{ incident: SyncedIncident; createdBy: string } | undefined> {
  const r = await q.query<{ body: IncidentBody; version: number; created_by: string }>(
    `select body, version, created_by from incidents where site = $1 and id = $2${lock ? ' for update' : ''}`,
    [site, id],
  );
  const row = r.rows[0];
  return row ? { incident: { ...row.body, version: row.version }, createdBy: row.created_by } : undefined;
}

export async function getIncident(q: Queryable, site: string, id: string): Promise<SyncedIncident | undefined> {
  return (await current(q, site, id, false))?.incident;
}

export async function createIncident(q: Queryable, ctx: WriteContext, rec: IncidentBody): Promise<Outcome> {
  const r = await q.query(
    `insert into incidents (site, id, robot_id, at, version, body, created_by, updated_by, updated_at)
     values ($1, $2, $3, $4, 1, $5::jsonb, $6, $6, $7) on conflict (site, id) do nothing`,
    [ctx.site, rec.id, rec.robotId, rec.at, JSON.stringify(rec), ctx.username, ctx.now],
  );
  if (r.rowCount === 0) return { status: 'duplicate' };
  const incident: SyncedIncident = { ...rec, version: 1 };
  return { status: 'applied', seq: await appendFeed(q, ctx, 'incident', rec.id, incident) };
}

/** Who may edit: leads, trainers, admins any incident; an operator the incidents they created. */
export function editRefusal(user: HubUser, createdBy: string, e: IncidentEdit): string | undefined {
  if (!can(user.role, 'incident.edit') && !(can(user.role, 'incident.create') && createdBy === user.username)) {
    return `${user.username} (${user.role}) may not edit incident ${e.incidentId}: it was created by ${createdBy}`;
  }
  const reviewing = INCIDENT_REVIEW_FIELDS.some((f) => f in e.set);
  if (reviewing && !can(user.role, 'incident.review')) return `${user.username} (${user.role}) may not review incidents`;
  return undefined;
}

export async function editIncident(q: Queryable, ctx: WriteContext, user: HubUser, e: IncidentEdit): Promise<Outcome> {
  const cur = await current(q, ctx.site, e.incidentId, true);
  if (!cur) return { status: 'notFound', message: `no incident ${e.incidentId} on the hub` };
  const refusal = editRefusal(user, cur.createdBy, e);
  if (refusal) return { status: 'forbidden', message: refusal };
  const next: SyncedIncident = {
    ...cur.incident,
    ...e.set,
    updatedAt: Math.max(cur.incident.updatedAt, e.at),
    version: cur.incident.version + 1,
  };
  // An edit that clears the review clears who reviewed it too, as the console does.
  if (e.set.reviewed === false) {
    delete next.reviewedBy;
    delete next.reviewedAt;
  }
  const { version, ...body } = next;
  await q.query('update incidents set body = $3::jsonb, version = $4, updated_by = $5, updated_at = $6 where site = $1 and id = $2', [
    ctx.site,
    e.incidentId,
    JSON.stringify(body),
    version,
    ctx.username,
    ctx.now,
  ]);
  const seq = await appendFeed(q, ctx, 'incident', e.incidentId, next, { ...e, by: ctx.username });
  await q.query(
    `insert into incident_edits (site, id, incident_id, at, set_fields, by_user, console_id, received_at, seq)
     values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9)`,
    [ctx.site, e.id, e.incidentId, e.at, JSON.stringify(e.set), ctx.username, ctx.consoleId, ctx.now, seq],
  );
  return { status: 'applied', seq };
}

export interface IncidentHistoryEntry {
  id: string;
  at: number;
  set: IncidentEdit['set'];
  by: string;
  consoleId: string;
  receivedAt: number;
  seq: number;
}

export async function incidentHistory(q: Queryable, site: string, incidentId: string): Promise<IncidentHistoryEntry[]> {
  const r = await q.query<{
    id: string;
    at: number;
    set_fields: IncidentEdit['set'];
    by_user: string;
    console_id: string;
    received_at: number;
    seq: number;
  }>(
    'select id, at, set_fields, by_user, console_id, received_at, seq from incident_edits where site = $1 and incident_id = $2 order by seq',
    [site, incidentId],
  );
  return r.rows.map((x) => ({
    id: x.id,
    at: x.at,
    set: x.set_fields,
    by: x.by_user,
    consoleId: x.console_id,
    receivedAt: x.received_at,
    seq: x.seq,
  }));
}
