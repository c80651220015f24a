import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdapterUpdate } from '../../../../src/features/tasks/adapters/adapter';
import { ActionlibAdapter, stateForStatus } from '../../../../src/features/tasks/adapters/actionlibAdapter';
import { createTask, type Task } from '../../../../src/features/tasks/taskModel';
import { loadTranscript } from '../../../fixtures/transcript';
import { FakeLink } from '../../../support/fakeLink';
import { feedbackMsg, resultMsg, statusMsg } from '../../../support/rosMessages';
import { host, task, tpl } from './adapterKit';

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

// The actionlib adapter against the real move_base transcript (rosbridge fixture 14): the goal and cancel
// messages it builds equal what the real server accepted, and the real server's status/feedback/result
// stream drives the three goals to succeeded "reached", failed with the robot's reason, and canceled.
interface Frame {
  op?: string;
  topic?: string;
  msg?: Record<string, unknown>;
}

const TARGETS: Record<string, [number, number]> = {
  'console-goal-1': [0.3, 0.1],
  'console-goal-2': [0.05, 0],
  'console-goal-3': [-0.6, 0.3],
};

describe('actionlib adapter replaying the real move_base transcript (fixture 14)', () => {
  it('sends what the real server accepted and reads its answers', async () => {
    const lines = loadTranscript('14');
    const link = new FakeLink();
    const updates: AdapterUpdate[] = [];
    const notes: string[] = [];
    const template = tpl('actionlib', 'go-to-place');
    const adapter = new ActionlibAdapter(link, template, { update: (u) => updates.push(u), note: (n) => notes.push(n), now: () => 0 });
    const tasks = new Map<string, Task>();
    const sentGoals: unknown[] = [];
    const sentCancels: unknown[] = [];

    for (const line of lines) {
      const f = line.frame as Frame | undefined;
      if (!f || typeof f !== 'object' || f.op !== 'publish' || !f.topic?.startsWith('/move_base/')) continue;
      if (line.dir === 'c2s' && f.topic === '/move_base/goal') {
        const id = (f.msg!.goal_id as { id: string }).id;
        const [x, y] = TARGETS[id]!;
        const task = {
          ...createTask({
            robotId: 'r',
            templateId: template.id,
            target: { kind: 'pose', x, y, yaw: 0, frame: 'map' },
            assignedBy: 'op',
            order: 1,
            at: 0,
          }),
          goalId: id,
        };
        tasks.set(id, task);
        await adapter.dispatch(task, id);
        sentGoals.push(f.msg);
      } else if (line.dir === 'c2s' && f.topic === '/move_base/cancel') {
        adapter.cancel(tasks.get((f.msg as { id: string }).id)!);
        sentCancels.push(f.msg);
      } else if (line.dir === 's2c') {
        link.emit(f.topic, f.msg);
      }
    }

    expect(sentGoals).toHaveLength(3);
    expect(link.published('/move_base/goal')).toEqual(sentGoals);
    expect(link.published('/move_base/cancel')).toEqual(sentCancels);

    const finals = Object.fromEntries(
      Object.keys(TARGETS).map((id) => {
        const last = updates.filter((u) => u.goalId === id && u.state).at(-1)!;
        return [id, [last.state, last.reason]];
      }),
    );
    expect(finals).toEqual({
      'console-goal-1': ['succeeded', 'reached'],
      'console-goal-2': ['failed', 'goal (0.05, 0.00) is inside an obstacle'],
      'console-goal-3': ['canceled', 'canceled'],
    });
    // Goal 1 was active (with feedback) before it succeeded; nothing in the stream was a stranger.
    expect(updates.some((u) => u.goalId === 'console-goal-1' && u.state === 'active')).toBe(true);
    expect(updates.some((u) => u.goalId === 'console-goal-1' && u.progress?.distance !== undefined)).toBe(true);
    expect(notes).toEqual([]);
  });
});
