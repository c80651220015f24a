// /diagnostics (diagnostic_msgs/DiagnosticArray) -> incident candidates. Levels are bytes: 0 OK, 1 WARN,
// 2 ERROR, 3 STALE. A robot repeats the same status at 1 Hz for as long as it lasts, so candidates are
// deduplicated by robot + name + level within a window: one candidate (with a count) per episode.
import type { CandidateInput, Severity } from './types';

export const LEVEL_NAMES: Record<number, string> = { 1: 'WARN', 2: 'ERROR', 3: 'STALE' };
const LEVEL_SEVERITY: Record<number, Severity> = { 1: 'minor', 2: 'major', 3: 'minor' };

interface DiagnosticStatusLike {
  level?: unknown;
  name?: unknown;
  message?: unknown;
  hardware_id?: unknown;
}

function levelOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.length === 1) return v.charCodeAt(0); // a byte sent as a one-char string
  return -1;
}

/** WARN/ERROR/STALE entries of one DiagnosticArray as candidate inputs (not yet deduplicated). */
export function diagnosticsCandidates(robotId: string, msg: unknown, at: number): CandidateInput[] {
  const list = (msg as { status?: unknown } | null)?.status;
  if (!Array.isArray(list)) return [];
  const out: CandidateInput[] = [];
  for (const s of list as DiagnosticStatusLike[]) {
    const level = levelOf(s?.level);
    const levelName = LEVEL_NAMES[level];
    if (!levelName) continue;
    const name = typeof s.name === 'string' ? s.name : '?';
    const text = typeof s.message === 'string' ? s.message : '';
    out.push({
      robotId,
      source: 'diagnostics',
      at,
      title: `${levelName} ${name}${text ? `: ${text}` : ''}`,
      detail: typeof s.hardware_id === 'string' && s.hardware_id ? `hardware_id ${s.hardware_id}` : undefined,
      suggestedCategory: level === 2 ? 'hardware fault' : undefined,
      suggestedSeverity: LEVEL_SEVERITY[level],
      dedupeKey: `${robotId}|${name}|${level}`,
    });
  }
  return out;
}

/**
 * Remembers when each key was last seen. `seen(key, at)` is true when the key was already seen within
 * `windowMs` before `at` (a repeat); every sighting extends the episode, so a status that keeps repeating
 * stays one candidate, and one that comes back after a quiet window is a new one.
 */
export class Deduper {
  private last = new Map<string, number>();
  constructor(readonly windowMs = 60_000) {}

  seen(key: string, at: number): boolean {
    const prev = this.last.get(key);
    this.last.set(key, at);
    if (this.last.size > 5000) this.prune(at);
    return prev !== undefined && at - prev <= this.windowMs;
  }

  private prune(now: number): void {
    for (const [k, t] of this.last) if (now - t > this.windowMs) this.last.delete(k);
  }
}
