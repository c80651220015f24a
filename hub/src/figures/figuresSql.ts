// The service figures as one SQL statement, per robot for the window [$2, $3) of site $1 ($4: how far back the
// takeover audit is read, the console's day of lookback). Definitions are those of the console's
// features/operations/serviceFigures.ts + serviceRecords.ts, row for row:
// - mode time: each mode span's start is a mode event; a robot is in that mode until its next event
//   (lead() per robot, ties ordered by id), clipped to the window (greatest/least). Only the observed part
//   counts; the rest of the window, and any time before the robot's first event, is 'unobserved'.
// - observed: the union (gaps-and-islands over a running max) of every mode span of the site, from its start
//   to its end, an open span to the window's end. NOT the console's definition, because the hub has no record
//   of when a console was watching (the consoles' observation sessions are not synced): a console that quit
//   without closing its spans counts as watching until one of them closes. Syncing observation sessions is
//   what would make this exact.
// - tasks: terminal state, ended at the last history entry in that state (else assignedAt), in the window.
// - takeovers: 'control' audit entries per robot in (at, id) order; a person holds control after an entry
//   naming a holder, so a takeover starts where holding begins (lag()) and ends at the next entry naming none.
// - interventions: 'approve' and 'estop' entries in the window; estops: the 'estop' ones.
// - incidents: saved ones only (labelState 'labelled'), by category and severity ('unlabelled' when unset),
//   counted once per incident id (the table's key), whichever console pushed them and however often.
// Ids are compared with collate "C" so ties order as the console's string comparison does.
export const FIGURES_SQL = `
with w as (select $2::bigint as f, $3::bigint as t, $4::bigint as lb),
spans as (
  select m.robot_id, m.id, m.mode, m.start_at, m.end_at from mode_spans m, w where m.site = $1 and m.start_at < w.t
),
obs_clip as (
  select greatest(s.start_at, w.f) as s, least(coalesce(s.end_at, w.t), w.t) as e from spans s, w
),
obs_mark as (
  select s, e, case when s <= max(e) over (order by s, e rows between unbounded preceding and 1 preceding) then 0 else 1 end as brk
  from obs_clip where e > s
),
obs_isl as (select s, e, sum(brk) over (order by s, e rows between unbounded preceding and current row) as isl from obs_mark),
islands as (select min(s) as s, max(e) as e from obs_isl group by isl),
seg_raw as (
  select robot_id, mode, start_at as s0, lead(start_at) over (partition by robot_id order by start_at, id collate "C") as e0 from spans
),
segs as (
  select r.robot_id, r.mode, greatest(r.s0, w.f) as s, least(coalesce(r.e0, w.t), w.t) as e from seg_raw r, w
  where least(coalesce(r.e0, w.t), w.t) > greatest(r.s0, w.f)
),
mode_ms as (
  select g.robot_id,
    sum(case when g.mode = 'autonomous' then least(g.e, i.e) - greatest(g.s, i.s) else 0 end)::bigint as autonomous,
    sum(case when g.mode = 'teleop' then least(g.e, i.e) - greatest(g.s, i.s) else 0 end)::bigint as teleop,
    sum(case when g.mode = 'idle' then least(g.e, i.e) - greatest(g.s, i.s) else 0 end)::bigint as idle,
    sum(case when g.mode = 'disconnected' then least(g.e, i.e) - greatest(g.s, i.s) else 0 end)::bigint as disconnected
  from segs g join islands i on g.s < i.e and i.s < g.e group by g.robot_id
),
ended as (
  select t.robot_id, t.state, coalesce(
    (select (x.h->>'at')::bigint from jsonb_array_elements(t.body->'history') with ordinality as x(h, n)
      where x.h->>'state' = t.state order by x.n desc limit 1),
    (t.body->>'assignedAt')::bigint) as ended_at
  from tasks t, w where t.site = $1 and t.state in ('succeeded', 'failed', 'canceled', 'rejected') and (t.body->>'assignedAt')::bigint < w.t
),
task_n as (
  select e.robot_id,
    count(*) filter (where e.state = 'succeeded')::bigint as succeeded, count(*) filter (where e.state = 'failed')::bigint as failed,
    count(*) filter (where e.state = 'canceled')::bigint as canceled, count(*) filter (where e.state = 'rejected')::bigint as rejected
  from ended e, w where e.ended_at >= w.f and e.ended_at < w.t group by e.robot_id
),
aud as (select a.robot_id, a.id, a.at, a.kind, a.data from audit a, w where a.site = $1 and a.at >= w.lb and a.at <= w.t),
ctl as (
  select robot_id, id, at, coalesce(jsonb_typeof(data->'holder') = 'string' and data->>'holder' <> '', false) as held
  from aud where kind = 'control'
),
ctl_lag as (select *, lag(held) over (partition by robot_id order by at, id collate "C") as prev_held from ctl),
takeovers as (
  select s.robot_id, least(coalesce((
      select min(c.at) from ctl c where c.robot_id = s.robot_id and not c.held and (c.at > s.at or (c.at = s.at and c.id collate "C" > s.id))
    ), w.t), w.t) - s.at as dur
  from ctl_lag s, w where s.held and not coalesce(s.prev_held, false) and s.at >= w.f and s.at < w.t
),
take_n as (select robot_id, count(*)::bigint as n, sum(dur)::bigint as total from takeovers group by robot_id),
interv as (
  select a.robot_id, count(*)::bigint as n, count(*) filter (where a.kind = 'estop')::bigint as estops
  from aud a, w where a.kind in ('approve', 'estop') and a.at >= w.f and a.at < w.t group by a.robot_id
),
inc as (
  select i.robot_id, coalesce(i.body->>'category', 'unlabelled') as category, coalesce(i.body->>'severity', 'unlabelled') as severity
  from incidents i, w where i.site = $1 and i.at >= w.f and i.at < w.t and i.body->>'labelState' = 'labelled'
),
inc_cat as (select robot_id, jsonb_object_agg(category, n) as by_cat from (select robot_id, category, count(*) as n from inc group by 1, 2) x group by 1),
inc_sev as (select robot_id, jsonb_object_agg(severity, n) as by_sev from (select robot_id, severity, count(*) as n from inc group by 1, 2) x group by 1),
robots as (
  select robot_id from spans union select robot_id from task_n union select robot_id from take_n
  union select robot_id from interv union select robot_id from inc
),
base as (
  select r.robot_id, coalesce(m.autonomous, 0) as autonomous, coalesce(m.teleop, 0) as teleop, coalesce(m.idle, 0) as idle,
    coalesce(m.disconnected, 0) as disconnected,
    coalesce(m.autonomous + m.teleop + m.idle + m.disconnected, 0) as observed_ms,
    coalesce(m.autonomous + m.teleop + m.idle, 0) as connected_ms,
    coalesce(tn.succeeded, 0) as succeeded, coalesce(tn.failed, 0) as failed, coalesce(tn.canceled, 0) as canceled,
    coalesce(tn.rejected, 0) as rejected, coalesce(tk.n, 0) as takeovers, tk.total as takeover_ms,
    coalesce(iv.n, 0) as interventions, coalesce(iv.estops, 0) as estops,
    coalesce(ic.by_cat, '{}'::jsonb) as by_cat, coalesce(isv.by_sev, '{}'::jsonb) as by_sev
  from robots r left join mode_ms m using (robot_id) left join task_n tn using (robot_id) left join take_n tk using (robot_id)
    left join interv iv using (robot_id) left join inc_cat ic using (robot_id) left join inc_sev isv using (robot_id)
)
select b.*, (w.t - w.f - b.observed_ms)::bigint as unobserved,
  case when w.t > w.f then b.observed_ms::float8 / (w.t - w.f) end as observed_share,
  case when b.observed_ms > 0 then b.connected_ms::float8 / b.observed_ms end as uptime,
  case when b.succeeded + b.failed > 0 then b.succeeded::float8 / (b.succeeded + b.failed) end as success_rate,
  case when b.connected_ms > 0 then b.interventions::float8 / (b.connected_ms::float8 / 3600000) end as interventions_per_hour,
  case when b.interventions > 0 then b.autonomous::float8 / b.interventions end as mtbi_ms,
  case when b.takeovers > 0 then b.takeover_ms::float8 / b.takeovers end as mean_takeover_ms
from base b, w order by b.robot_id collate "C"
`;
