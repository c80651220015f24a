// When a console was open and recording robot modes: one row per console session, its end moved forward by a
// heartbeat. Time outside every session is "not observed" in the figures (a closed console saw nothing, so it
// cannot say a robot was disconnected). A crash loses at most one heartbeat of observed time, never adds any.
import { getDb, type ConsoleDb } from '../../storage';
import type { ObservedSpan } from './serviceFigures';

export interface ObservationRepo {
  /** Opens a session at `at`; returns its id. */
  begin(at: number): Promise<number>;
  /** Moves the session's end to `at` (never backwards). */
  extend(id: number, at: number): Promise<void>;
  /** Sessions overlapping [since, until]. */
  between(since: number, until: number): Promise<ObservedSpan[]>;
}

export function createObservationRepo(db: ConsoleDb = getDb()): ObservationRepo {
  return {
    async begin(at) {
      return db.observed.add({ start: at, end: at });
    },
    async extend(id, at) {
      await db.observed
        .where('id')
        .equals(id)
        .modify((r) => {
          if (at > r.end) r.end = at;
        });
    },
    async between(since, until) {
      const rows = await db.observed.where('start').belowOrEqual(until).toArray();
      return rows
        .filter((r) => typeof r.start === 'number' && typeof r.end === 'number' && r.end >= since)
        .map((r) => ({ start: r.start, end: r.end }))
        .sort((a, b) => a.start - b.start);
    },
  };
}

/** This console's open session (set by startOperations), so figures read now count the time up to now. */
let liveSession: { repo: ObservationRepo; id: Promise<number | undefined> } | undefined;

export function setLiveSession(repo: ObservationRepo, id: Promise<number | undefined> | undefined): void {
  liveSession = id ? { repo, id } : undefined;
}

/**
 * Moves this console's open session to `now` before figures are read: without it, figures read within a
 * heartbeat of the console opening would count none of the time it has been watching.
 */
export async function extendLiveSession(now = Date.now()): Promise<void> {
  const live = liveSession;
  const id = await live?.id;
  if (live && id !== undefined) await live.repo.extend(id, now);
}
