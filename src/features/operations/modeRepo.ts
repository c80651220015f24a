// Robot mode changes (connected and autonomous / teleop / idle, or disconnected): a few rows per shift,
// written by the operations mode recorder, read by the service figures.
import type { ModeEvent, RobotMode } from './serviceFigures';
import { getDb, type ConsoleDb } from '../../storage';

const MODES: readonly RobotMode[] = ['autonomous', 'teleop', 'idle', 'disconnected'];

export interface ModeRepo {
  append(e: ModeEvent): Promise<void>;
  /** Events in [since, until], oldest first, plus each robot's last event before `since` (its mode at the start). */
  between(since: number, until: number): Promise<ModeEvent[]>;
}

export function createModeRepo(db: ConsoleDb = getDb()): ModeRepo {
  const valid = (r: { at: unknown; robotId: unknown; mode: unknown }): r is ModeEvent =>
    typeof r.at === 'number' && typeof r.robotId === 'string' && MODES.includes(r.mode as RobotMode);
  return {
    async append(e) {
      await db.modes.add({ at: e.at, robotId: e.robotId, mode: e.mode });
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
