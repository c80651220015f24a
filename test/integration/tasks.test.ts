// The task engine against a real simulated robot over loopback rosbridge, with the simulated move_base
// attached: a goal is reached, one is canceled, one in the hazard zone is refused; a robot that drops
// mid-task leaves the task "unknown" and the robot's /status settles it after the reconnect.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskEngine } from '../../src/features/tasks/taskEngine';
import type { TaskTarget } from '../../src/features/tasks/taskModel';
import { createRobotLink } from '../../src/ros/robotLink';
import type { RobotLink } from '../../src/ros/types';
import { startFleet, type SimFleet } from '../../src/sim/fleet';
import { attachMoveBase, rectPolygon, type MoveBaseRobot } from '../../src/sim/moveBase';
import { HAZARD_ZONE, MAP_HEIGHT_M, MAP_WIDTH_M, PLACES, isFree } from '../../src/sim/siteMap';
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
let link: RobotLink;
let engine: TaskEngine;
let url: string;

beforeAll(async () => {
  fleet = await startFleet({ robots: 1, basePort: 0, rateScale: 0.5 });
  const robot = fleet.robots[0]!;
  url = robot.url;
  // Until the sim wires move_base itself; if it already has, do not attach a second one.
  const graph = (robot as unknown as { graph: { topics: Map<string, unknown> } }).graph;
  if (!graph.topics.has('/move_base/status')) {
    attachMoveBase(
      robot as unknown as MoveBaseRobot,
      {
        isFree: (x, y) => isFree(x, y, 0.3),
        hazards: () => [rectPolygon(HAZARD_ZONE)],
        bounds: { minX: 0, minY: 0, maxX: MAP_WIDTH_M, maxY: MAP_HEIGHT_M },
      },
      { maxSpeed: 1.2 },
    );
  }
  link = createRobotLink(url, { pingIntervalMs: 0 });
  await until(() => link.status().state === 'connected');
  engine = new TaskEngine({
    repo: createTaskRepo(new ConsoleDb(`sim-it-${Date.now()}`)),
    getLink: (id) => (id === url ? link : undefined),
    reconcileMs: 3000,
  });
  await engine.start();
});

afterAll(async () => {
  engine?.dispose();
  link?.close();
  await fleet?.stop();
});

describe('tasks against the simulated robot', () => {
  it('hazard zone: refused in the robot’s words; a short walk: reached', async () => {
    const bad = engine.assign({ robotId: url, templateId: 'go-to-place', target: place('Hazard zone') });
    if (!bad.ok) throw new Error(bad.error);
    await until(() => engine.task(bad.value.id)!.state === 'failed');
    expect(engine.task(bad.value.id)!.stateReason).toBe('path blocked by hazard zone');

    const pose = fleet.robots[0]!.pose();
    const near: TaskTarget = { kind: 'pose', x: pose.x + (isFree(pose.x + 1, pose.y, 0.5) ? 1 : -1), y: pose.y, yaw: 0, frame: 'map' };
    const ok = engine.assign({ robotId: url, templateId: 'go-to-place', target: near });
    if (!ok.ok) throw new Error(ok.error);
    await until(() => engine.task(ok.value.id)!.state === 'active', 5000);
    await until(() => engine.task(ok.value.id)!.state === 'succeeded', 30_000);
    expect(engine.task(ok.value.id)!.stateReason).toBe('reached');
    expect(engine.task(ok.value.id)!.progress.distance).toBeLessThan(1);
  }, 60_000);

  it('cancel mid-way ends canceled once the robot confirms', async () => {
    const r = engine.assign({ robotId: url, templateId: 'go-to-place', target: place('Charging dock') });
    if (!r.ok) throw new Error(r.error);
    await until(() => engine.task(r.value.id)!.state === 'active', 5000);
    await sleep(500);
    engine.cancel(r.value.id);
    await until(() => engine.task(r.value.id)!.state === 'canceled', 5000);
    expect(engine.task(r.value.id)!.stateReason).toBe('canceled');
  }, 30_000);

  it('robot drops mid-task: unknown, then the robot’s /status settles it after the reconnect', async () => {
    const r = engine.assign({ robotId: url, templateId: 'go-to-place', target: place('Workstation 3') });
    if (!r.ok) throw new Error(r.error);
    await until(() => engine.task(r.value.id)!.state === 'active', 5000);
    const robot = fleet.robots[0]!;
    await robot.stop();
    await until(() => engine.task(r.value.id)!.state === 'unknown', 10_000);
    expect(engine.task(r.value.id)!.stateReason).toMatch(/^console: link lost/);
    await robot.start();
    await until(() => link.status().state === 'connected', 20_000);
    // The sim keeps its goal across the restart of its socket, so /status lists it as active again.
    await until(() => engine.task(r.value.id)!.state !== 'unknown', 10_000);
    expect(['active', 'succeeded']).toContain(engine.task(r.value.id)!.state);
    engine.cancel(r.value.id);
    await until(() => engine.task(r.value.id)!.state === 'canceled', 5000);
  }, 60_000);
});
