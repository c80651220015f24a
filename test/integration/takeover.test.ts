// The console's takeover and teleop code against a real simulated robot over loopback rosbridge:
// the robot asks, the console approves, drives, lets go, e-stops and hands back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TakeoverChannel } from '../../src/features/control/takeoverChannel';
import { runEstop } from '../../src/features/control/estop';
import { TeleopController } from '../../src/features/control/teleopController';
import { cmdVelPublisher } from '../../src/features/control/cmdVel';
import { createRobotLink } from '../../src/ros/robotLink';
import type { RobotLink } from '../../src/ros/types';
import { startFleet, type SimFleet, type SimRobot } from '../../src/sim/fleet';
import { attachOperatorBridge, type OperatorBridge, type SimRobotLike } from '../../src/sim/operatorBridge';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await sleep(10);
  }
}

let fleet: SimFleet;
let robot: SimRobot & SimRobotLike;
let bridge: OperatorBridge;
let link: RobotLink;
const audit: { kind: string; person: string }[] = [];

beforeAll(async () => {
  fleet = await startFleet({ robots: 1, basePort: 0, rateScale: 0.2 });
  robot = fleet.robots[0] as SimRobot & SimRobotLike;
  const existing = (robot as { operator?: OperatorBridge }).operator;
  bridge = existing ?? attachOperatorBridge(robot, { resendEveryMs: 500 });
  link = createRobotLink(robot.url, { pingIntervalMs: 0 });
  await until(() => link.status().state === 'connected');
});

afterAll(async () => {
  link?.close();
  bridge?.stop();
  await fleet?.stop();
});

describe('takeover against the simulated robot', () => {
  it('request → approve → drive → release → e-stop → hand back', async () => {
    const ch = new TakeoverChannel({
      robotId: robot.url,
      link,
      identity: { consoleId: 'console-it', operator: () => 'Integration' },
      audit: (e) => audit.push(e),
    });
    await until(() => ch.control() !== undefined); // latched control arrived
    bridge.requestTakeover('blocked by the hazard zone');
    await until(() => ch.pending().length === 1);
    expect(await ch.approve(ch.pending()[0].id)).toEqual({ ok: true });
    expect(bridge.control()).toMatchObject({ holder: 'Integration', console: 'console-it' });

    const pub = cmdVelPublisher(link, '/cmd_vel');
    const ctl = new TeleopController({ publish: (t) => pub.publish(t) });
    ctl.setAllowed(ch.holdsControl());
    ctl.setSpeedFraction(1);
    const p0 = robot.pose();
    ctl.setInput('keyboard', { linear: 1, angular: 0 });
    await sleep(800);
    const releasedAt = Date.now();
    ctl.setInput('keyboard', null);
    const p1 = robot.pose();
    expect(Math.hypot(p1.x - p0.x, p1.y - p0.y)).toBeGreaterThan(0.1);
    await sleep(400);
    const log = robot.motionLog;
    const zero = log.findIndex((m, i) => i > 0 && m.at >= releasedAt - 1 && m.linear.x === 0 && m.angular.z === 0);
    expect(zero).toBeGreaterThan(-1);
    expect(log[zero].at - releasedAt).toBeLessThanOrEqual(250);
    expect(log.slice(zero + 1)).toEqual([]);
    const p2 = robot.pose();
    await sleep(300);
    const p3 = robot.pose();
    expect(Math.hypot(p3.x - p2.x, p3.y - p2.y)).toBeLessThan(0.01);

    const rec = await runEstop({
      robotId: robot.url,
      link,
      person: 'Integration',
      enableService: '/robot/set_enabled',
      publishZero: (t) => pub.publish(t),
      audit: (e) => audit.push(e),
    });
    expect(rec.disabled).toBe(true);
    expect(robot.enabled).toBe(false);

    expect(ch.handBack()).toMatchObject({ ok: true });
    await until(() => ch.control()?.holder === '');
    expect(bridge.control().holder).toBe('');
    // approve is followed by its outcome (a `control` entry: granted), then the control change itself.
    expect(audit.map((e) => e.kind)).toEqual(['request', 'approve', 'control', 'control', 'estop', 'handback', 'control']);
    ch.dispose();
  });
});
