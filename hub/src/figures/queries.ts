// A site's raw records for a window (GET /api/records-window), in the shapes the console's service figures
// read (mode spans, ended tasks, takeover audit, incidents). The figures themselves are computed in SQL by
// siteFigures.ts / figuresSql.ts (GET /api/figures).
import type { Queryable } from '../db/types';

export interface WindowRecords {
  modes: { robotId: string; mode: string; start: number; end: number | null }[];
  tasks: { robotId: string; id: string; state: string; body: unknown }[];
  audit: { robotId: string; at: number; kind: string; data: unknown }[];
  incidents: { robotId: string; at: number; category: string | null; severity: string | null }[];
}

export async function recordsInWindow(q: Queryable, site: string, from: number, to: number): Promise<WindowRecords> {
  const modes = await q.query<{ robot_id: string; mode: string; start_at: number; end_at: number | null }>(
    'select robot_id, mode, start_at, end_at from mode_spans where site = $1 and start_at < $3 and (end_at is null or end_at > $2) order by start_at',
    [site, from, to],
  );
  const tasks = await q.query<{ robot_id: string; id: string; state: string; body: unknown }>(
    `select robot_id, id, state, body from tasks where site = $1 and (body->>'assignedAt')::bigint < $3
       and (state in ('queued', 'dispatched', 'active', 'unknown') or updated_at >= $2)`,
    [site, from, to],
  );
  const audit = await q.query<{ robot_id: string; at: number; kind: string; data: unknown }>(
    'select robot_id, at, kind, data from audit where site = $1 and at >= $2 and at < $3 order by at',
    [site, from, to],
  );
  const incidents = await q.query<{ robot_id: string; at: number; category: string | null; severity: string | null }>(
    `select robot_id, at, body->>'category' as category, body->>'severity' as severity from incidents where site = $1 and at >= $2 and at < $3 order by at`,
    [site, from, to],
  );
  return {
    modes: modes.rows.map((r) => ({ robotId: r.robot_id, mode: r.mode, start: r.start_at, end: r.end_at })),
    tasks: tasks.rows.map((r) => ({ robotId: r.robot_id, id: r.id, state: r.state, body: r.body })),
    audit: audit.rows.map((r) => ({ robotId: r.robot_id, at: r.at, kind: r.kind, data: r.data })),
    incidents: incidents.rows.map((r) => ({ robotId: r.robot_id, at: r.at, category: r.category, severity: r.severity })),
  };
}
