// How long after a robot's rosbridge comes back the link has live data again: the simulated robot's server
// is stopped (its clients see 1006), kept down for the outage, started again on the same port, and the
// time from "listening again" to the first subscribed message is measured. Shared by the reconnect test
// and `npm run bench`.
import { createRobotLink, type RobotLinkOptions } from '../../src/ros/robotLink';
import { defaultSocketFactory } from '../../src/ros/transport/socket';
import type { LiveRobotLink } from '../../src/ros/types';
import { startFleet, type SimFleet, type SimRobot } from '../../src/sim/fleet';

export interface ReturnRig {
  fleet: SimFleet;
  robot: SimRobot;
  link: LiveRobotLink;
  /** Connection attempts the link made (each a TCP connect + WebSocket upgrade when the robot listens). */
  attempts(): number;
  /** Console epoch ms of the newest /joint_states message. */
  lastMessageAt(): number;
  close(): Promise<void>;
}

export async function returnRig(opts: RobotLinkOptions = {}): Promise<ReturnRig> {
  const fleet = await startFleet({ robots: 1, basePort: 0, sensors: false, rateScale: 0.5 });
  const robot = fleet.robots[0];
  let attempts = 0;
  let lastAt = 0;
  const link = createRobotLink(robot.url, {
    transport: 'inline',
    pingIntervalMs: 0,
    warnIntervalMs: 1e9,
    ...opts,
    socketFactory: (url) => {
      attempts++;
      return defaultSocketFactory(url);
    },
  });
  link.subscribe('/joint_states', { type: 'sensor_msgs/JointState' }, (_m, at) => {
    lastAt = at;
  });
  return {
    fleet,
    robot,
    link,
    attempts: () => attempts,
    lastMessageAt: () => lastAt,
    close: async () => {
      link.close();
      await fleet.stop();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until data flows and the connection has been up for `upMs` (so the link counts it as good). */
export async function untilGood(rig: ReturnRig, upMs: number, timeoutMs = 30_000): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    const s = rig.link.status();
    if (
      s.state === 'connected' &&
      s.connectedSince !== undefined &&
      Date.now() - s.connectedSince >= upMs &&
      Date.now() - rig.lastMessageAt() < 500
    )
      return;
    await sleep(50);
  }
  throw new Error(
    `the link did not stay connected with data for ${upMs} ms (${rig.link.status().state}: ${rig.link.status().reason ?? ''})`,
  );
}

export interface ReturnFigures {
  /** From the server listening again to the first subscribed message, ms. */
  toDataMs: number;
  /** Connection attempts per second while the robot was down. */
  attemptsPerSecond: number;
}

/** One outage of `outageMs`; resolves when data flows again. */
export async function outage(rig: ReturnRig, outageMs: number, timeoutMs = 30_000): Promise<ReturnFigures> {
  await rig.robot.stop();
  const downAt = Date.now();
  const attemptsBefore = rig.attempts();
  await sleep(outageMs);
  const attemptsDown = rig.attempts() - attemptsBefore;
  await rig.robot.start();
  const listeningAt = Date.now();
  while (rig.lastMessageAt() < listeningAt) {
    if (Date.now() - listeningAt > timeoutMs)
      throw new Error(`no data ${timeoutMs} ms after the robot came back (${rig.link.status().reason ?? ''})`);
    await sleep(5);
  }
  return { toDataMs: rig.lastMessageAt() - listeningAt, attemptsPerSecond: attemptsDown / ((listeningAt - downAt) / 1000) };
}
