// Teleop latency for `npm run bench` (test/bench/run.ts calls runTeleopBench()): from a key press
// (TeleopController.setInput, as the keyboard handler calls it) to the /cmd_vel twist received by a simulated
// robot over loopback, through the real robot link. 1,000 presses; each press is released (zero twist) before
// the next. Target: p99 < 30 ms. Arrival is timed when the twist first shows in the sim's motionLog.
import { TeleopController } from '../../src/features/control/teleopController';
import { cmdVelPublisher } from '../../src/features/control/cmdVel';
import { createRobotLink } from '../../src/ros/robotLink';
import type { RobotLink } from '../../src/ros/types';
import { startFleet } from '../../src/sim/fleet';

const epochNow = (): number => performance.timeOrigin + performance.now();
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

async function waitConnected(link: RobotLink, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (link.status().state !== 'connected') {
    if (Date.now() - t0 > timeoutMs) throw new Error(`link did not connect: ${link.status().reason ?? link.status().state}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function runTeleopBench(presses = 1000): Promise<Record<string, number>> {
  const fleet = await startFleet({ robots: 1, basePort: 0, rateScale: 0.2 });
  const robot = fleet.robots[0]!;
  const link = createRobotLink(robot.url, { pingIntervalMs: 0 });
  try {
    await waitConnected(link);
    const pub = cmdVelPublisher(link, '/cmd_vel');
    const controller = new TeleopController({ publish: (t) => pub.publish(t), rateHz: 20 });
    controller.setSpeedFraction(0.5);
    controller.setAllowed(true);

    const waitForCommand = async (after: unknown, deadline: number): Promise<number> => {
      for (;;) {
        const last = robot.motionLog[robot.motionLog.length - 1];
        // The sim stamps motionLog with Date.now() (1 ms steps), so time the arrival here, when it is first
        // seen (polled every event-loop turn): an upper bound on the true latency.
        if (last && last !== after) return epochNow();
        if (epochNow() > deadline) throw new Error('no /cmd_vel within 2 s');
        await tick();
      }
    };

    // Warm-up: the first publish also advertises /cmd_vel.
    for (let i = 0; i < 20; i++) {
      const before = robot.motionLog[robot.motionLog.length - 1];
      controller.setInput('keyboard', { linear: 1, angular: 0 });
      await waitForCommand(before, epochNow() + 2000);
      const beforeZero = robot.motionLog[robot.motionLog.length - 1];
      controller.setInput('keyboard', null);
      await waitForCommand(beforeZero, epochNow() + 2000);
    }

    const press: number[] = [];
    const release: number[] = [];
    for (let i = 0; i < presses; i++) {
      let before = robot.motionLog[robot.motionLog.length - 1];
      let t0 = epochNow();
      controller.setInput('keyboard', { linear: 1, angular: i % 2 ? 0.5 : -0.5 });
      press.push((await waitForCommand(before, t0 + 2000)) - t0);
      before = robot.motionLog[robot.motionLog.length - 1];
      t0 = epochNow();
      controller.setInput('keyboard', null);
      release.push((await waitForCommand(before, t0 + 2000)) - t0);
    }
    controller.dispose();
    press.sort((a, b) => a - b);
    release.sort((a, b) => a - b);
    const r = (v: number): number => Math.round(v * 1000) / 1000;
    return {
      teleop_presses: presses,
      teleop_press_to_cmd_vel_p50_ms: r(quantile(press, 0.5)),
      teleop_press_to_cmd_vel_p99_ms: r(quantile(press, 0.99)),
      teleop_press_to_cmd_vel_max_ms: r(press[press.length - 1]!),
      teleop_release_to_zero_twist_p50_ms: r(quantile(release, 0.5)),
      teleop_release_to_zero_twist_p99_ms: r(quantile(release, 0.99)),
    };
  } finally {
    link.close();
    await fleet.stop();
  }
}

// `npx tsx test/bench/teleop.bench.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  runTeleopBench().then(
    (r) => console.log(r),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
