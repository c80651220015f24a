import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFleet, type SimFleet, type SimRobot } from '../../src/sim/fleet';
import { isFree } from '../../src/sim/siteMap';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

class Client {
  readonly frames: Array<{ t: number; op: string; topic?: string; v: Record<string, unknown> }> = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (d: Buffer, bin: boolean) => {
      if (bin) return;
      const v = JSON.parse(d.toString()) as Record<string, unknown>;
      this.frames.push({ t: performance.now(), op: v.op as string, topic: v.topic as string | undefined, v });
    });
  }
  static async open(url: string): Promise<Client> {
    const ws = new WebSocket(url);
    await new Promise<void>((res, rej) => {
      ws.once('open', () => res());
      ws.once('error', rej);
    });
    return new Client(ws);
  }
  send(o: unknown): void {
    this.ws.send(JSON.stringify(o));
  }
  of(topic: string): Array<Record<string, unknown>> {
    return this.frames.filter((f) => f.topic === topic).map((f) => f.v);
  }
  async call(service: string, args: unknown): Promise<Record<string, unknown>> {
    const id = `c${Math.random()}`;
    this.send({ op: 'call_service', id, service, args });
    for (let i = 0; i < 100; i++) {
      const f = this.frames.find((x) => x.v.id === id);
      if (f) return f.v;
      await sleep(10);
    }
    throw new Error(`no answer from ${service}`);
  }
  close(): void {
    this.ws.close();
  }
}

let fleet: SimFleet;
let robot: SimRobot;
beforeAll(async () => {
  fleet = await startFleet({ basePort: 0 });
  robot = fleet.robots[0]!;
});
afterAll(async () => {
  await fleet.stop();
});

describe('fleet', () => {
  it('starts 3 distinct humanoids on distinct ports, with names and URDF params', async () => {
    expect(fleet.robots.map((r) => r.name)).toEqual(['atlas-1', 'atlas-2', 'atlas-3']);
    expect(new Set(fleet.robots.map((r) => r.port)).size).toBe(3);
    const c = await Client.open(fleet.robots[1]!.url);
    const name = await c.call('rosapi/get_param', { name: '/robot/name' });
    expect(name.values).toEqual({ value: '"atlas-2"' });
    const urdf = JSON.parse(
      ((await c.call('/rosapi/get_param', { name: '/robot_description' })).values as { value: string }).value,
    ) as string;
    expect((urdf.match(/type="revolute"/g) ?? []).length).toBeGreaterThanOrEqual(25);
    expect(urdf).toContain('<material name="accent">');
    const speed = await c.call('rosapi/get_param', { name: '/robot/max_speed' });
    expect(JSON.parse((speed.values as { value: string }).value)).toBeGreaterThan(0);
    c.close();
  });
});

describe('protocol behaviour', () => {
  it('delivers latched /map, /tf_static and /client_count right after subscribing, once per connection', async () => {
    const c = await Client.open(robot.url);
    const t0 = performance.now();
    for (const topic of ['/map', '/tf_static', '/client_count']) c.send({ op: 'subscribe', id: `a${topic}`, topic });
    c.send({ op: 'subscribe', id: 'again', topic: '/map' });
    await sleep(300);
    for (const topic of ['/map', '/tf_static', '/client_count']) {
      expect(c.of(topic).length, topic).toBe(1);
      expect(c.frames.find((f) => f.topic === topic)!.t - t0).toBeLessThan(1000);
    }
    const map = c.of('/map')[0]!.msg as { info: { resolution: number; width: number }; data: number[] };
    expect(map.info.resolution).toBe(0.10000000149011612);
    expect(map.data.length).toBe(300 * 200);
    c.close();
  });

  it('semantic map: places in ns "places", labels in ns "labels", hazard in ns "hazards", frame map', async () => {
    const c = await Client.open(robot.url);
    c.send({ op: 'subscribe', topic: '/semantic_map', type: 'visualization_msgs/MarkerArray' });
    await sleep(1300);
    const markers = (
      c.of('/semantic_map')[0]!.msg as { markers: Array<{ ns: string; type: number; text: string; header: { frame_id: string } }> }
    ).markers;
    expect(markers.filter((m) => m.ns === 'labels' && m.type === 9).map((m) => m.text)).toEqual(
      expect.arrayContaining(['Workstation 1', 'Charging dock', 'Hazard zone']),
    );
    expect(markers.some((m) => m.ns === 'hazards')).toBe(true);
    expect(markers.filter((m) => m.ns === 'places').every((m) => m.type === 1 || m.type === 3)).toBe(true);
    expect(markers.every((m) => m.header.frame_id === 'map')).toBe(true);
    c.close();
  });

  it('throttles on the server: throttle_rate 200 on 50 Hz /joint_states gives ~5 Hz', async () => {
    const c = await Client.open(robot.url);
    c.send({ op: 'subscribe', id: 'js', topic: '/joint_states', type: 'sensor_msgs/JointState', throttle_rate: 200, queue_length: 1 });
    await sleep(1050);
    const n = c.of('/joint_states').length;
    expect(n).toBeGreaterThanOrEqual(4);
    expect(n).toBeLessThanOrEqual(7);
    const js = c.of('/joint_states')[0]!.msg as { name: string[]; position: number[]; effort: number[] };
    expect(js.name.length).toBe(js.position.length);
    c.close();
  });

  it('two subscriptions to one topic on one connection: one frame per message until the last is removed', async () => {
    const c = await Client.open(robot.url);
    c.send({ op: 'subscribe', id: 'a', topic: '/tf', type: 'tf2_msgs/TFMessage' });
    c.send({ op: 'subscribe', id: 'b', topic: '/tf', type: 'tf2_msgs/TFMessage' });
    const t0 = performance.now();
    await sleep(500);
    const n = c.of('/tf').length;
    expect(n).toBeGreaterThan(1);
    expect(n).toBeLessThanOrEqual(Math.ceil((performance.now() - t0) / 20) + 2); // 50 Hz, not doubled
    const stamps = c.of('/tf').map((f) => JSON.stringify((f.msg as { transforms: Array<{ header: unknown }> }).transforms[0]!.header));
    expect(new Set(stamps).size).toBe(stamps.length); // no message twice
    c.send({ op: 'unsubscribe', id: 'a', topic: '/tf' });
    for (let i = 0; i < 100 && c.of('/tf').length <= n; i++) await sleep(30);
    expect(c.of('/tf').length).toBeGreaterThan(n); // still flowing with one subscription left
    c.send({ op: 'unsubscribe', id: 'b', topic: '/tf' });
    await sleep(100);
    const k = c.of('/tf').length;
    await sleep(200);
    expect(c.of('/tf').length).toBe(k);
    c.close();
  });

  it('fragment_size sticks to the connection; unknown ops and bad subscribes are silent but logged', async () => {
    const c = await Client.open(robot.url);
    c.send({ op: 'set_level', id: 'lvl', level: 'info' });
    c.send({ op: 'subscribe', id: 'bad', topic: '/battery', type: 'std_msgs/String' });
    c.send({ op: 'subscribe', id: 'frag', topic: '/tf_static', fragment_size: 100 });
    c.send({ op: 'subscribe', id: 'bat', topic: '/battery' });
    await sleep(1200);
    expect(c.frames.every((f) => f.op === 'fragment')).toBe(true);
    expect(c.frames.length).toBeGreaterThan(2);
    expect(robot.serverLog.some((l) => l.includes('Unknown operation: set_level.'))).toBe(true);
    expect(
      robot.serverLog.some((l) =>
        l.includes(
          'subscribe: Tried to register topic /battery with type std_msgs/String but it is already established with type sensor_msgs/BatteryState',
        ),
      ),
    ).toBe(true);
    c.close();
  });
});

describe('motion', () => {
  it('obeys /cmd_vel only while enabled, stops 0.5 s after the last command, logs every command', async () => {
    const r = fleet.robots[2]!;
    const c = await Client.open(r.url);
    c.send({ op: 'advertise', topic: '/cmd_vel', type: 'geometry_msgs/Twist' });
    const before = r.motionLog.length;
    const drive = async (ms: number, x: number, z = 0): Promise<void> => {
      for (let t = 0; t < ms; t += 100) {
        c.send({ op: 'publish', topic: '/cmd_vel', msg: { linear: { x, y: 0, z: 0 }, angular: { x: 0, y: 0, z } } });
        await sleep(100);
      }
    };
    // turn on the spot (always collision-free) while enabled
    const y0 = r.pose().yaw;
    await drive(600, 0, 1.0);
    expect(Math.abs(Math.atan2(Math.sin(r.pose().yaw - y0), Math.cos(r.pose().yaw - y0)))).toBeGreaterThan(0.3);
    // stop after the 0.5 s timeout
    await sleep(600);
    const yStop = r.pose().yaw;
    await sleep(300);
    expect(r.pose().yaw).toBeCloseTo(yStop, 6);
    // disabled: ignored
    expect((await c.call('/robot/set_enabled', { data: false })).values).toEqual({ success: true, message: 'disabled' });
    expect(r.enabled).toBe(false);
    const p = r.pose();
    await drive(500, 0.5, 1.0);
    expect(r.pose()).toEqual(p);
    expect((await c.call('/robot/set_enabled', [true])).values).toEqual({ success: true, message: 'enabled' });
    // all commands logged with timestamps, in order
    const log = r.motionLog.slice(before);
    expect(log.length).toBe(11);
    expect(log[10]).toMatchObject({ linear: { x: 0.5, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 1 } });
    for (let i = 1; i < log.length; i++) expect(log[i]!.at).toBeGreaterThan(log[i - 1]!.at);
    expect(Math.abs(log[10]!.at - Date.now())).toBeLessThan(2000);
    c.close();
  });

  it('clamps to max speed and never walks into walls', async () => {
    const r = fleet.robots[0]!;
    const c = await Client.open(r.url);
    const p0 = r.pose();
    const t0 = performance.now();
    for (let t = 0; t < 1000; t += 50) {
      c.send({ op: 'publish', topic: '/cmd_vel', msg: { linear: { x: 5 }, angular: {} } });
      await sleep(50);
    }
    const p1 = r.pose();
    const elapsed = (performance.now() - t0) / 1000;
    expect(Math.hypot(p1.x - p0.x, p1.y - p0.y)).toBeLessThan(0.8 * elapsed + 0.05); // max_speed 0.8, not 5
    expect(isFree(p1.x, p1.y, 0.29)).toBe(true);
    c.close();
  });

  it('a tick hook drives the robot (move_base seam) until removed', async () => {
    const r = fleet.robots[1]!;
    let cmd = { v: 0, w: 0 };
    const off = r.addTickHook(() => cmd);
    await sleep(100);
    const p0 = r.pose();
    await sleep(300);
    expect(r.pose()).toEqual(p0); // hook says stand still: the patrol is overridden
    cmd = { v: 0, w: 1 };
    await sleep(300);
    expect(Math.abs(r.pose().yaw - p0.yaw)).toBeGreaterThan(0.15);
    off();
    const p1 = r.pose();
    await sleep(200);
    expect(r.pose()).toEqual(p1); // quiet period after autonomous driving, like after teleop
  });

  it('reset_odometry makes odom->base_link the identity', async () => {
    const c = await Client.open(robot.url);
    await sleep(600); // let a previous teleop command time out
    expect((await c.call('/robot/reset_odometry', {})).values).toEqual({ success: true, message: 'odometry reset' });
    c.send({ op: 'subscribe', topic: '/tf' });
    await sleep(100);
    const tf = c.of('/tf')[0]!.msg as { transforms: Array<{ child_frame_id: string; transform: { translation: { x: number } } }> };
    expect(tf.transforms.map((t) => t.child_frame_id)).toEqual(['odom', 'base_link']);
    expect(Math.abs(tf.transforms[1]!.transform.translation.x)).toBeLessThan(0.05);
    c.close();
  });
});

describe('lifecycle', () => {
  it('stop() closes the port and every socket; start() listens on the same port again', async () => {
    const r = fleet.robots[1]!;
    const port = r.port;
    const c = await Client.open(r.url);
    const closed = new Promise<void>((res) => c.ws.once('close', () => res()));
    await r.stop();
    await closed;
    expect(r.running).toBe(false);
    await expect(Client.open(r.url)).rejects.toThrow();
    await r.start();
    expect(r.port).toBe(port);
    expect(r.running).toBe(true);
    const c2 = await Client.open(r.url);
    expect((await c2.call('rosapi/get_time', {})).result).toBe(true);
    c2.close();
  });
});
