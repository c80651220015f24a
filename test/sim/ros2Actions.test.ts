// The simulated ROS 2 robot (startFleet({ ros2 })) spoken to in raw rosbridge frames, held to the action ops
// as test/fixtures/rosbridge-ros2/actions.md documents them (protocol 3.3.12-15 and what rosbridge_suite sends
// when it cannot run a goal).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFleet, type SimFleet } from '../../src/sim/fleet';
import { isFree } from '../../src/sim/siteMap';

type Frame = Record<string, unknown>;
const DOC = readFileSync(new URL('../fixtures/rosbridge-ros2/actions.md', import.meta.url), 'utf8');

/** The fields of the documented frame with this op: [name, optional]. */
function documented(op: string): Array<[string, boolean]> {
  const block = [...DOC.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.includes(`"op": "${op}"`));
  if (!block) throw new Error(`no ${op} in the fixture`);
  return [...block.matchAll(/(\(optional\) )?"(\w+)":/g)].map((m) => [m[2]!, Boolean(m[1])]);
}

const GOAL_STATUS = Object.fromEntries([...DOC.matchAll(/^\| (\d) \| STATUS_(\w+) \|$/gm)].map((m) => [m[2]!, Number(m[1])])) as Record<
  'UNKNOWN' | 'SUCCEEDED' | 'CANCELED' | 'ABORTED',
  number
>;

class RawClient {
  readonly frames: Frame[] = [];
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (d) => this.frames.push(JSON.parse(String(d)) as Frame));
  }
  static open(url: string): Promise<RawClient> {
    const ws = new WebSocket(url);
    return new Promise((res, rej) => {
      ws.once('open', () => res(new RawClient(ws)));
      ws.once('error', rej);
    });
  }
  send(f: Frame): void {
    this.ws.send(JSON.stringify(f));
  }
  of(op: string, id?: string): Frame[] {
    return this.frames.filter((f) => f.op === op && (id === undefined || f.id === id));
  }
  async until(pred: () => boolean, ms = 15_000): Promise<void> {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > ms) throw new Error(`timed out; frames: ${JSON.stringify(this.frames.slice(-3))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  close(): void {
    this.ws.close();
  }
}

const NAV = { action: '/navigate_to_pose', action_type: 'nav2_msgs/action/NavigateToPose' };
const poseGoal = (x: number, y: number) => ({
  pose: { header: { frame_id: 'map' }, pose: { position: { x, y, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
});

let fleet: SimFleet;
let c: RawClient;

beforeAll(async () => {
  fleet = await startFleet({ robots: 2, basePort: 0, ros2: [1] });
  c = await RawClient.open(fleet.robots[1]!.url);
});
afterAll(async () => {
  c?.close();
  await fleet?.stop();
});

function nearFree(): { x: number; y: number } {
  const p = fleet.robots[1]!.pose();
  for (const [dx, dy] of [
    [1, 0],
    [-1, 0],
    [0, 1],
    [0, -1],
  ] as const)
    if (isFree(p.x + dx, p.y + dy, 0.5)) return { x: p.x + dx, y: p.y + dy };
  throw new Error('no free point next to the robot');
}

describe('the simulated ROS 2 robot speaks rosbridge v2 action ops as documented', () => {
  it('rosapi get_ros_version says 2 (a ROS 1 robot of the same fleet has no such service)', async () => {
    c.send({ op: 'call_service', id: 'ver', service: '/rosapi/get_ros_version', args: {} });
    await c.until(() => c.of('service_response', 'ver').length === 1);
    expect(c.of('service_response', 'ver')[0]).toMatchObject({ result: true, values: { version: 2, distro: 'humble' } });
    const ros1 = await RawClient.open(fleet.robots[0]!.url);
    ros1.send({ op: 'call_service', id: 'ver', service: '/rosapi/get_ros_version', args: {} });
    await ros1.until(() => ros1.of('service_response', 'ver').length === 1);
    expect(ros1.of('service_response', 'ver')[0]!.result).toBe(false);
    ros1.close();
  });

  it('send_action_goal: action_feedback frames with the documented fields, then one action_result SUCCEEDED', async () => {
    const to = nearFree();
    c.send({ op: 'send_action_goal', id: 'g-ok', ...NAV, args: poseGoal(to.x, to.y), feedback: true });
    await c.until(() => c.of('action_result', 'g-ok').length === 1, 20_000);
    const feedback = c.of('action_feedback', 'g-ok');
    expect(feedback.length).toBeGreaterThan(0);
    const fbFields = documented('action_feedback').map(([k]) => k);
    for (const f of feedback) expect(Object.keys(f).sort()).toEqual([...fbFields].sort());
    const values = feedback.map((f) => f.values as { distance_remaining: number; current_pose: { pose: { position: { x: number } } } });
    expect(values[0]!.current_pose.pose.position.x).toEqual(expect.any(Number));
    expect(values.at(-1)!.distance_remaining).toBeLessThan(values[0]!.distance_remaining);
    const r = c.of('action_result', 'g-ok')[0]!;
    expect(Object.keys(r).sort()).toEqual(
      documented('action_result')
        .map(([k]) => k)
        .sort(),
    );
    expect(r).toEqual({
      op: 'action_result',
      id: 'g-ok',
      action: NAV.action,
      values: { error_code: 0, error_msg: '' },
      status: GOAL_STATUS.SUCCEEDED,
      result: true,
    });
    // Nothing of this goal after its result.
    const n = c.frames.length;
    await new Promise((res) => setTimeout(res, 300));
    expect(c.frames.slice(n).filter((f) => f.id === 'g-ok')).toEqual([]);
  }, 30_000);

  it('cancel_action_goal ends the goal CANCELED; a cancel of an id that is not running gets nothing', async () => {
    c.send({ op: 'send_action_goal', id: 'g-cancel', ...NAV, args: poseGoal(26, 4), feedback: true });
    await c.until(() => c.of('action_feedback', 'g-cancel').length > 0);
    c.send({ op: 'cancel_action_goal', id: 'g-cancel', action: NAV.action });
    await c.until(() => c.of('action_result', 'g-cancel').length === 1);
    expect(c.of('action_result', 'g-cancel')[0]).toMatchObject({ status: GOAL_STATUS.CANCELED, result: true, action: NAV.action });
    const n = c.frames.length;
    c.send({ op: 'cancel_action_goal', id: 'never-sent', action: NAV.action });
    await new Promise((res) => setTimeout(res, 300));
    expect(c.frames.slice(n).filter((f) => f.op !== 'publish')).toEqual([]);
  }, 30_000);

  it('a goal nav2 cannot reach: ABORTED with nav2 error_code and the planner’s words; no feedback unless asked', async () => {
    c.send({ op: 'send_action_goal', id: 'g-pillar', ...NAV, args: poseGoal(8.0, 7.5) });
    await c.until(() => c.of('action_result', 'g-pillar').length === 1);
    expect(c.of('action_result', 'g-pillar')[0]).toMatchObject({
      status: GOAL_STATUS.ABORTED,
      result: true,
      values: { error_code: 9000, error_msg: 'goal (8.00, 7.50) is inside an obstacle' },
    });
    expect(c.of('action_feedback', 'g-pillar')).toEqual([]);
  });

  it('what rosbridge cannot run: action_result result false, STATUS_UNKNOWN, the error text; never a status frame', async () => {
    c.send({ op: 'send_action_goal', id: 'g-none', action: '/no_such_action', action_type: NAV.action_type, args: {} });
    c.send({ op: 'send_action_goal', id: 'g-field', ...NAV, args: { posee: {} } });
    c.send({ op: 'send_action_goal', id: 'g-kind', ...NAV, args: { pose: 'kitchen' } });
    c.send({ op: 'send_action_goal', id: 'g-type', action: NAV.action, action_type: 'nav2_msgs/action/NoSuch', args: {} });
    await c.until(() => ['g-none', 'g-field', 'g-kind', 'g-type'].every((id) => c.of('action_result', id).length === 1));
    const failed = (id: string) => {
      const r = c.of('action_result', id)[0]!;
      expect(r).toMatchObject({ status: GOAL_STATUS.UNKNOWN, result: false });
      return r.values;
    };
    expect(failed('g-none')).toBe('No action server available');
    expect(failed('g-field')).toBe('Message type nav2_msgs/NavigateToPose_Goal does not have a field posee');
    expect(failed('g-kind')).toBe(
      "nav2_msgs/NavigateToPose_Goal message requires a geometry_msgs/PoseStamped for field pose, but got a <class 'str'>",
    );
    expect(failed('g-type')).toMatch(/NoSuch/);
    expect(c.of('status')).toEqual([]);
  });

  it('a goal without id: answers carry no id; args given as a list fill the goal fields in order', async () => {
    const to = nearFree();
    const before = c.of('action_result').length;
    c.send({ op: 'send_action_goal', ...NAV, args: [poseGoal(to.x, to.y).pose, ''] });
    await c.until(() => c.of('action_result').length === before + 1, 20_000);
    const r = c.of('action_result').at(-1)!;
    expect('id' in r).toBe(false);
    expect(r).toMatchObject({ status: GOAL_STATUS.SUCCEEDED, result: true });
  }, 30_000);
});
