// Conformance with the recorded ROS 1 rosbridge 0.11.17 (what is compared and how: ./compare.ts).
// What clients send and what the robot does with it: cmd_vel, service calls, errors from roslib and from raw
// frames, and the field interfaces (move_base goals and cancel, with /diagnostics, /scan and the camera alongside).
import { describe, expect, it } from 'vitest';
import type { SimRobot } from '../../../src/sim/fleet';
import { run, stopRobotsAfterAll } from './compare';
import { normLog } from '../replay';

stopRobotsAfterAll();

describe.concurrent('conformance with the recorded ROS 1 rosbridge 0.11.17', () => {
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
