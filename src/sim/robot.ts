// One simulated humanoid robot behind its own rosbridge port: state, motion (cmd_vel / patrol),
// periodic topics (only built when someone subscribed), services and parameters.
import { RosbridgeServer, ServiceFailure } from './rosbridgeServer';
import { registerLoggers, registerRosapi } from './rosapi';
import { ServerLog } from './serverLog';
import { Gait, JOINT_NAMES, humanoidUrdf } from './humanoid';
import { PATROLS, inHazard, isFree, occupancyGrid, segmentClear, semanticMap } from './siteMap';

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}
export interface MotionCommand {
  at: number;
  linear: Vec3;
  angular: Vec3;
}

export interface SimRobot {
  name: string;
  port: number;
  url: string;
  running: boolean;
  /** Closes the port and all sockets, like a robot switching off. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Every /cmd_vel received (bounded, oldest dropped); `at` is the epoch ms (Date.now()) of its arrival. */
  motionLog: ReadonlyArray<MotionCommand>;
  pose(): { x: number; y: number; yaw: number };
  enabled: boolean;
  serverLog: ReadonlyArray<string>;
  /** The robot's ROS graph (topics, services, params) for add-ons. */
  readonly graph: RosbridgeServer;
  /** Per-tick hook; a returned velocity drives the robot (below teleop, above the patrol). */
  addTickHook(fn: (nowMs: number, dt: number) => { v: number; w: number } | null | void): () => void;
}

export interface RobotOptions {
  index: number;
  name: string;
  host: string;
  port: number;
  accent: readonly [number, number, number];
  log?: (line: string) => void;
  /** Scales the periodic publish rates (1 = 50 Hz tf/joint_states, 1 Hz battery/diagnostics/semantic_map). */
  rateScale?: number;
  /** robot_description with package:// mesh files (served by meshServer.ts) instead of primitives. */
  meshUrdf?: boolean;
}

const MAX_SPEED = 0.8;
const MAX_TURN = 1.5;
const CMD_TIMEOUT_MS = 500;
const AUTONOMY_RESUME_MS = 10_000;
const WANDER_SPEED = 0.45;
const MOTION_LOG_MAX = 5000;

const nowMs = (): number => performance.timeOrigin + performance.now();
const stampOf = (ms: number): { secs: number; nsecs: number } => {
  const secs = Math.floor(ms / 1000);
  return { secs, nsecs: Math.min(999_999_999, Math.round((ms - secs * 1000) * 1e6)) };
};
const quatYaw = (yaw: number): { x: number; y: number; z: number; w: number } => ({
  x: 0,
  y: 0,
  z: Math.sin(yaw / 2),
  w: Math.cos(yaw / 2),
});
const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));
const wrap = (a: number): number => Math.atan2(Math.sin(a), Math.cos(a));
const f32 = Math.fround;

export class SimRobotImpl implements SimRobot {
  readonly name: string;
  readonly motionLog: MotionCommand[] = [];
  enabled = true;
  private readonly server: RosbridgeServer;
  private readonly log: ServerLog;
  private readonly gait: Gait;
  private readonly patrol: ReadonlyArray<{ x: number; y: number }>;
  private x: number;
  private y: number;
  private yaw = 0;
  private odom = { x: 0, y: 0, yaw: 0 };
  private cmd = { v: 0, w: 0, at: -Infinity };
  private wp = 1;
  private replan = false;
  private cmdCount = 0;
  private battery: number;
  private seq = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private lastTick = 0;
  private lastSlow = 0;
  private readonly startedAt = Date.now();
  private readonly pub: Record<string, (msg: object) => void> = {};
  private readonly periodMs: number;
  private hooks: Array<(nowMs: number, dt: number) => { v: number; w: number } | null | void> = [];
  private autoAt = -Infinity;

  constructor(private readonly opts: RobotOptions) {
    this.name = opts.name;
    this.log = new ServerLog(2000, opts.log ? (l) => opts.log!(`[${opts.name}] ${l}`) : undefined);
    this.server = new RosbridgeServer({ host: opts.host, port: opts.port, log: this.log });
    this.gait = new Gait(opts.index);
    this.patrol = PATROLS[opts.index % PATROLS.length]!;
    const start = this.patrol[0]!;
    this.x = start.x;
    this.y = start.y;
    this.yaw = Math.atan2(this.patrol[1]!.y - start.y, this.patrol[1]!.x - start.x);
    this.odom = { x: this.x, y: this.y, yaw: this.yaw };
    this.battery = clamp(0.96 - 0.11 * opts.index, 0.3, 1);
    this.periodMs = 20 / Math.max(0.05, opts.rateScale ?? 1);
    this.setupGraph();
  }

  /** The robot's ROS graph (topics, services, params) for add-ons such as move_base or sensors. */
  get graph(): RosbridgeServer {
    return this.server;
  }

  /**
   * Runs `fn` on every tick (before motion) with epoch ms and dt in seconds. If it returns a velocity, the robot
   * drives with it (e.g. move_base following a path) unless fresh teleop commands or the disabled state win;
   * the patrol resumes only after the usual quiet period. Returns a function that removes the hook.
   */
  addTickHook(fn: (nowMs: number, dt: number) => { v: number; w: number } | null | void): () => void {
    this.hooks.push(fn);
    return () => {
      this.hooks = this.hooks.filter((h) => h !== fn);
    };
  }

  get port(): number {
    return this.server.port;
  }
  get url(): string {
    return `ws://${this.opts.host}:${this.server.port}`;
  }
  get running(): boolean {
    return this.server.running;
  }
  get serverLog(): ReadonlyArray<string> {
    return this.log.lines;
  }
  pose(): { x: number; y: number; yaw: number } {
    return { x: this.x, y: this.y, yaw: this.yaw };
  }

  async start(): Promise<void> {
    if (this.server.running) return;
    await this.server.start();
    this.lastTick = nowMs();
    // drift-corrected ticks: the average rate stays at 1000/periodMs even though timers fire late
    let next = performance.now() + this.periodMs;
    const loop = (): void => {
      this.tick();
      next += this.periodMs;
      const now = performance.now();
      if (next < now - 5 * this.periodMs) next = now; // fell far behind (paused process): do not burst
      this.timer = setTimeout(loop, Math.max(0, next - now));
    };
    this.timer = setTimeout(loop, this.periodMs);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.server.stop();
  }

  private nextSeq(topic: string): number {
    const n = (this.seq.get(topic) ?? 0) + 1;
    this.seq.set(topic, n);
    return n;
  }

  private setupGraph(): void {
    const s = this.server;
    const node = '/robot';
    s.nodes.add(node);
    s.params.set('/rosdistro', 'Debian');
    s.params.set('/robot_description', humanoidUrdf(this.name, this.opts.accent, { meshes: this.opts.meshUrdf }));
    s.params.set('/robot/name', this.name);
    s.params.set('/robot/max_speed', MAX_SPEED);
    s.params.set('/rosbridge_websocket/actual_port', this.opts.port);

    this.pub.rosout = s.advertise('/rosout', 'rosgraph_msgs/Log', node);
    for (const [topic, type] of [
      ['/tf', 'tf2_msgs/TFMessage'],
      ['/tf_static', 'tf2_msgs/TFMessage'],
      ['/joint_states', 'sensor_msgs/JointState'],
      ['/map', 'nav_msgs/OccupancyGrid'],
      ['/semantic_map', 'visualization_msgs/MarkerArray'],
      ['/battery', 'sensor_msgs/BatteryState'],
      ['/diagnostics', 'diagnostic_msgs/DiagnosticArray'],
    ] as const)
      this.pub[topic] = s.advertise(topic, type, node);
    s.subscribeLocal('/cmd_vel', 'geometry_msgs/Twist', node, (m) => this.onCmdVel(m));
    s.advertise('/client_count', 'std_msgs/Int32', '/rosbridge_websocket');
    s.advertise('/connected_clients', 'rosbridge_msgs/ConnectedClients', '/rosbridge_websocket');

    const t0 = stampOf(this.startedAt);
    s.publishLatched('/map', occupancyGrid(t0));
    const st = (child: string, x: number, y: number, z: number): object => ({
      header: { seq: 0, stamp: t0, frame_id: 'base_link' },
      child_frame_id: child,
      transform: { translation: { x, y, z }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
    });
    s.publishLatched('/tf_static', {
      transforms: [st('camera_link', 0.12, 0, 1.62), st('imu_link', 0, 0, 1.0), st('laser', 0.15, 0, 1.1)],
    });
    s.publishLatched('/client_count', { data: 0 });
    s.publishLatched('/connected_clients', { clients: [] });
    s.onClientsChanged = (n, conns) => {
      s.publishLatched('/client_count', { data: n });
      s.publishLatched('/connected_clients', {
        clients: conns.map((c) => ({ ip_address: c.address, connection_time: stampOf(c.connectedAt) })),
      });
    };

    registerLoggers(s, node);
    s.services.set('/robot/reset_odometry', {
      type: 'std_srvs/Trigger',
      node,
      reqType: 'std_srvs/TriggerRequest',
      handler: () => {
        this.odom = { x: this.x, y: this.y, yaw: this.yaw };
        return { success: true, message: 'odometry reset' };
      },
    });
    s.services.set('/robot/set_enabled', {
      type: 'std_srvs/SetBool',
      node,
      reqType: 'std_srvs/SetBoolRequest',
      handler: (req) => {
        if (typeof req.data !== 'boolean') throw new ServiceFailure('bad request');
        this.enabled = req.data;
        return { success: true, message: this.enabled ? 'enabled' : 'disabled' };
      },
    });
    registerRosapi(s);
  }

  private onCmdVel(m: Record<string, unknown>): void {
    const lin = m.linear as Vec3;
    const ang = m.angular as Vec3;
    const at = Date.now();
    this.motionLog.push({ at, linear: { ...lin }, angular: { ...ang } });
    if (this.motionLog.length > MOTION_LOG_MAX) this.motionLog.splice(0, this.motionLog.length - MOTION_LOG_MAX);
    this.cmdCount++;
    const f = (v: Vec3): string => `(${v.x.toFixed(3)}, ${v.y.toFixed(3)}, ${v.z.toFixed(3)})`;
    this.log.robot('INFO', `cmd_vel #${this.cmdCount}: linear=${f(lin)} angular=${f(ang)}`);
    if (!this.enabled) return;
    this.cmd = { v: clamp(lin.x, -MAX_SPEED, MAX_SPEED), w: clamp(ang.z, -MAX_TURN, MAX_TURN), at: nowMs() };
    this.replan = true;
  }

  /** Velocity the robot wants this tick: teleop while fresh, else the patrol after a quiet period. */
  private command(now: number, drive: { v: number; w: number } | null): { v: number; w: number } {
    if (!this.enabled) return { v: 0, w: 0 };
    if (now - this.cmd.at <= CMD_TIMEOUT_MS) return { v: this.cmd.v, w: this.cmd.w };
    if (drive) {
      this.autoAt = now;
      this.replan = true;
      return { v: clamp(drive.v, -MAX_SPEED, MAX_SPEED), w: clamp(drive.w, -MAX_TURN, MAX_TURN) };
    }
    if (now - Math.max(this.cmd.at, this.autoAt) < AUTONOMY_RESUME_MS) return { v: 0, w: 0 };
    if (this.replan) {
      this.replan = false;
      let best = -1;
      let bestD = Infinity;
      this.patrol.forEach((p, i) => {
        const d = Math.hypot(p.x - this.x, p.y - this.y);
        if (d < bestD && segmentClear(this.x, this.y, p.x, p.y, 0.25)) {
          best = i;
          bestD = d;
        }
      });
      this.wp = best;
    }
    if (this.wp < 0) return { v: 0, w: 0 };
    let target = this.patrol[this.wp]!;
    if (Math.hypot(target.x - this.x, target.y - this.y) < 0.15) {
      this.wp = (this.wp + 1) % this.patrol.length;
      target = this.patrol[this.wp]!;
    }
    const err = wrap(Math.atan2(target.y - this.y, target.x - this.x) - this.yaw);
    const dist = Math.hypot(target.x - this.x, target.y - this.y);
    return { v: Math.abs(err) < 0.25 ? Math.min(WANDER_SPEED, dist * 1.5 + 0.05) : 0, w: clamp(2 * err, -0.9, 0.9) };
  }

  private tick(): void {
    const now = nowMs();
    const dt = Math.min(0.1, Math.max(0, (now - this.lastTick) / 1000));
    this.lastTick = now;
    let drive: { v: number; w: number } | null = null;
    for (const h of this.hooks) {
      const d = h(Date.now(), dt);
      if (d && !drive) drive = d;
    }
    const { v, w } = this.command(now, drive);
    this.yaw = wrap(this.yaw + w * dt);
    const nx = this.x + Math.cos(this.yaw) * v * dt;
    const ny = this.y + Math.sin(this.yaw) * v * dt;
    const moved = v !== 0 && isFree(nx, ny, 0.3);
    if (moved) {
      this.x = nx;
      this.y = ny;
    }
    this.battery = Math.max(0.05, this.battery - dt * (moved ? 0.00012 : 0.00004));
    const stamp = stampOf(now);
    const s = this.server;
    if (s.hasSubscribers('/tf')) this.pub['/tf']!(this.tfMsg(stamp));
    if (s.hasSubscribers('/joint_states')) {
      this.gait.step(dt, moved ? v : 0, w, MAX_SPEED);
      this.pub['/joint_states']!({
        header: { seq: this.nextSeq('js'), stamp, frame_id: '' },
        name: JOINT_NAMES,
        position: this.gait.positions.slice(),
        velocity: this.gait.velocities.slice(),
        effort: [],
      });
    }
    const slowPeriod = 1000 / Math.max(0.05, this.opts.rateScale ?? 1);
    if (now - this.lastSlow >= slowPeriod) {
      // keep the cadence (ticks come every ~20 ms, not exactly on the second); restart it after a long pause
      this.lastSlow = this.lastSlow + slowPeriod > now - slowPeriod ? this.lastSlow + slowPeriod : now;
      if (s.hasSubscribers('/battery')) this.pub['/battery']!(this.batteryMsg(stamp));
      if (s.hasSubscribers('/diagnostics')) this.pub['/diagnostics']!(this.diagnosticsMsg(stamp, now));
      if (s.hasSubscribers('/semantic_map')) this.pub['/semantic_map']!(semanticMap(stamp));
    }
  }

  private tfMsg(stamp: { secs: number; nsecs: number }): object {
    const o = this.odom;
    const dx = this.x - o.x;
    const dy = this.y - o.y;
    const c = Math.cos(-o.yaw);
    const sn = Math.sin(-o.yaw);
    return {
      transforms: [
        {
          header: { seq: 0, stamp, frame_id: 'map' },
          child_frame_id: 'odom',
          transform: { translation: { x: o.x, y: o.y, z: 0 }, rotation: quatYaw(o.yaw) },
        },
        {
          header: { seq: 0, stamp, frame_id: 'odom' },
          child_frame_id: 'base_link',
          transform: { translation: { x: dx * c - dy * sn, y: dx * sn + dy * c, z: 0 }, rotation: quatYaw(wrap(this.yaw - o.yaw)) },
        },
      ],
    };
  }

  private batteryMsg(stamp: { secs: number; nsecs: number }): object {
    const pct = this.battery;
    const voltage = 44 + 6.4 * pct;
    return {
      header: { seq: this.nextSeq('battery'), stamp, frame_id: '' },
      voltage: f32(voltage),
      temperature: f32(31.5),
      current: f32(-3.2),
      charge: NaN,
      capacity: NaN,
      design_capacity: f32(15),
      percentage: f32(pct),
      power_supply_status: 2,
      power_supply_health: 1,
      power_supply_technology: 2,
      present: true,
      cell_voltage: Array.from({ length: 12 }, () => f32(voltage / 12)),
      cell_temperature: [],
      location: 'torso',
      serial_number: `AT-${String(this.opts.index + 1).padStart(4, '0')}`,
    };
  }

  private diagnosticsMsg(stamp: { secs: number; nsecs: number }, now: number): object {
    const t = (now - this.startedAt) / 1000 + this.opts.index * 13;
    const hot = t % 45 >= 30 && t % 45 < 35;
    const temp = hot ? 71 : 45 + Math.round(3 * Math.sin(t / 20));
    const hw = `AT-${String(this.opts.index + 1).padStart(4, '0')}`;
    const lowBattery = this.battery < 0.2;
    return {
      header: { seq: this.nextSeq('diag'), stamp, frame_id: '' },
      status: [
        {
          level: hot ? 1 : 0,
          name: `${this.name}: left_knee`,
          message: hot ? `left knee actuator temperature ${temp} C` : 'ok',
          hardware_id: hw,
          values: [{ key: 'temperature_c', value: String(temp) }],
        },
        {
          level: lowBattery ? 1 : 0,
          name: `${this.name}: battery`,
          message: lowBattery ? 'battery low' : 'ok',
          hardware_id: hw,
          values: [{ key: 'percentage', value: (this.battery * 100).toFixed(1) }],
        },
        { level: 0, name: `${this.name}: imu`, message: 'ok', hardware_id: hw, values: [] },
        {
          level: this.enabled ? 0 : 1,
          name: `${this.name}: motors`,
          message: this.enabled ? 'ok' : 'disabled',
          hardware_id: hw,
          values: [],
        },
        inHazard(this.x, this.y)
          ? { level: 1, name: `${this.name}: safety`, message: 'inside Hazard zone', hardware_id: hw, values: [] }
          : { level: 0, name: `${this.name}: safety`, message: 'ok', hardware_id: hw, values: [] },
      ],
    };
  }
}
