// Service figures per robot and shift, computed from durable records only: what a lease is paid on.
// Pure arithmetic, unit-tested against hand-computed cases.

export type RobotMode = 'autonomous' | 'teleop' | 'idle' | 'disconnected';

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
}

export interface ServiceFigures {
  robotId: string;
  windowStart: number;
  windowEnd: number;
  /** Milliseconds in each mode inside the window. Time before the robot's first record counts as disconnected. */
  ms: Record<RobotMode, number>;
  connectedMs: number;
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

/** Time spent in each mode within [start, end), from a robot's mode events (any order). */
export function modeDurations(events: readonly ModeEvent[], start: number, end: number): Record<RobotMode, number> {
  const ms: Record<RobotMode, number> = { autonomous: 0, teleop: 0, idle: 0, disconnected: 0 };
  for (const s of modeSpans(events, start, end)) ms[s.mode] += s.end - s.start;
  return ms;
}

/** Per-mode spans inside the window, for the timeline chart. */
export function modeSpans(events: readonly ModeEvent[], start: number, end: number): { mode: RobotMode; start: number; end: number }[] {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const spans: { mode: RobotMode; start: number; end: number }[] = [];
  let mode: RobotMode = 'disconnected';
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
  // merge neighbours in the same mode
  return spans.reduce<typeof spans>((acc, s) => {
    const last = acc[acc.length - 1];
    if (last && last.mode === s.mode && last.end === s.start) last.end = s.end;
    else acc.push({ ...s });
    return acc;
  }, []);
}

function count<T>(items: readonly T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of items) out[key(it)] = (out[key(it)] ?? 0) + 1;
  return out;
}

export function serviceFigures(records: ServiceRecords, robotId: string, start: number, end: number): ServiceFigures {
  const mine = <T extends { robotId: string }>(xs: readonly T[]) => xs.filter((x) => x.robotId === robotId);
  const ms = modeDurations(mine(records.modes), start, end);
  const connectedMs = ms.autonomous + ms.teleop + ms.idle;

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
    connectedMs,
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
