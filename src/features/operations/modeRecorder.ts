// Turns what the console sees of each robot into durable mode events (the record uptime is paid on):
// an event is written only when a robot's mode changes, so a shift is a handful of rows, not a stream.
import type { ModeEvent, RobotMode } from './serviceFigures';

export interface ModeInputs {
  connected: boolean;
  /** A person holds control (approved takeover). */
  teleop: boolean;
  /** The robot runs a task. */
  taskActive: boolean;
}

export function modeOf(i: ModeInputs): RobotMode {
  if (!i.connected) return 'disconnected';
  if (i.teleop) return 'teleop';
  return i.taskActive ? 'autonomous' : 'idle';
}

export class ModeRecorder {
  private readonly last = new Map<string, RobotMode>();

  constructor(private readonly append: (e: ModeEvent) => Promise<unknown> | void) {}

  /** Seed from stored history so a restart does not write a duplicate event. */
  seed(events: readonly ModeEvent[]): void {
    for (const e of [...events].sort((a, b) => a.at - b.at)) this.last.set(e.robotId, e.mode);
  }

  /** Call at UI rate with the robots' current inputs; returns the events written. */
  observe(now: number, robots: ReadonlyMap<string, ModeInputs>): ModeEvent[] {
    const written: ModeEvent[] = [];
    for (const [robotId, inputs] of robots) {
      const mode = modeOf(inputs);
      if (this.last.get(robotId) === mode) continue;
      this.last.set(robotId, mode);
      const e = { robotId, at: now, mode };
      written.push(e);
      void this.append(e);
    }
    return written;
  }

  /** A robot removed from the fleet counts as disconnected from now on. */
  forget(now: number, robotId: string): void {
    if (this.last.get(robotId) !== 'disconnected' && this.last.has(robotId)) void this.append({ robotId, at: now, mode: 'disconnected' });
    this.last.delete(robotId);
  }
}
