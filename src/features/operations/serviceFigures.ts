// Service figures per robot and shift, computed from durable records only: what a lease is paid on.
// Pure arithmetic, unit-tested against hand-computed cases.

export type RobotMode = 'autonomous' | 'teleop' | 'idle' | 'disconnected';
/** What a span of the shift was: a robot mode, or 'unobserved' when no console was watching (or the robot was not yet known). */
export type SpanMode = RobotMode | 'unobserved';

/** A stretch of time a console was open and recording modes. */
export interface ObservedSpan {
  start: number;
  end: number;
}

/** A robot entered `mode` at `at` (it stays there until its next mode event). */
export interface ModeEvent {
  robotId: string;
  at: number;
  mode: RobotMode;
}

export interface TaskOutcome {
  robotId: string;
  endedAt: number;
  outcome: 'succeeded' | 'failed' | 'canceled' | 'rejected';
}

export interface Takeover {
  robotId: string;
  /** When control was approved to a person. */
  start: number;
  /** When it was handed back (undefined while still under teleop). */
  end?: number;
}

export interface Intervention {
  robotId: string;
  at: number;
  kind: 'takeover' | 'estop' | 'help' | 'confirm';
}

export interface IncidentRecord {
  robotId: string;
  at: number;
  category: string;
  severity: string;
}

export interface ServiceRecords {
  modes: ModeEvent[];
  tasks: TaskOutcome[];
  takeovers: Takeover[];
  interventions: Intervention[];
  incidents: IncidentRecord[];
  /** When a console was watching. Time outside these spans is "not observed", never "disconnected". */
  observed: ObservedSpan[];
}

export interface ServiceFigures {
  robotId: string;
  windowStart: number;
  windowEnd: number;
  /** Milliseconds in each mode inside the window. Time no console watched, or before the robot's first record, is 'unobserved'. */
  ms: Record<SpanMode, number>;
  /** Window length minus the unobserved time. */
  observedMs: number;
  /** observedMs / window length; null for an empty window. Printed with every figure. */
  observedShare: number | null;
  connectedMs: number;
  /** connectedMs / observedMs: the share of the observed time the robot was connected; null when nothing was observed. */
  uptime: number | null;
  tasks: { succeeded: number; failed: number; canceled: number; rejected: number };
  /** succeeded / (succeeded + failed), null when no task ended. Canceled and rejected are the operator's or planner's call, not the robot's. */
  successRate: number | null;
  takeovers: number;
  interventions: number;
  /** Interventions per connected hour; null when never connected. */
  interventionsPerHour: number | null;
  /** Mean autonomous time between interventions (ms); null without interventions. */
  mtbiMs: number | null;
  /** Mean duration of takeovers that started in the window (clipped to the window end if still open). */
  meanTakeoverMs: number | null;
  estops: number;
  incidentsByCategory: Record<string, number>;
  incidentsBySeverity: Record<string, number>;
}

const inWindow = (t: number, start: number, end: number) => t >= start && t < end;

export interface ModeSpan {
  mode: SpanMode;
  start: number;
  end: number;
}

/** Time spent in each mode within [start, end), from a robot's mode events (any order) and the observed spans. */
export function modeDurations(
  events: readonly ModeEvent[],
  start: number,
  end: number,
  observed: readonly ObservedSpan[] = [{ start, end }],
): Record<SpanMode, number> {
  const ms: Record<SpanMode, number> = { autonomous: 0, teleop: 0, idle: 0, disconnected: 0, unobserved: 0 };
  for (const s of modeSpans(events, start, end, observed)) ms[s.mode] += s.end - s.start;
  return ms;
}

/** The observed spans clipped to [start, end), merged, oldest first. */
export function observedWithin(observed: readonly ObservedSpan[], start: number, end: number): ObservedSpan[] {
  const out: ObservedSpan[] = [];
  for (const o of [...observed].sort((a, b) => a.start - b.start)) {
    const s = Math.max(o.start, start);
    const e = Math.min(o.end, end);
    if (e <= s) continue;
    const last = out[out.length - 1];
    if (last && s <= last.end) last.end = Math.max(last.end, e);
    else out.push({ start: s, end: e });
  }
  return out;
}

/** Per-mode spans inside the window, for the timeline chart: robot modes where observed, 'unobserved' elsewhere. */
export function modeSpans(
  events: readonly ModeEvent[],
  start: number,
  end: number,
  observed: readonly ObservedSpan[] = [{ start, end }],
): ModeSpan[] {
  const raw = rawModeSpans(events, start, end);
  const seen = observedWithin(observed, start, end);
  const spans: ModeSpan[] = [];
  let cursor = start;
  for (const o of seen) {
    if (o.start > cursor) spans.push({ mode: 'unobserved', start: cursor, end: o.start });
    for (const r of raw) {
      const s = Math.max(r.start, o.start);
      const e = Math.min(r.end, o.end);
      if (e > s) spans.push({ mode: r.mode, start: s, end: e });
    }
    cursor = o.end;
  }
  if (end > cursor) spans.push({ mode: 'unobserved', start: cursor, end });
  return merge(spans);
}

function merge(spans: ModeSpan[]): ModeSpan[] {
  return spans.reduce<ModeSpan[]>((acc, s) => {
    const last = acc[acc.length - 1];
    if (last && last.mode === s.mode && last.end === s.start) last.end = s.end;
    else acc.push({ ...s });
    return acc;
  }, []);
}

/** The modes the records say, before the robot's first record 'unobserved' (nobody knew it yet). */
function rawModeSpans(events: readonly ModeEvent[], start: number, end: number): ModeSpan[] {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const spans: ModeSpan[] = [];
  let mode: SpanMode = 'unobserved';
  let since = start;
  for (const e of sorted) {
    if (e.at <= start) {
      mode = e.mode;
      continue;
    }
    if (e.at >= end) break;
    if (e.at > since) spans.push({ mode, start: since, end: e.at });
    mode = e.mode;
    since = e.at;
  }
  if (end > since) spans.push({ mode, start: since, end });
  return spans;
}

function count<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of items) out[key(it)] = (out[key(it)] ?? 0) + 1;
  return out;
}

export function serviceFigures(records: ServiceRecords, robotId: string, start: number, end: number): ServiceFigures {
  const mine = <T extends { robotId: string }>(xs: readonly T[]) => xs.filter((x) => x.robotId === robotId);
  const ms = modeDurations(mine(records.modes), start, end, records.observed);
  const connectedMs = ms.autonomous + ms.teleop + ms.idle;
  const observedMs = end - start - ms.unobserved;

  const tasks = { succeeded: 0, failed: 0, canceled: 0, rejected: 0 };
  for (const t of mine(records.tasks)) if (inWindow(t.endedAt, start, end)) tasks[t.outcome]++;
  const judged = tasks.succeeded + tasks.failed;

  const takeovers = mine(records.takeovers).filter((t) => inWindow(t.start, start, end));
  const durations = takeovers.map((t) => Math.min(t.end ?? end, end) - t.start);
  const interventions = mine(records.interventions).filter((i) => inWindow(i.at, start, end));
  const incidents = mine(records.incidents).filter((i) => inWindow(i.at, start, end));

  return {
    robotId,
    windowStart: start,
    windowEnd: end,
    ms,
    observedMs,
    observedShare: end > start ? observedMs / (end - start) : null,
    connectedMs,
    uptime: observedMs > 0 ? connectedMs / observedMs : null,
    tasks,
    successRate: judged > 0 ? tasks.succeeded / judged : null,
    takeovers: takeovers.length,
    interventions: interventions.length,
    interventionsPerHour: connectedMs > 0 ? interventions.length / (connectedMs / 3_600_000) : null,
    mtbiMs: interventions.length > 0 ? ms.autonomous / interventions.length : null,
    meanTakeoverMs: durations.length > 0 ? durations.reduce((a, b) => a + b, 0) / durations.length : null,
    estops: interventions.filter((i) => i.kind === 'estop').length,
    incidentsByCategory: count(incidents, (i) => i.category),
    incidentsBySeverity: count(incidents, (i) => i.severity),
  };
}

/** The whole fleet over one shift: sums of the robots' times and counts, rates recomputed from the sums (not averaged). */
export function shiftTotals(rows: readonly ServiceFigures[], start: number, end: number): ServiceFigures {
  const ms: Record<SpanMode, number> = { autonomous: 0, teleop: 0, idle: 0, disconnected: 0, unobserved: 0 };
  const tasks = { succeeded: 0, failed: 0, canceled: 0, rejected: 0 };
  let takeovers = 0;
  let takeoverMs = 0;
  let interventions = 0;
  let estops = 0;
  const byCategory: Record<string, number> = {};
  const bySeverity: Record<string, number> = {};
  for (const f of rows) {
    for (const k of Object.keys(ms) as SpanMode[]) ms[k] += f.ms[k];
    for (const k of Object.keys(tasks) as (keyof typeof tasks)[]) tasks[k] += f.tasks[k];
    takeovers += f.takeovers;
    takeoverMs += (f.meanTakeoverMs ?? 0) * f.takeovers;
    interventions += f.interventions;
    estops += f.estops;
    for (const [k, v] of Object.entries(f.incidentsByCategory)) byCategory[k] = (byCategory[k] ?? 0) + v;
    for (const [k, v] of Object.entries(f.incidentsBySeverity)) bySeverity[k] = (bySeverity[k] ?? 0) + v;
  }
  const observedMs = rows.reduce((a, f) => a + f.observedMs, 0);
  const robotWindowMs = (end - start) * rows.length;
  const connectedMs = ms.autonomous + ms.teleop + ms.idle;
  const judged = tasks.succeeded + tasks.failed;
  return {
    robotId: '',
    windowStart: start,
    windowEnd: end,
    ms,
    observedMs,
    observedShare: robotWindowMs > 0 ? observedMs / robotWindowMs : null,
    connectedMs,
    uptime: observedMs > 0 ? connectedMs / observedMs : null,
    tasks,
    successRate: judged > 0 ? tasks.succeeded / judged : null,
    takeovers,
    interventions,
    interventionsPerHour: connectedMs > 0 ? interventions / (connectedMs / 3_600_000) : null,
    mtbiMs: interventions > 0 ? ms.autonomous / interventions : null,
    meanTakeoverMs: takeovers > 0 ? takeoverMs / takeovers : null,
    estops,
    incidentsByCategory: byCategory,
    incidentsBySeverity: bySeverity,
  };
}
