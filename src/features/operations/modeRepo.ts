// Robot mode changes (connected and autonomous / teleop / idle, or disconnected): a few rows per shift,
// written by the operations mode recorder, read by the service figures.
import type { ModeEvent, RobotMode } from './serviceFigures';
import { getDb, type ConsoleDb, type ModeRecord } from '../../storage';
import type { ModeSpan } from '../../contracts';
import { queueInTransaction, syncKick, syncSite, syncTarget, type OutboxEntry } from '../../sync';

/** The hub keeps spans (start, end); this console keeps the events that start them. */
const spanId = (robotId: string, at: number) => `${robotId}:mode:${at}`;

const MODES: readonly RobotMode[] = ['autonomous', 'teleop', 'idle', 'disconnected'];

export interface ModeRepo {
  append(e: ModeEvent): Promise<void>;
  /** Events in [since, until], oldest first, plus each robot's last event before `since` (its mode at the start). */
  between(since: number, until: number): Promise<ModeEvent[]>;
  /** Spans from the site hub become events here (once each, by span id). Returns how many were new. */
  applyFromHub(spans: readonly ModeSpan[]): Promise<number>;
}

export function createModeRepo(db: ConsoleDb = getDb()): ModeRepo {
  const valid = (r: { at: unknown; robotId: unknown; mode: unknown }): r is ModeEvent =>
    typeof r.at === 'number' && typeof r.robotId === 'string' && MODES.includes(r.mode as RobotMode);
  return {
    async append(e) {
      await db.transaction('rw', db.modes, db.outbox, async () => {
        const entries: OutboxEntry[] = [];
        if (syncTarget()) {
          // Close this console's previous span of the robot, then open the new one.
          const mine = (await db.modes.where('robotId').equals(e.robotId).toArray()).filter((r) => r.hubId && !r.remote && r.at <= e.at);
          const prev = mine.sort((a, b) => b.at - a.at)[0];
          const site = syncSite();
          if (prev?.hubId && MODES.includes(prev.mode as RobotMode)) {
            const mode = prev.mode as RobotMode;
            entries.push({ kind: 'mode', record: { site, id: prev.hubId, robotId: e.robotId, mode, start: prev.at, end: e.at } });
          }
          entries.push({
            kind: 'mode',
            record: { site, id: spanId(e.robotId, e.at), robotId: e.robotId, mode: e.mode, start: e.at, end: null },
          });
        }
        await db.modes.add({ at: e.at, robotId: e.robotId, mode: e.mode, hubId: spanId(e.robotId, e.at) });
        await queueInTransaction(db.outbox, entries);
      });
      syncKick();
    },
    async applyFromHub(spans) {
      let added = 0;
      await db.transaction('rw', db.modes, async () => {
        for (const s of spans) {
          if ((await db.modes.where('hubId').equals(s.id).count()) > 0) continue;
          const row: ModeRecord = { at: s.start, robotId: s.robotId, mode: s.mode, hubId: s.id, remote: true };
          await db.modes.add(row);
          added += 1;
        }
      });
      return added;
    },
    async between(since, until) {
      const inside = (await db.modes.where('at').between(since, until, true, true).toArray()).filter(valid);
      const before = (await db.modes.where('at').below(since).toArray()).filter(valid);
      const lastBefore = new Map<string, ModeEvent>();
      for (const e of before) if ((lastBefore.get(e.robotId)?.at ?? -Infinity) <= e.at) lastBefore.set(e.robotId, e);
      return [...lastBefore.values(), ...inside].map(({ at, robotId, mode }) => ({ at, robotId, mode })).sort((a, b) => a.at - b.at);
    },
  };
}
