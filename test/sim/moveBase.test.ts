import { describe, expect, it } from 'vitest';
import { MOVE_BASE_TOPICS, SimMoveBase, rectPolygon, type MoveBaseHost } from '../../src/sim/moveBase';

/** A 10 m x 10 m room with a wall at x 5 (door at y 8..9), a hazard square, a robot that does what it is told. */
function world(start = { x: 1, y: 1, yaw: 0 }) {
  const pose = { ...start };
  let t = 1_800_000_000_000;
  const out: { topic: string; msg: Record<string, unknown> }[] = [];
  const wall = (x: number, y: number) => x > 4.8 && x < 5.2 && !(y > 8 && y < 9.5);
  const host: MoveBaseHost = {
    pose: () => ({ ...pose }),
    publish: (topic, msg) => out.push({ topic, msg: msg as Record<string, unknown> }),
    isFree: (x, y) => x > 0.3 && y > 0.3 && x < 9.7 && y < 9.7 && !wall(x, y) && !wall(x + 0.25, y) && !wall(x - 0.25, y),
    hazards: () => [rectPolygon({ x0: 6, y0: 1, x1: 9.5, y1: 4 })],
    bounds: { minX: 0, minY: 0, maxX: 10, maxY: 10 },
    now: () => t,
  };
  const mb = new SimMoveBase(host);
  const run = (sec: number, dt = 0.05) => {
    for (let i = 0; i < sec / dt; i++) {
      t += dt * 1000;
      const c = mb.update(t);
      if (!c) continue;
      pose.yaw += c.w * dt;
      const nx = pose.x + Math.cos(pose.yaw) * c.v * dt;
      const ny = pose.y + Math.sin(pose.yaw) * c.v * dt;
      if (host.isFree(nx, ny)) {
        pose.x = nx;
        pose.y = ny;
      }
    }
  };
  const goal = (id: string, x: number, y: number, yaw = 0) =>
    mb.onMessage('/move_base/goal', {
      header: { frame_id: '' },
      goal_id: { id, stamp: { secs: 0, nsecs: 0 } },
      goal: {
        target_pose: {
          header: { frame_id: 'map' },
          pose: { position: { x, y, z: 0 }, orientation: { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) } },
        },
      },
    });
  const results = () =>
    out
      .filter((o) => o.topic === '/move_base/result')
      .map((o) => o.msg.status as { goal_id: { id: string }; status: number; text: string });
  return { mb, pose, out, run, goal, results };
}

describe('simulated move_base', () => {
  it('names its topics with the real types', () => {
    expect(MOVE_BASE_TOPICS.subscribes.map((t) => `${t.topic} ${t.type}`)).toEqual([
      '/move_base/goal move_base_msgs/MoveBaseActionGoal',
      '/move_base/cancel actionlib_msgs/GoalID',
      '/move_base_simple/goal geometry_msgs/PoseStamped',
    ]);
  });

  it('publishes /status at 5 Hz even when idle', () => {
    const w = world();
    w.run(2);
    const st = w.out.filter((o) => o.topic === '/move_base/status');
    expect(st.length).toBeGreaterThanOrEqual(9);
    expect(st.length).toBeLessThanOrEqual(11);
    expect(st[0]!.msg).toMatchObject({ header: { frame_id: '' }, status_list: [] });
  });

  it('walks through the door to the goal and reports 3 "reached" with the client id', () => {
    const w = world();
    w.goal('console-goal-1', 8, 8.5, Math.PI / 2);
    w.run(2);
    const fb = w.out.filter((o) => o.topic === '/move_base/feedback');
    expect(fb.length).toBeGreaterThan(5);
    expect(fb[0]!.msg).toMatchObject({
      status: { goal_id: { id: 'console-goal-1' }, status: 1, text: 'This goal has been accepted by the simple action server' },
      feedback: { base_position: { header: { frame_id: 'map' } } },
    });
    const st = w.out.filter((o) => o.topic === '/move_base/status').at(-1)!.msg.status_list as { status: number }[];
    expect(st).toMatchObject([{ goal_id: { id: 'console-goal-1' }, status: 1 }]);
    for (let i = 0; i < 120 && w.results().length === 0; i++) w.run(0.5);
    expect(w.results()).toEqual([{ goal_id: { id: 'console-goal-1', stamp: expect.any(Object) }, status: 3, text: 'reached' }]);
    expect(Math.hypot(w.pose.x - 8, w.pose.y - 8.5)).toBeLessThan(0.16);
    // Finished goals stay listed a while, then drop out.
    const last = () => w.out.filter((o) => o.topic === '/move_base/status').at(-1)!.msg.status_list as unknown[];
    w.run(1);
    expect(last()).toMatchObject([{ status: 3, text: 'reached' }]);
    w.run(6);
    expect(last()).toEqual([]);
  });

  it('aborts with the robot’s reason: inside an obstacle, inside the hazard zone', () => {
    const w = world();
    w.goal('in-wall', 5, 3);
    w.goal('in-hazard', 8, 2);
    expect(w.results()).toEqual([
      expect.objectContaining({
        goal_id: expect.objectContaining({ id: 'in-wall' }),
        status: 4,
        text: 'goal (5.00, 3.00) is inside an obstacle',
      }),
      expect.objectContaining({ goal_id: expect.objectContaining({ id: 'in-hazard' }), status: 4, text: 'path blocked by hazard zone' }),
    ]);
  });

  it('cancel {id} preempts with status 2; a new goal preempts the running one', () => {
    const w = world();
    w.goal('a', 4, 8);
    w.run(1);
    w.mb.onMessage('/move_base/cancel', { id: 'a', stamp: { secs: 0, nsecs: 0 } });
    expect(w.results().at(-1)).toMatchObject({ goal_id: { id: 'a' }, status: 2, text: 'canceled' });
    expect(w.mb.update()).toBeNull();
    w.goal('b', 4, 8);
    w.run(1);
    w.goal('c', 2, 2);
    expect(w.results().at(-1)).toMatchObject({ goal_id: { id: 'b' }, status: 2, text: 'preempted by a new goal' });
    w.run(30);
    expect(w.results().at(-1)).toMatchObject({ goal_id: { id: 'c' }, status: 3 });
  });

  it('takes /move_base_simple/goal with a made-up id', () => {
    const w = world();
    w.mb.onMessage('/move_base_simple/goal', {
      header: { frame_id: 'map' },
      pose: { position: { x: 2, y: 3, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
    });
    w.run(20);
    expect(w.results()).toMatchObject([{ goal_id: { id: expect.stringMatching(/^\/move_base-1-\d+\.\d{9}$/) }, status: 3 }]);
  });

  it('aborts when the robot stops making progress', () => {
    const w = world();
    w.goal('stuck', 3, 3);
    // Robot that never moves.
    const frozen = new SimMoveBase(
      {
        pose: () => ({ x: 1, y: 1, yaw: Math.PI / 4 }),
        publish: (topic, msg) => w.out.push({ topic, msg: msg as Record<string, unknown> }),
        isFree: () => true,
        bounds: { minX: 0, minY: 0, maxX: 10, maxY: 10 },
        now: () => 0,
      },
      { stuckSec: 2 },
    );
    frozen.onGoal({
      goal_id: { id: 'frozen', stamp: { secs: 0, nsecs: 0 } },
      goal: { target_pose: { header: { frame_id: 'map' }, pose: { position: { x: 3, y: 3 }, orientation: { w: 1 } } } },
    });
    for (let t = 0; t <= 3000; t += 100) frozen.update(t);
    expect(w.results().at(-1)).toMatchObject({ goal_id: { id: 'frozen' }, status: 4, text: expect.stringMatching(/no progress for 2 s/) });
  });
});

describe('simulated move_base matches the real server’s message shapes (fixture 14)', () => {
  const shape = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, shape((v as Record<string, unknown>)[k])]),
      );
    return typeof v;
  };
  it('status, feedback and result have the same fields and types', async () => {
    const { loadTranscript } = await import('../fixtures/transcript');
    const real = new Map<string, unknown>();
    for (const l of loadTranscript('14')) {
      const f = l.frame as { op?: string; topic?: string; msg?: { status_list?: unknown[] } } | undefined;
      if (l.dir !== 's2c' || f?.op !== 'publish' || !f.topic?.startsWith('/move_base/')) continue;
      if (f.topic === '/move_base/status' && !f.msg?.status_list?.length) continue;
      if (!real.has(f.topic)) real.set(f.topic, f.msg);
    }
    const w = world();
    w.goal('g', 2, 2);
    w.run(0.5);
    for (const topic of ['/move_base/status', '/move_base/feedback']) {
      const mine = w.out.filter((o) => o.topic === topic).at(-1)!.msg;
      expect(shape(mine), topic).toEqual(shape(real.get(topic)));
    }
    w.run(20);
    const result = w.out.filter((o) => o.topic === '/move_base/result').at(-1)!.msg;
    expect(shape(result)).toEqual(shape(real.get('/move_base/result')));
  });
});
