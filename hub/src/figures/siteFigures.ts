// The site's service figures per robot for one window, computed by the database (figuresSql.ts) over every
// console's records; this file only names the columns in the console's shape.
import type { ServiceFiguresWire, SiteFigures } from '../../../src/contracts';
import type { Queryable } from '../db/types';
import { FIGURES_SQL } from './figuresSql';

/** The console reads the takeover audit from a day before the window (an open takeover's start). */
export const AUDIT_LOOKBACK_MS = 86_400_000;

interface FiguresRow {
  robot_id: string;
  autonomous: number;
  teleop: number;
  idle: number;
  disconnected: number;
  unobserved: number;
  observed_ms: number;
  connected_ms: number;
  succeeded: number;
  failed: number;
  canceled: number;
  rejected: number;
  takeovers: number;
  interventions: number;
  estops: number;
  by_cat: Record<string, number>;
  by_sev: Record<string, number>;
  observed_share: number | null;
  uptime: number | null;
  success_rate: number | null;
  interventions_per_hour: number | null;
  mtbi_ms: number | null;
  mean_takeover_ms: number | null;
}

function toFigures(r: FiguresRow, from: number, to: number): ServiceFiguresWire {
  return {
    robotId: r.robot_id,
    windowStart: from,
    windowEnd: to,
    ms: { autonomous: r.autonomous, teleop: r.teleop, idle: r.idle, disconnected: r.disconnected, unobserved: r.unobserved },
    observedMs: r.observed_ms,
    observedShare: r.observed_share,
    connectedMs: r.connected_ms,
    uptime: r.uptime,
    tasks: { succeeded: r.succeeded, failed: r.failed, canceled: r.canceled, rejected: r.rejected },
    successRate: r.success_rate,
    takeovers: r.takeovers,
    interventions: r.interventions,
    interventionsPerHour: r.interventions_per_hour,
    mtbiMs: r.mtbi_ms,
    meanTakeoverMs: r.mean_takeover_ms,
    estops: r.estops,
    incidentsByCategory: r.by_cat,
    incidentsBySeverity: r.by_sev,
  };
}

/** Figures of every robot with a record of the site for [from, min(to, now)). */
export async function siteFigures(q: Queryable, site: string, from: number, to: number, now: number): Promise<SiteFigures> {
  const end = Math.max(from, Math.min(to, now));
  const r = await q.query<FiguresRow>(FIGURES_SQL, [site, from, end, from - AUDIT_LOOKBACK_MS]);
  return { site, from, to: end, computedAt: now, robots: r.rows.map((row) => toFigures(row, from, end)) };
}
