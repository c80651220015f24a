import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdapterUpdate, RawOps } from '../../../src/features/tasks/adapters/adapter';
import { ActionlibAdapter, stateForStatus } from '../../../src/features/tasks/adapters/actionlibAdapter';
import { Ros2ActionAdapter } from '../../../src/features/tasks/adapters/ros2ActionAdapter';
import { ServiceAdapter } from '../../../src/features/tasks/adapters/serviceAdapter';
import { PlanarTf, SimpleGoalAdapter } from '../../../src/features/tasks/adapters/simpleGoalAdapter';
import { createTask, type Task } from '../../../src/features/tasks/taskModel';
import { DEFAULT_TEMPLATES, type TemplateOf } from '../../../src/features/tasks/templates';
import { ServiceError } from '../../../src/ros/types';
import { FakeLink } from '../../support/fakeLink';
import { feedbackMsg, resultMsg, statusMsg } from '../../support/rosMessages';

const tpl = <K extends TemplateOf<'actionlib'>['adapter'] | 'simpleGoal' | 'ros2Action' | 'service'>(k: K, id?: string) =>
  DEFAULT_TEMPLATES.find((t) => t.adapter === k && (!id || t.id === id)) as TemplateOf<K>;

function task(goalId?: string): Task {
  return {
    ...createTask({
      robotId: 'ws://a:9090',
      templateId: 'go-to-place',
      target: { kind: 'place', placeKey: 'ws2', name: 'Workstation 2', x: 0.3, y: 0.1, yaw: 0, frame: 'map' },
      assignedBy: 'op',
      order: 1,
      at: 0,
    }),
    goalId,
  };
}

function host() {
  const updates: AdapterUpdate[] = [];
  const notes: string[] = [];
  return {
    updates,
    notes,
    h: { update: (u: AdapterUpdate) => updates.push(u), note: (t: string) => notes.push(t), now: () => Date.now() },
  };
}

describe('ROS 1 actionlib adapter (move_base over rosbridge topics)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('advertises, subscribes and publishes a goal shaped like the one the real server accepted (fixture 14)', async () => {
    const link = new FakeLink();
    const { h } = host();
    const a = new ActionlibAdapter(link, tpl('actionlib', 'go-to-place'), h);
    await a.dispatch(task(), 'console-goal-1');
    expect(link.frames.filter((f) => f.op !== 'publish')).toEqual([
      { op: 'advertise', topic: '/move_base/goal', type: 'move_base_msgs/MoveBaseActionGoal' },
      { op: 'advertise', topic: '/move_base/cancel', type: 'actionlib_msgs/GoalID' },
      { op: 'subscribe', topic: '/move_base/status', type: 'actionlib_msgs/GoalStatusArray' },
      { op: 'subscribe', topic: '/move_base/feedback', type: 'move_base_msgs/MoveBaseActionFeedback' },
      { op: 'subscribe', topic: '/move_base/result', type: 'move_base_msgs/MoveBaseActionResult' },
    ]);
    // The exact msg from 14-field-interfaces.jsonl ("goal:console-goal-1").
    expect(link.published('/move_base/goal')).toEqual([
      {
        header: { frame_id: '' },
        goal_id: { id: 'console-goal-1', stamp: { secs: 0, nsecs: 0 } },
        goal: {
          target_pose: {
            header: { frame_id: 'map' },
            pose: { position: { x: 0.3, y: 0.1, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
          },
        },
      },
    ]);
    a.cancel(task('console-goal-1'));
    expect(link.published('/move_base/cancel')).toEqual([{ id: 'console-goal-1', stamp: { secs: 0, nsecs: 0 } }]);
  });

  it('maps results 3/4/2 with the robot’s words, and feedback to distance', async () => {
    const link = new FakeLink();
    const { h, updates } = host();
    const a = new ActionlibAdapter(link, tpl('actionlib', 'go-to-place'), h);
    await a.dispatch(task(), 'g1');
    await a.dispatch(task(), 'g2');
    await a.dispatch(task(), 'g3');
    link.emit('/move_base/status', statusMsg([{ id: 'g1', status: 1, text: 'This goal has been accepted by the simple action server' }]));
    link.emit('/move_base/feedback', feedbackMsg('g1', 0.3, 0.5));
    link.emit('/move_base/result', resultMsg('g1', 3, 'reached'));
    link.emit('/move_base/result', resultMsg('g2', 4, 'goal (0.05, 0.00) is inside an obstacle'));
    link.emit('/move_base/result', resultMsg('g3', 2, 'canceled'));
    expect(updates.filter((u) => u.state).map((u) => [u.goalId, u.state, u.reason])).toEqual([
      ['g1', 'active', undefined],
      ['g1', 'succeeded', 'reached'],
      ['g2', 'failed', 'goal (0.05, 0.00) is inside an obstacle'],
      ['g3', 'canceled', 'canceled'],
    ]);
    const fb = updates.find((u) => u.progress)!;
    expect(fb.progress!.distance).toBeCloseTo(0.4);
    // Finished goals linger in /status: not noted as strangers, not re-applied.
    updates.length = 0;
    link.emit('/move_base/status', statusMsg([{ id: 'g1', status: 3, text: 'reached' }]));
    expect(updates).toEqual([]);
  });

  it('maps every actionlib status code', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 42].map(stateForStatus)).toEqual([
      'dispatched',
      'active',
      'canceled',
      'succeeded',
      'failed',
      'rejected',
      'active',
      'dispatched',
      'canceled',
      'failed',
      undefined,
    ]);
  });

  it('ignores a status for a goal it did not send, noting it once', async () => {
    const link = new FakeLink();
    const { h, updates, notes } = host();
    const a = new ActionlibAdapter(link, tpl('actionlib', 'go-to-place'), h);
    await a.dispatch(task(), 'mine');
    link.emit('/move_base/status', statusMsg([{ id: 'someone-else', status: 1 }]));
    link.emit('/move_base/status', statusMsg([{ id: 'someone-else', status: 1 }]));
    link.emit('/move_base/result', resultMsg('stranger', 3, 'reached'));
    expect(updates).toEqual([]);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/ignored status 1 for goal "someone-else"/);
  });

  it('reconciles after reconnect: listed goals get their state, missing ones fail after a few seconds', async () => {
    const link = new FakeLink();
    const { h, updates } = host();
    const a = new ActionlibAdapter(link, tpl('actionlib', 'go-to-place'), h, { reconcileMs: 3000 });
    a.reconcile([task('still-running'), task('vanished'), task('done-meanwhile')]);
    link.emit(
      '/move_base/status',
      statusMsg([
        { id: 'still-running', status: 1 },
        { id: 'done-meanwhile', status: 3, text: 'reached' },
      ]),
    );
    expect(updates.map((u) => [u.goalId, u.state])).toEqual([
      ['still-running', 'active'],
      ['done-meanwhile', 'succeeded'],
    ]);
    vi.advanceTimersByTime(3500);
    expect(updates.at(-1)).toMatchObject({ goalId: 'vanished', state: 'failed' });
    expect(updates.at(-1)!.reason).toMatch(/no longer lists this goal/);
    expect(updates).toHaveLength(3);
  });
});

describe('plain goal topic adapter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const tfAt = (x: number, y: number) => ({
    transforms: [
      {
        header: { frame_id: 'map' },
        child_frame_id: 'odom',
        transform: { translation: { x: 1, y: 0, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
      },
      {
        header: { frame_id: 'odom' },
        child_frame_id: 'base_link',
        transform: { translation: { x: x - 1, y, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
      },
    ],
  });

  it('publishes a PoseStamped and judges arrival from map->base_link in /tf', async () => {
    const link = new FakeLink();
    const { h, updates } = host();
    const a = new SimpleGoalAdapter(link, tpl('simpleGoal'), h);
    await a.dispatch(task(), 'g');
    expect(link.frames[0]).toEqual({ op: 'advertise', topic: '/move_base_simple/goal', type: 'geometry_msgs/PoseStamped' });
    expect(link.published('/move_base_simple/goal')).toEqual([
      { header: { frame_id: 'map' }, pose: { position: { x: 0.3, y: 0.1, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
    ]);
    link.emit('/tf', tfAt(3, 3));
    vi.advanceTimersByTime(300);
    expect(updates.find((u) => u.state)).toMatchObject({ state: 'active' });
    link.emit('/tf', tfAt(0.35, 0.1));
    vi.advanceTimersByTime(300);
    expect(updates.at(-1)).toMatchObject({ state: 'succeeded' });
  });

  it('fails on timeout with how far the robot still is', async () => {
    const link = new FakeLink();
    const { h, updates } = host();
    const a = new SimpleGoalAdapter(link, { ...tpl('simpleGoal'), timeoutSec: 2 }, h);
    await a.dispatch(task(), 'g');
    link.emit('/tf', tfAt(3.3, 0.1));
    vi.advanceTimersByTime(2500);
    expect(updates.at(-1)).toMatchObject({ state: 'failed' });
    expect(updates.at(-1)!.reason).toMatch(/still 3.00 m from the target after 2 s/);
  });

  it('composes rotated frames', () => {
    const tf = new PlanarTf();
    const s = Math.SQRT1_2;
    tf.add({
      transforms: [
        {
          header: { frame_id: '/map' },
          child_frame_id: 'odom',
          transform: { translation: { x: 1, y: 0 }, rotation: { x: 0, y: 0, z: s, w: s } },
        },
        {
          header: { frame_id: 'odom' },
          child_frame_id: 'base_link',
          transform: { translation: { x: 1, y: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
        },
      ],
    });
    const p = tf.pose('map', 'base_link')!;
    expect(p.x).toBeCloseTo(1);
    expect(p.y).toBeCloseTo(1);
    expect(p.yaw).toBeCloseTo(Math.PI / 2);
    expect(tf.pose('map', 'nowhere')).toBeUndefined();
  });
});

describe('ROS 2 rosbridge action adapter', () => {
  function rawOps() {
    const sent: Record<string, unknown>[] = [];
    const handlers = new Map<string, ((f: Record<string, unknown>) => void)[]>();
    const ops: RawOps = {
      send: (f) => sent.push(f),
      onFrame: (op, cb) => {
        handlers.set(op, [...(handlers.get(op) ?? []), cb]);
        return () => undefined;
      },
    };
    const deliver = (f: Record<string, unknown>) => handlers.get(f.op as string)?.forEach((cb) => cb(f));
    return { sent, ops, deliver };
  }

  it('sends send_action_goal / cancel_action_goal and reads action_feedback / action_result', async () => {
    const { sent, ops, deliver } = rawOps();
    const { h, updates, notes } = host();
    const a = new Ros2ActionAdapter(ops, tpl('ros2Action'), h);
    await a.dispatch(task(), 'g1');
    expect(sent[0]).toEqual({
      op: 'send_action_goal',
      id: 'g1',
      action: '/navigate_to_pose',
      action_type: 'nav2_msgs/action/NavigateToPose',
      args: {
        pose: { header: { frame_id: 'map' }, pose: { position: { x: 0.3, y: 0.1, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
        behavior_tree: '',
      },
      feedback: true,
    });
    deliver({
      op: 'action_feedback',
      id: 'g1',
      action: '/navigate_to_pose',
      values: { current_pose: { header: { frame_id: 'map' }, pose: { position: { x: 0, y: 0.1, z: 0 } } }, distance_remaining: 0.31 },
    });
    expect(updates[0]).toMatchObject({ goalId: 'g1', state: 'active', progress: { distance: 0.31, x: 0, y: 0.1 } });
    a.cancel(task('g1'));
    expect(sent[1]).toEqual({ op: 'cancel_action_goal', id: 'g1', action: '/navigate_to_pose' });
    deliver({ op: 'action_result', id: 'g1', action: '/navigate_to_pose', values: {}, status: 5, result: false });
    expect(updates.at(-1)).toMatchObject({ goalId: 'g1', state: 'canceled', reason: 'canceled' });
    await a.dispatch(task(), 'g2');
    deliver({ op: 'action_result', id: 'g2', action: '/navigate_to_pose', values: { error_code: 103 }, status: 6, result: false });
    expect(updates.at(-1)).toMatchObject({ goalId: 'g2', state: 'failed', reason: '{"error_code":103}' });
    await a.dispatch(task(), 'g3');
    deliver({ op: 'action_result', id: 'g3', action: '/navigate_to_pose', values: {}, status: 4, result: true });
    expect(updates.at(-1)).toMatchObject({ goalId: 'g3', state: 'succeeded' });
    deliver({ op: 'action_result', id: 'nobody', action: '/navigate_to_pose', values: {}, status: 4, result: true });
    expect(notes[0]).toMatch(/ignored result for goal "nobody"/);
  });
});

describe('service adapter', () => {
  it('Trigger success:false fails with the robot’s message; success:true succeeds; rosbridge errors verbatim', async () => {
    const link = new FakeLink();
    const { h, updates } = host();
    const a = new ServiceAdapter(link, tpl('service'), h);
    link.robot.services.set('/robot/start_task', async () => ({ success: false, message: 'gripper not homed' }));
    await a.dispatch(task(), 's1');
    await Promise.resolve();
    await Promise.resolve();
    expect(link.frames[0]).toEqual({ op: 'call_service', service: '/robot/start_task', type: 'std_srvs/Trigger', args: {} });
    expect(updates.map((u) => [u.state, u.reason])).toEqual([
      ['active', 'console: called /robot/start_task'],
      ['failed', 'gripper not homed'],
    ]);
    link.robot.services.set('/robot/start_task', async () => ({ success: true, message: 'started' }));
    await a.dispatch(task(), 's2');
    await new Promise((r) => setTimeout(r, 0));
    expect(updates.at(-1)).toMatchObject({ goalId: 's2', state: 'succeeded', reason: 'started' });
    link.robot.services.set('/robot/start_task', async () => {
      throw new ServiceError('/robot/start_task', 'Service /robot/start_task does not exist');
    });
    await a.dispatch(task(), 's3');
    await new Promise((r) => setTimeout(r, 0));
    expect(updates.at(-1)).toMatchObject({ goalId: 's3', state: 'failed', reason: 'Service /robot/start_task does not exist' });
  });
});

describe('actionlib adapter: goals the robot never hears of', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fails a goal that /status never lists, but not while the link is down', async () => {
    const link = new FakeLink();
    const { h, updates } = host();
    const a = new ActionlibAdapter(link, tpl('actionlib', 'go-to-place'), h, { ackMs: 3000 });
    await a.dispatch(task(), 'heard');
    await a.dispatch(task(), 'lost-in-transit');
    link.emit('/move_base/status', statusMsg([{ id: 'heard', status: 1 }]));
    vi.advanceTimersByTime(3500);
    expect(updates.filter((u) => u.state).map((u) => [u.goalId, u.state])).toEqual([
      ['heard', 'active'],
      ['lost-in-transit', 'failed'],
    ]);
    expect(updates.at(-1)!.reason).toMatch(/never acknowledged this goal/);

    await a.dispatch(task(), 'sent-then-link-dropped');
    link.setState('reconnecting', 'timeout');
    vi.advanceTimersByTime(10_000);
    expect(updates.some((u) => u.goalId === 'sent-then-link-dropped')).toBe(false);
  });
});
