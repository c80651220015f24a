// The simulated fleet: N humanoid robots, each behind its own rosbridge-protocol port.
import { SimRobotImpl, type SimRobot } from './robot';

export type { SimRobot, MotionCommand, Vec3 } from './robot';
export { PLACES, type Place } from './siteMap';

export interface FleetOptions {
  /** Number of robots (default 3). */
  robots?: number;
  /** First port (default 9090; robot i listens on basePort + i). 0 = pick free ports. */
  basePort?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Receives every server-log line, prefixed with the robot's name. */
  log?: (line: string) => void;
  /** Scales periodic publish rates (1 = 50 Hz /tf and /joint_states). */
  rateScale?: number;
}

export interface SimFleet {
  robots: SimRobot[];
  stop(): Promise<void>;
}

const NAMES = ['atlas-1', 'atlas-2', 'atlas-3', 'atlas-4', 'atlas-5', 'atlas-6'];
const ACCENTS: ReadonlyArray<readonly [number, number, number]> = [
  [0.95, 0.55, 0.1], [0.2, 0.6, 0.95], [0.3, 0.8, 0.35], [0.85, 0.25, 0.6], [0.9, 0.85, 0.2], [0.55, 0.35, 0.9],
];

export async function startFleet(opts: FleetOptions = {}): Promise<SimFleet> {
  const count = opts.robots ?? 3;
  const basePort = opts.basePort ?? 9090;
  const host = opts.host ?? '127.0.0.1';
  const robots: SimRobotImpl[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const r = new SimRobotImpl({
        index: i,
        name: NAMES[i] ?? `atlas-${i + 1}`,
        host,
        port: basePort === 0 ? 0 : basePort + i,
        accent: ACCENTS[i % ACCENTS.length]!,
        log: opts.log,
        rateScale: opts.rateScale,
      });
      robots.push(r);
      await r.start();
    }
  } catch (e) {
    await Promise.all(robots.map((r) => r.stop()));
    throw e;
  }
  return {
    robots,
    stop: async () => { await Promise.all(robots.map((r) => r.stop())); },
  };
}
