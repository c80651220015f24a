// Per-robot names of the topics and services takeover and teleop use. Defaults match the fixtures' robot;
// a robot with other names gets an override (setRobotConfig) before the takeover service starts watching it.

export interface TakeoverRobotConfig {
  /** Namespace of the operator topics ("" → /operator/request ...). */
  ns: string;
  /** geometry_msgs/Twist topic the robot obeys. */
  cmdVelTopic: string;
  /** std_srvs/SetBool service; data:false disables motion (e-stop). */
  enableService: string;
  /** Param holding the robot's top speed in m/s (absent → the console's default cap). */
  maxSpeedParam: string;
}

export const DEFAULT_ROBOT_CONFIG: Readonly<TakeoverRobotConfig> = Object.freeze({
  ns: '',
  cmdVelTopic: '/cmd_vel',
  enableService: '/robot/set_enabled',
  maxSpeedParam: '/robot/max_speed',
});

const overrides = new Map<string, Partial<TakeoverRobotConfig>>();

export function setRobotConfig(robotId: string, cfg: Partial<TakeoverRobotConfig>): void {
  overrides.set(robotId, { ...overrides.get(robotId), ...cfg });
}

export function robotConfig(robotId: string): TakeoverRobotConfig {
  return { ...DEFAULT_ROBOT_CONFIG, ...overrides.get(robotId) };
}
