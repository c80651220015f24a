import type { LinkProblem, ProblemKind } from './types';

export interface ProblemLogOptions {
  /** Problems kept (oldest dropped first). Default 200. */
  max?: number;
  /** console.warn at most once per kind+topic per this many ms. Default 10 s. */
  warnIntervalMs?: number;
  /** Prefix of console lines, e.g. the robot URL. */
  label?: string;
  now?: () => number;
  warn?: (line: string) => void;
}

/** A link's bounded list of problems, with listeners and rate-limited console warnings. */
export class ProblemLog {
  private readonly items: LinkProblem[] = [];
  private readonly listeners = new Set<(p: LinkProblem) => void>();
  private readonly lastWarn = new Map<string, number>();
  private readonly suppressed = new Map<string, number>();
  private readonly max: number;
  private readonly warnIntervalMs: number;
  private readonly now: () => number;
  private readonly warn: (line: string) => void;

  constructor(private readonly opts: ProblemLogOptions = {}) {
    this.max = opts.max ?? 200;
    this.warnIntervalMs = opts.warnIntervalMs ?? 10_000;
    this.now = opts.now ?? Date.now;
    this.warn = opts.warn ?? ((line) => console.warn(line));
  }

  add(kind: ProblemKind, message: string, topic?: string): LinkProblem {
    const p: LinkProblem = topic === undefined ? { at: this.now(), kind, message } : { at: this.now(), kind, message, topic };
    this.items.push(p);
    if (this.items.length > this.max) this.items.splice(0, this.items.length - this.max);
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
