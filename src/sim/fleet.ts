// The simulated fleet: N humanoid robots, each behind its own rosbridge-protocol port that behaves like the
// real ROS 1 rosbridge 0.11.17 recorded in test/fixtures/rosbridge (errors only in the server log, no status
// frames, fragments with id 0 and a float total, the CBOR string[] bug, PNG, cbor-raw, throttle/queue).
//
// Each robot ("atlas-1", "atlas-2", ...; node /robot) offers:
//   topics   /tf (map->odom->base_link, 50 Hz), /tf_static (latched: base_link->camera_link, imu_link, laser),
//            /joint_states (50 Hz, 28 revolute joints: gait while walking, sway when idle), /map (latched
//            OccupancyGrid, 30x20 m at 0.1 m, shared site), /semantic_map (MarkerArray 1 Hz: ns places/labels/
//            hazards), /battery (1 Hz, charge/capacity NaN), /diagnostics (1 Hz, a WARN now and then),
//            /client_count and /connected_clients (latched), subscribes /cmd_vel (geometry_msgs/Twist);
//            periodic topics are only built while someone subscribes.
//   services /robot/set_enabled (std_srvs/SetBool: disabled = ignores /cmd_vel and stands still),
//            /robot/reset_odometry (std_srvs/Trigger), /robot/request_takeover (std_srvs/Trigger: ask now),
//            rosapi/* (as roslib 2.x calls them), get_loggers...; the safety state on /operator/safety (latched)
//   params   /robot_description (URDF of primitives), /robot/name, /robot/max_speed, /rosdistro, ...
// Motion: /cmd_vel is obeyed while enabled (clamped, stops 0.5 s after the last command); 10 s after the last
// command the robot resumes a collision-free patrol between places (different loop per robot). Every /cmd_vel
// received is kept in robot.motionLog with its arrival time.
import { SimRobotImpl, type SimRobot } from './robot';
import { attachAddOns, type RobotAddOns } from './robotAddOns';
import { attachRos2 } from './nav2Bridge';

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
  /** Camera, scan and cloud on every robot (default true). */
  sensors?: boolean;
  /** A robot near the hazard zone asks for a takeover at most this often (default 0: only on demand). */
  autoTakeoverEveryMs?: number;
  /** Descriptions with package://sim_humanoid mesh files (serve test/fixtures/meshes with startMeshServer). */
  meshUrdf?: boolean;
  /** With autoTakeoverEveryMs: robots also ask away from the hazard zone now and then (demo; `npm start`). */
  askWithoutHazard?: boolean;
  /** Robots state `<ns>/operator/safety` (default true; never for stock robots). */
  safetyTopic?: boolean;
  /**
   * Robots (0-based indices) that behave as stock robots: no `<ns>/operator/control` topic and no control
   * arbitration by the robot, so the consoles arbitrate among themselves. Default none.
   */
  stockRobots?: readonly number[];
  /** Operator request ids counted 1, 2, ... (and from 1 again after robot.operator.reboot()). */
  sequentialRequestIds?: boolean;
  /** Indices of robots that answer like a ROS 2 rosbridge (get_ros_version 2, nav2 /navigate_to_pose action). */
  ros2?: readonly number[];
}

/** A simulated robot with its move_base server and operator bridge (tests drive them directly). */
export type FleetRobot = SimRobot & Pick<RobotAddOns, 'moveBase' | 'operator' | 'safety'> & { stock: boolean };

export interface SimFleet {
  robots: FleetRobot[];
  stop(): Promise<void>;
}

const NAMES = ['atlas-1', 'atlas-2', 'atlas-3', 'atlas-4', 'atlas-5', 'atlas-6'];
const ACCENTS: ReadonlyArray<readonly [number, number, number]> = [
  [0.95, 0.55, 0.1],
  [0.2, 0.6, 0.95],
  [0.3, 0.8, 0.35],
  [0.85, 0.25, 0.6],
  [0.9, 0.85, 0.2],
  [0.55, 0.35, 0.9],
];

export async function startFleet(opts: FleetOptions = {}): Promise<SimFleet> {
  const count = opts.robots ?? 3;
  const basePort = opts.basePort ?? 9090;
  const host = opts.host ?? '127.0.0.1';
  const robots: (SimRobotImpl & Pick<RobotAddOns, 'moveBase' | 'operator' | 'safety'> & { stock: boolean })[] = [];
  // The add-ons own timers (the operator bridge's resends): they end with the fleet, or a stopped fleet keeps its
  // process alive. (A robot stopped and started again keeps them.)
  const detachAll: (() => void)[] = [];
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
        meshUrdf: opts.meshUrdf,
      });
      const stock = opts.stockRobots?.includes(i) ?? false;
      const addOns = attachAddOns(r, {
        sensors: opts.sensors,
        // Staggered, so the robots of a demo fleet do not all ask at once.
        autoTakeoverEveryMs: opts.autoTakeoverEveryMs ? opts.autoTakeoverEveryMs + i * 37_000 : 0,
        askWithoutHazard: opts.askWithoutHazard,
        safetyTopic: opts.safetyTopic,
        stock,
        sequentialRequestIds: opts.sequentialRequestIds,
      });
      if (opts.ros2?.includes(i)) attachRos2(r, addOns.moveBase);
      detachAll.push(() => addOns.detach());
      robots.push(Object.assign(r, { moveBase: addOns.moveBase, operator: addOns.operator, safety: addOns.safety, stock }));
      await r.start();
    }
  } catch (e) {
    for (const d of detachAll) d();
    await Promise.all(robots.map((r) => r.stop()));
    throw e;
  }
  return {
    robots,
    stop: async () => {
      for (const d of detachAll) d();
      await Promise.all(robots.map((r) => r.stop()));
    },
  };
}
