// The service figures the site hub computes in SQL over every console's records (GET /api/figures): the same
// fields, with the same meaning, as the console's own computation (features/operations/serviceFigures.ts).
import { z } from 'zod';

const ms = z.number().int().nonnegative();
const ratio = z.number().nullable();
const counts = z.record(z.string(), z.number().int().nonnegative());

export const serviceFiguresSchema = z.object({
  robotId: z.string(),
  windowStart: z.number().int(),
  windowEnd: z.number().int(),
  ms: z.object({ autonomous: ms, teleop: ms, idle: ms, disconnected: ms, unobserved: ms }),
  observedMs: ms,
  observedShare: ratio,
  connectedMs: ms,
  uptime: ratio,
  tasks: z.object({ succeeded: ms, failed: ms, canceled: ms, rejected: ms }),
  successRate: ratio,
  takeovers: ms,
  interventions: ms,
  interventionsPerHour: ratio,
  mtbiMs: ratio,
  meanTakeoverMs: ratio,
  estops: ms,
  incidentsByCategory: counts,
  incidentsBySeverity: counts,
});
export type ServiceFiguresWire = z.infer<typeof serviceFiguresSchema>;

export const siteFiguresSchema = z.object({
  site: z.string(),
  from: z.number().int(),
  /** The window's end as computed: the asked end, or the hub's clock if that is earlier (a running shift). */
  to: z.number().int(),
  /** The hub's clock when the SQL ran. */
  computedAt: z.number().int(),
  robots: z.array(serviceFiguresSchema),
});
export type SiteFigures = z.infer<typeof siteFiguresSchema>;
