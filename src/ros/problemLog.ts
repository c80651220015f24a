import type { LinkProblem, ProblemKind } from './types';

export interface ProblemLogOptions {
  /** Problems kept (oldest dropped first). Default 200. */
  max?: number;
  /** console.warn at most once per kind+topic per this many ms. Default 10 s. */
  warnIntervalMs?: number;
  /** A problem with the same key as one at most this old updates that entry (count, time) instead of adding. Default 10 s. */
  coalesceMs?: number;
  /** Prefix of console lines and the `robot` of every problem, e.g. the robot URL. */
  label?: string;
  now?: () => number;
  warn?: (line: string) => void;
}

/** Robot-supplied text ends up in messages (service errors verbatim, previews): a robot cannot make one huge. */
export const MAX_PROBLEM_CHARS = 1000;

function capped(text: string): string {
  return text.length > MAX_PROBLEM_CHARS ? `${text.slice(0, MAX_PROBLEM_CHARS - 1)}…` : text;
}

/**
 * A link's bounded list of problems, with listeners and rate-limited console warnings. A flood of the same
 * problem (10,000 malformed frames, a refused connection every second) is one entry with a count, so it
 * cannot push everything else out of the list.
 */
export class ProblemLog {
  private items: LinkProblem[] = [];
  private readonly listeners = new Set<(p: LinkProblem) => void>();
  private readonly lastWarn = new Map<string, number>();
  private readonly suppressed = new Map<string, number>();
  /** Coalescing key of each kept entry, parallel to `items`. */
  private keys: string[] = [];
  private readonly max: number;
  private readonly warnIntervalMs: number;
  private readonly coalesceMs: number;
  private readonly now: () => number;
  private readonly warn: (line: string) => void;
  private chars = 0;

  constructor(private readonly opts: ProblemLogOptions = {}) {
    this.max = opts.max ?? 200;
    this.warnIntervalMs = opts.warnIntervalMs ?? 10_000;
    this.coalesceMs = opts.coalesceMs ?? 10_000;
    this.now = opts.now ?? Date.now;
    this.warn = opts.warn ?? ((line) => console.warn(line));
  }

  /**
   * Record a problem. `key` says which problems are "the same" for coalescing; by default kind, topic and
   * message (exact repeats). Callers whose messages vary per occurrence (malformed frames) pass a coarser key.
   */
  add(kind: ProblemKind, message: string, topic?: string, key?: string): LinkProblem {
    const at = this.now();
    const text = capped(message);
    const k = key ?? `${kind}|${topic ?? ''}|${text}`;
    const i = this.keys.lastIndexOf(k);
    let p: LinkProblem;
    if (i >= 0 && at - this.items[i].at <= this.coalesceMs) {
      const old = this.items[i];
      p = { ...old, at, message: text, count: (old.count ?? 1) + 1, firstAt: old.firstAt ?? old.at };
      this.chars += text.length - old.message.length;
      // the freshest problem goes last, so a UI showing the newest first sees it
      this.items.splice(i, 1);
      this.keys.splice(i, 1);
    } else {
      p = { at, kind, message: text };
      if (topic !== undefined) p.topic = topic;
      if (this.opts.label !== undefined) p.robot = this.opts.label;
      this.chars += text.length;
    }
    this.items.push(p);
    this.keys.push(k);
    if (this.items.length > this.max) {
      const gone = this.items.length - this.max;
      for (const q of this.items.slice(0, gone)) this.chars -= q.message.length;
      this.items = this.items.slice(gone);
      this.keys = this.keys.slice(gone);
    }
    this.log(p);
    for (const cb of this.listeners) {
      try {
        cb(p);
      } catch (e) {
        console.error('robot link: problem listener threw', e);
      }
    }
    return p;
  }

  list(): readonly LinkProblem[] {
    return this.items;
  }

  /** Approximate bytes held (UTF-16 text plus a fixed cost per entry). */
  bytes(): number {
    return this.chars * 2 + this.items.length * 120;
  }

  subscribe(cb: (p: LinkProblem) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private log(p: LinkProblem): void {
    const key = `${p.kind}|${p.topic ?? ''}`;
    const last = this.lastWarn.get(key);
    if (last !== undefined && p.at - last < this.warnIntervalMs) {
      this.suppressed.set(key, (this.suppressed.get(key) ?? 0) + 1);
      return;
    }
    const skipped = this.suppressed.get(key) ?? 0;
    this.suppressed.delete(key);
    this.lastWarn.set(key, p.at);
    const more = skipped > 0 ? ` (+${skipped} similar since last report)` : '';
    this.warn(`[robot link${this.opts.label ? ` ${this.opts.label}` : ''}] ${p.kind}: ${p.message}${more}`);
  }
}
