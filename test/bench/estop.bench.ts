// E-stop latency for `npm run bench` (test/bench/run.ts calls runEstopBench()): from the e-stop call (runEstop,
// the per-robot sequence estopService runs on F1: zero twist, SetBool data:false, cancel the active goal through
// the task adapter) to what the simulated robot sees over loopback, through the real robot link:
// - the zero twist in its motionLog and the robot disabled (the enable service handled);
// - its move_base no longer holding the goal (the cancel reached the action server).
// 100 e-stops, each during an active move_base goal sent by the console's actionlib adapter. Targets: zero twist
// p99 < 30 ms, goal canceled p99 < 250 ms. Times are taken when first seen (polled every event-loop turn).
import { runEstop } from '../../src/features/control/estop';
import { cmdVelPublisher } from '../../src/features/control/cmdVel';
import { ActionlibAdapter } from '../../src/features/tasks/adapters/actionlibAdapter';
import { DEFAULT_TEMPLATES, type TemplateOf } from '../../src/features/tasks/templates';
import type { Task } from '../../src/features/tasks/taskModel';
import { createRobotLink } from '../../src/ros/robotLink';
import type { RobotLink } from '../../src/ros/types';
import { startFleet } from '../../src/sim/fleet';

const epochNow = (): number => performance.timeOrigin + performance.now();
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

async function until(what: string, ok: () => boolean, timeoutMs = 5000): Promise<number> {
  const t0 = epochNow();
  while (!ok()) {
    if (epochNow() - t0 > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await tick();
  }
  return epochNow();
}

async function waitConnected(link: RobotLink): Promise<void> {
  await until('link connected', () => link.status().state === 'connected', 10_000);
}

function task(i: number, x: number, y: number): Task {
  return {
    id: `bench-task-${i}`,
    robotId: 'bench',
    templateId: 'go-to-place',
    target: { kind: 'pose', x, y, yaw: 0, frame: 'map' },
    params: {},
    assignedBy: 'bench',
    assignedAt: Date.now(),
    order: i,
    state: 'queued',
    history: [],
    progress: {},
  } as Task;
}

export async function runEstopBench(stops = 100): Promise<Record<string, number>> {
  const fleet = await startFleet({ robots: 1, basePort: 0, rateScale: 0.2, sensors: false });
  const robot = fleet.robots[0]!;
  const link = createRobotLink(robot.url, { pingIntervalMs: 0 });
  const template = DEFAULT_TEMPLATES.find((t) => t.id === 'go-to-place') as TemplateOf<'actionlib'>;
  const adapter = new ActionlibAdapter(link, template, { update: () => {}, note: () => {}, now: Date.now });
  try {
    await waitConnected(link);
    const pub = cmdVelPublisher(link, '/cmd_vel');
    const zero: number[] = [];
    const disabled: number[] = [];
    const canceled: number[] = [];
    for (let i = 0; i < stops + 5; i++) {
      robot.enabled = true;
      // A far goal, alternating ends of the site, so it is still active when the e-stop comes.
      const t = task(i, i % 2 ? 3 : 25, 3);
      const goalId = `bench-goal-${i}`;
      await adapter.dispatch({ ...t, goalId }, goalId);
      await until('goal active', () => robot.moveBase.activeGoal()?.id === goalId);
      const logBefore = robot.motionLog[robot.motionLog.length - 1];
      const t0 = epochNow();
      const done = runEstop({
        robotId: 'bench',
        link,
        person: 'bench',
        enableService: '/robot/set_enabled',
        publishZero: (tw) => pub.publish(tw),
        stopWork: () => {
          adapter.cancel({ ...t, goalId });
          return { canceledTasks: [t.id], queuePaused: false };
        },
        audit: () => {},
      });
      const seen = { zero: 0, disabled: 0, canceled: 0 };
      await until('zero twist, disable and cancel', () => {
        const now = epochNow();
        const last = robot.motionLog[robot.motionLog.length - 1];
        if (!seen.zero && last && last !== logBefore && last.linear.x === 0 && last.angular.z === 0) seen.zero = now;
        if (!seen.disabled && !robot.enabled) seen.disabled = now;
        if (!seen.canceled && robot.moveBase.activeGoal()?.id !== goalId) seen.canceled = now;
        return seen.zero > 0 && seen.disabled > 0 && seen.canceled > 0;
      });
      const rec = await done;
      if (!rec.disabled) throw new Error(`e-stop ${i}: robot not disabled (${rec.error ?? '?'})`);
      if (i < 5) continue; // warm-up
      zero.push(seen.zero - t0);
      disabled.push(Math.max(seen.zero, seen.disabled) - t0);
      canceled.push(seen.canceled - t0);
    }
    for (const a of [zero, disabled, canceled]) a.sort((x, y) => x - y);
    const r = (v: number): number => Math.round(v * 1000) / 1000;
    return {
      estop_stops: stops,
      estop_to_zero_twist_p50_ms: r(quantile(zero, 0.5)),
      estop_to_zero_twist_p99_ms: r(quantile(zero, 0.99)),
      estop_to_zero_twist_and_disabled_p50_ms: r(quantile(disabled, 0.5)),
      estop_to_zero_twist_and_disabled_p99_ms: r(quantile(disabled, 0.99)),
      estop_to_goal_canceled_p50_ms: r(quantile(canceled, 0.5)),
      estop_to_goal_canceled_p99_ms: r(quantile(canceled, 0.99)),
    };
  } finally {
    adapter.dispose();
    link.close?.();
    await fleet.stop();
  }
}
