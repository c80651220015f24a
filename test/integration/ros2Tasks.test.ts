// The console's link and task engine (Ros2ActionAdapter through link.sendActionGoal) against the simulated
// robot acting as a ROS 2 rosbridge with nav2's /navigate_to_pose: the "Navigate (ROS 2)" template runs to
// succeeded with feedback, a cancel ends it canceled, nav2's error becomes the task's reason, and what
// rosbridge cannot run (no such action server) fails in rosbridge's words; an e-stop cancels the running goal
// through the task adapter (cancel_action_goal).
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmdVelPublisher } from '../../src/features/control/cmdVel';
import { runEstop } from '../../src/features/control/estop';
import { TaskEngine } from '../../src/features/tasks/taskEngine';
import type { TaskTarget } from '../../src/features/tasks/taskModel';
import { createRobotLink } from '../../src/ros/robotLink';
import type { LiveRobotLink, TapEvent } from '../../src/ros/types';
import { startFleet, type SimFleet } from '../../src/sim/fleet';
import { PLACES, isFree } from '../../src/sim/siteMap';
import { ConsoleDb } from '../../src/storage/db';
import { createTaskRepo } from '../../src/features/tasks/taskRepo';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await sleep(20);
  }
}
const place = (name: string): TaskTarget => {
  const p = PLACES.find((x) => x.name === name)!;
  return { kind: 'place', placeKey: name, name, x: p.x, y: p.y, yaw: p.yaw, frame: 'map' };
};

let fleet: SimFleet;
let link: LiveRobotLink;
let engine: TaskEngine;
let url: string;
const sent: TapEvent[] = [];
const cancels: TapEvent[] = [];

beforeAll(async () => {
  fleet = await startFleet({ robots: 1, basePort: 0, ros2: [0] });
  url = fleet.robots[0]!.url;
  link = createRobotLink(url, { pingIntervalMs: 0 });
  link.tap((e) => {
    if (e.direction === 'out' && e.op === 'send_action_goal') sent.push(e);
    if (e.direction === 'out' && e.op === 'cancel_action_goal') cancels.push(e);
  });
  await until(() => link.capabilities().detected);
  engine = new TaskEngine({
    repo: createTaskRepo(new ConsoleDb(`ros2-it-${Date.now()}`)),
    getLink: (id) => (id === url ? link : undefined),
  });
  await engine.start();
});

afterAll(async () => {
  engine?.dispose();
  link?.close();
  await fleet?.stop();
});

function assign(target: TaskTarget, templateId = 'navigate-ros2') {
  const r = engine.assign({ robotId: url, templateId, target });
  if (!r.ok) throw new Error(r.error);
  return r.value.id;
}

describe('Navigate (ROS 2) against the simulated ROS 2 robot', () => {
  it('the link sees a ROS 2 rosbridge with action ops', () => {
    expect(link.capabilities()).toMatchObject({ detected: true, dialect: 'ros2', distro: 'humble' });
    expect(link.capabilities().list).toContain('actions');
  });

  it('runs to succeeded, with feedback (position, distance remaining) on the way', async () => {
    const p = fleet.robots[0]!.pose();
    const dx = isFree(p.x + 2, p.y, 0.5) ? 2 : -2;
    const id = assign({ kind: 'pose', x: p.x + dx, y: p.y, yaw: 0, frame: 'map' });
    await until(() => engine.task(id)!.state === 'active', 5000);
    const first = { ...engine.task(id)!.progress };
    expect(first.feedback).toMatch(/^at \(-?\d+\.\d\d, -?\d+\.\d\d\)$/);
    expect(first.distance).toBeGreaterThan(0.5);
    await until(() => engine.task(id)!.state === 'succeeded', 30_000);
    const t = engine.task(id)!;
    expect(t.stateReason).toBe('succeeded');
    expect(t.progress.distance).toBeLessThan(first.distance!);
    expect(Math.abs(fleet.robots[0]!.pose().x - (p.x + dx))).toBeLessThan(0.6);
    expect(sent.at(-1)).toMatchObject({ topic: '/navigate_to_pose', type: 'nav2_msgs/action/NavigateToPose' });
  }, 60_000);

  it('cancel mid-way ends canceled', async () => {
    const id = assign(place('Charging dock'));
    await until(() => engine.task(id)!.state === 'active', 5000);
    await sleep(300);
    engine.cancel(id);
    await until(() => engine.task(id)!.state === 'canceled', 5000);
    expect(engine.task(id)!.stateReason).toBe('canceled');
  }, 30_000);

  it("nav2's error becomes the task's reason", async () => {
    const pillar = assign({ kind: 'pose', x: 8.0, y: 7.5, yaw: 0, frame: 'map' });
    await until(() => engine.task(pillar)!.state === 'failed');
    expect(engine.task(pillar)!.stateReason).toBe('goal (8.00, 7.50) is inside an obstacle');
    const hazard = assign(place('Hazard zone'));
    await until(() => engine.task(hazard)!.state === 'failed');
    expect(engine.task(hazard)!.stateReason).toBe('path blocked by hazard zone');
  }, 30_000);

  it('a template naming an action the robot does not serve fails in rosbridge’s words', async () => {
    const base = engine.template('navigate-ros2')!;
    const check = await engine.saveTemplate({ ...base, id: 'dock-ros2', name: 'Dock (ROS 2)', builtin: false, action: '/dock_robot' });
    expect(check.ok).toBe(true);
    const id = assign(place('Charging dock'), 'dock-ros2');
    await until(() => engine.task(id)!.state === 'failed');
    expect(engine.task(id)!.stateReason).toBe('No action server available');
  }, 30_000);

  it('e-stop (stop work wired as the composition root does) cancels the active ROS 2 goal with cancel_action_goal', async () => {
    const id = assign(place('Workstation 1'));
    await until(() => engine.task(id)!.state === 'active', 5000);
    const goalId = engine.task(id)!.goalId;
    const before = cancels.length;
    const audit: unknown[] = [];
    const rec = await runEstop({
      robotId: url,
      link,
      person: 'op',
      enableService: '/robot/set_enabled',
      audit: (e) => audit.push(e),
      publishZero: (t) => cmdVelPublisher(link, '/cmd_vel').publish(t),
      stopWork: () => {
        const canceledTasks = engine.cancelOnRobot(url, 'e-stop by op');
        engine.pauseQueue(url, 'op', 'e-stop by op');
        return { canceledTasks, queuePaused: true };
      },
    });
    expect(rec).toMatchObject({ disabled: true, canceledTasks: [id], queuePaused: true });
    expect(cancels.slice(before)).toHaveLength(1);
    expect(cancels.at(-1)).toMatchObject({ topic: '/navigate_to_pose', type: 'nav2_msgs/action/NavigateToPose', msg: { id: goalId } });
    await until(() => engine.task(id)!.state === 'canceled', 5000);
    expect(engine.task(id)!.stateReason).toBe('canceled');
    // The robot stands: nav2 dropped the goal (nothing drives it any more).
    const p0 = fleet.robots[0]!.pose();
    await sleep(1000);
    const p1 = fleet.robots[0]!.pose();
    expect(Math.hypot(p1.x - p0.x, p1.y - p0.y)).toBeLessThan(0.05);
    expect(engine.queuePause(url)).toBeDefined();
  }, 30_000);
});
