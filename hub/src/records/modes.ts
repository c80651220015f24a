// Robot mode spans: inserted once, then closed once (end set). Anything else under the same id is refused.
import type { ModeSpan } from '../../../src/contracts';
import type { Queryable } from '../db/types';
import { appendFeed, type WriteContext } from './feed';
import type { Outcome } from './outcome';

export async function putModeSpan(q: Queryable, ctx: WriteContext, s: ModeSpan): Promise<Outcome> {
  const ins = await q.query(
    `insert into mode_spans (site, id, robot_id, mode, start_at, end_at, by_user, console_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict (site, id) do nothing`,
    [ctx.site, s.id, s.robotId, s.mode, s.start, s.end, ctx.username, ctx.consoleId],
  );
  if (ins.rowCount === 1) return { status: 'applied', seq: await appendFeed(q, ctx, 'mode', s.id, s) };
  const r = await q.query<{ robot_id: string; mode: string; start_at: number; end_at: number | null }>(
    'select robot_id, mode, start_at, end_at from mode_spans where site = $1 and id = $2 for update',
    [ctx.site, s.id],
  );
  const cur = r.rows[0]!;
  const current: ModeSpan = {
    site: ctx.site,
    id: s.id,
    robotId: cur.robot_id,
    mode: cur.mode as ModeSpan['mode'],
    start: cur.start_at,
    end: cur.end_at,
  };
  if (cur.robot_id !== s.robotId || cur.mode !== s.mode || cur.start_at !== s.start) {
    return { status: 'conflict', message: `mode span ${s.id} exists for another robot, mode or start`, current };
  }
  if (cur.end_at === s.end || s.end === null) return { status: 'duplicate' };
  if (cur.end_at !== null) return { status: 'conflict', message: `mode span ${s.id} already ended at ${cur.end_at}`, current };
  await q.query('update mode_spans set end_at = $3 where site = $1 and id = $2', [ctx.site, s.id, s.end]);
  return { status: 'applied', seq: await appendFeed(q, ctx, 'mode', s.id, { ...current, end: s.end }) };
}
