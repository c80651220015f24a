// CONFORMANCE: every recorded scenario of the real ROS 1 rosbridge 0.11.17 (test/fixtures/rosbridge) is
// replayed, frame by frame with its recorded timing and connection index, against a freshly started
// simulated robot, and the simulated answers are compared STRUCTURALLY with the recorded ones.
//
// What is compared, for every scenario (see `compare` in conformanceCompare.ts):
//  * every frame the simulator sends is a JSON text frame (every "/" written as "\/", as ujson does) with op
//    publish / service_response / fragment / png, or a binary CBOR frame — never a `status` frame, never an op the real server did not send in that scenario;
//  * fragments are reassembled (id must be the integer 0, num 0..n-1, total a float = (len-1)/size + 1);
//  * service_response: the same ids in the same order per connection, the same `service` string, the same
//    `result`, `values` of the same kind; string values (errors) are equal; object values are compared per
//    service (rosapi lists contain the recorded robot's names/types, message_details is deep-equal,
//    get_param's value is a JSON text of the same kind, robot services are deep-equal, others by shape);
//  * publish/png/CBOR messages: the same set of topics per connection (minus topics declared out of scope),
//    and each simulated message has the recorded message's shape (same keys, value kinds, typed-array kinds,
//    NaN -> null in JSON and NaN kept in CBOR) — values differ because the simulated robot is a humanoid on a
//    bigger map;
//  * the server log: the recorded rosbridge_websocket lines (client numbers and run-specific numbers
//    normalised) appear in the same order in the simulator's log, which has no other lines (lines naming an
//    out-of-scope topic are left out on both sides); "Exception calling subscribe callback"
//    and "sending N parts" lines are compared by presence because their count depends on timing/map size;
//  * plus per-scenario checks (rates under throttle, latched delivery, CBOR string[] failure, PNG layout,
//    cbor-raw deserialisation, cmd_vel log, relay between clients).
// Scenario 14 (move_base, /diagnostics, /scan, the JPEG camera) is compared like the others; its recorded goal
// positions are moved onto the simulated map (see the test) and the three outcomes must match the real server's.
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { MessageReader } from '@foxglove/rosmsg-serialization';
import type { MessageDefinition } from '@foxglove/message-definition';
import { startFleet, type SimFleet, type SimRobot } from '../../src/sim/fleet';
import { foxgloveDefs } from '../../src/sim/msgDefs';
import { compare, type Message, type Scope } from './conformanceCompare';
import { FIXTURES, loadScenario, normLog, replay, type Scenario } from './replay';

const fleets: SimFleet[] = [];
afterAll(async () => {
  await Promise.all(fleets.map((f) => f.stop()));
});

async function freshRobot(): Promise<SimRobot> {
  const f = await startFleet({ robots: 1, basePort: 0 });
  fleets.push(f);
  return f.robots[0]!;
}

const subscribeTime = (sc: Scenario, topic: string): number =>
  sc.lines.find(
    (l) =>
      l.dir === 'c2s' && (l.frame as { op?: string; topic?: string }).op === 'subscribe' && (l.frame as { topic?: string }).topic === topic,
  )!.t_ms;
const count = (ms: Message[], topic: string): number => ms.filter((m) => m.op === 'publish' && m.topic === topic).length;

async function run(
  name: string,
  scope?: Scope,
): Promise<{ sc: Scenario; robot: SimRobot; byConn: Map<number, { rec: Message[]; sim: Message[] }> }> {
  const sc = loadScenario(name);
  const robot = await freshRobot();
  const rewrite = scope?.rewrite;
  const frames = await replay(sc, robot.url, 300, rewrite && ((f) => rewrite(f, robot)));
  return { sc, robot, byConn: compare(sc, frames, robot, scope) };
}

describe.concurrent('conformance with the recorded ROS 1 rosbridge 0.11.17', () => {
  it('covers every recorded scenario', () => {
    const files = readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => f.replace('.jsonl', ''))
      .sort();
    expect(files).toEqual(SCENARIOS);
  });

  it('01 rosapi introspection', async () => {
    await run('01-rosapi-introspection');
  }, 30_000);

  it('02 subscribe robot topics: latched first, NaN as null, rates', async () => {
    const { sc, byConn } = await run('02-subscribe-robot-topics');
    const { rec, sim } = byConn.get(0)!;
    for (const t of ['/map', '/tf_static', '/client_count']) {
      expect(count(sim, t), t).toBe(count(rec, t));
      expect(sim.find((m) => m.topic === t)!.t - subscribeTime(sc, t), `${t} latched delivery`).toBeLessThan(1500); // generous for a loaded box
    }
    const bat = sim.find((m) => m.topic === '/battery')!.value.msg as Record<string, unknown>;
    expect(bat.charge).toBeNull();
    expect(bat.capacity).toBeNull();
    for (const t of ['/battery', '/semantic_map']) expect(Math.abs(count(sim, t) - count(rec, t)), t).toBeLessThanOrEqual(1);
    for (const t of ['/tf', '/joint_states']) expect(count(sim, t), t).toBeGreaterThanOrEqual(count(rec, t));
  }, 30_000);

  it('03 throttle_rate/queue_length are applied by the server', async () => {
    const { byConn } = await run('03-subscribe-throttle-queue');
    const { rec, sim } = byConn.get(0)!;
    for (const t of ['/joint_states', '/tf']) expect(Math.abs(count(sim, t) - count(rec, t)), t).toBeLessThanOrEqual(2); // 6 and 3 recorded
  }, 30_000);

  it('04 CBOR: typed arrays, NaN kept, JointState never arrives (string[] bug)', async () => {
    const { byConn } = await run('04-compression-cbor');
    const { sim } = byConn.get(0)!;
    expect(count(sim, '/joint_states')).toBe(0);
    const map = sim.find((m) => m.topic === '/map')!.value.msg as { data: unknown };
    expect(map.data).toBeInstanceOf(Int8Array);
    const bat = sim.find((m) => m.topic === '/battery')!.value.msg as Record<string, unknown>;
    expect(bat.charge).toBeNaN();
    expect(bat.cell_voltage).toBeInstanceOf(Float32Array);
    expect(bat.cell_temperature).toBeInstanceOf(Float32Array);
  }, 30_000);

  it('05 cbor-raw: {secs,nsecs,bytes} with ROS 1 serialised BatteryState', async () => {
    const { byConn } = await run('05-compression-cbor-raw');
    const { rec, sim } = byConn.get(0)!;
    const reader = new MessageReader(foxgloveDefs('sensor_msgs/BatteryState') as unknown as MessageDefinition[]);
    const recBytes = Uint8Array.from((rec[0]!.value.msg as { bytes: { values: number[] } }).bytes.values);
    const recMsg = reader.readMessage<Record<string, unknown>>(recBytes);
    expect(recMsg.serial_number).toBe('HB-0001'); // our definition reads the real robot's bytes
    const s = sim[0]!.value.msg as { secs: number; nsecs: number; bytes: Uint8Array };
    expect(s.bytes).toBeInstanceOf(Uint8Array);
    const simMsg = reader.readMessage<Record<string, unknown>>(s.bytes);
    expect(Object.keys(simMsg).sort()).toEqual(Object.keys(recMsg).sort());
    expect(simMsg.charge).toBeNaN();
  }, 30_000);

  it('06 PNG: RGB image floor(sqrt(len/3)) wide, JSON padded with newlines', async () => {
    const { byConn } = await run('06-compression-png');
    const { rec, sim } = byConn.get(0)!;
    for (const m of [...rec, ...sim]) {
      const p = m.png!;
      expect(p.width).toBe(Math.floor(Math.sqrt(p.len / 3)));
      expect(p.height).toBe(Math.ceil(p.len / 3 / p.width));
    }
  }, 30_000);

  it('07 publish cmd_vel: silent socket, robot receives all 4 (zeros filled)', async () => {
    const { sc, robot, byConn } = await run('07-publish-cmd-vel');
    expect(byConn.get(0)!.sim).toEqual([]);
    const robotLines = (ls: readonly string[]): string[] => ls.filter((l) => l.startsWith('[robot]')).map(normLog);
    expect(robotLines(robot.serverLog)).toEqual(robotLines(sc.log));
    expect(robot.motionLog.length).toBe(4);
    expect(robot.motionLog[3]).toMatchObject({ linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
  }, 30_000);

  it('08 robot services: results and error strings', async () => {
    await run('08-call-robot-services');
  }, 30_000);
  it('09 roslib errors: missing service answered, bad subscribes silent', async () => {
    await run('09-errors-roslib');
  }, 30_000);
  it('10 raw protocol errors: only call_service answers, garbage skipped, log texts', async () => {
    await run('10-errors-raw-protocol');
  }, 30_000);

  it('11 fragmentation: id 0, float total, sticky fragment_size, two subscriptions, client fragments', async () => {
    const { byConn } = await run('11-fragmentation-and-ids');
    const { rec, sim } = byConn.get(0)!;
    const seq = (ms: Message[]): string[] => ms.map((m) => `${m.op} ${m.topic ?? m.id}`);
    const collapse = (xs: string[]): string[] => xs.filter((x, i) => x !== xs[i - 1]);
    expect(collapse(seq(sim))).toEqual(collapse(seq(rec)));
    expect(Math.abs(count(sim, '/battery') - count(rec, '/battery'))).toBeLessThanOrEqual(1);
    for (const m of sim.filter((x) => x.via === 'fragment')) {
      const text = m.fragments!.map((f) => f.data).join('');
      expect(m.fragments!.map((f) => f.num)).toEqual(m.fragments!.map((_, i) => i));
      for (const f of m.fragments!) expect(f.total).toBe((text.length - 1) / 400 + 1);
      expect(m.raw![0]).toMatch(/"total":\d+\.\d+\}$/);
    }
    const resp = sim.find((m) => m.op === 'service_response')!;
    expect(typeof JSON.parse((resp.value.values as { value: string }).value)).toBe('string');
  }, 30_000);

  it('12 latched /map and relay between two clients', async () => {
    const { byConn } = await run('12-latched-and-reconnect');
    expect(byConn.get(0)!.sim).toEqual([]);
    const b = byConn.get(1)!.sim;
    expect(b[0]!.topic).toBe('/map');
    expect(b.find((m) => m.topic === '/harness/chatter')!.value.msg).toEqual({ data: 'hello from client A' });
  }, 30_000);

  it('13 roslib subscription with fragment_size: only id-0 fragments are sent', async () => {
    const { byConn } = await run('13-roslib-fragment-reassembly');
    const { sim } = byConn.get(0)!;
    expect(sim.map((m) => `${m.via} ${m.topic}`)).toEqual(['fragment /map']);
  }, 30_000);

  it('14 field interfaces: move_base action, /diagnostics, /scan and the camera as the real robot sent them', async () => {
    // The recorded goals are in the real robot's small world (around its origin). On the simulated factory
    // floor the same three situations are: a short reachable step from where the robot stands, a point
    // inside a pillar, and a far point that is still being walked to when the cancel comes.
    const goalAt: Record<string, (r: SimRobot) => { x: number; y: number }> = {
      'console-goal-1': (r) => ({ x: r.pose().x + 0.3, y: r.pose().y + 0.1 }),
      'console-goal-2': () => ({ x: 8.0, y: 7.5 }),
      'console-goal-3': () => ({ x: 26, y: 4 }),
    };
    const { byConn } = await run('14-field-interfaces', {
      rewrite: (f, robot) => {
        const msg = f.msg as
          { goal_id?: { id: string }; goal?: { target_pose: { pose: { position: { x: number; y: number } } } } } | undefined;
        const to = f.op === 'publish' && f.topic === '/move_base/goal' && msg?.goal_id ? goalAt[msg.goal_id.id] : undefined;
        if (to && msg?.goal) Object.assign(msg.goal.target_pose.pose.position, to(robot));
        return f;
      },
    });
    const { sim } = byConn.get(0)!;
    const results = sim
      .filter((m) => m.topic === '/move_base/result')
      .map((m) => (m.value.msg as { status: { goal_id: { id: string }; status: number; text: string } }).status);
    expect(results.map((s) => [s.goal_id.id, s.status])).toEqual([
      ['console-goal-1', 3],
      ['console-goal-2', 4],
      ['console-goal-3', 2],
    ]);
    expect(results.map((s) => s.text)).toEqual(['reached', 'goal (8.00, 7.50) is inside an obstacle', 'canceled']);
    expect(sim.filter((m) => m.op === 'service_response').map((m) => m.id)).toEqual(['details-goal']);
    const diags = sim.filter((m) => m.topic === '/diagnostics');
    expect(diags.length).toBeGreaterThanOrEqual(9); // 12 recorded in ~11.7 s
    for (const d of diags)
      for (const st of (d.value.msg as { status: Array<{ level: number }> }).status) expect([0, 1, 2, 3]).toContain(st.level);
  }, 30_000);
});

const SCENARIOS = [
  '01-rosapi-introspection',
  '02-subscribe-robot-topics',
  '03-subscribe-throttle-queue',
  '04-compression-cbor',
  '05-compression-cbor-raw',
  '06-compression-png',
  '07-publish-cmd-vel',
  '08-call-robot-services',
  '09-errors-roslib',
  '10-errors-raw-protocol',
  '11-fragmentation-and-ids',
  '12-latched-and-reconnect',
  '13-roslib-fragment-reassembly',
  '14-field-interfaces',
];
