import { describe, expect, it } from 'vitest';
import { canTransition, createTask, makeGoalId, queueOf, transition, validTarget, type Task } from '../../../src/features/tasks/taskModel';

const mk = (over: Partial<Task> = {}): Task => ({
  ...createTask({
    robotId: 'ws://a:9090',
    templateId: 'go-to-place',
    target: { kind: 'place', placeKey: 'ws2', name: 'Workstation 2', x: 1, y: 2, yaw: 0, frame: 'map' },
    assignedBy: 'op',
    order: 1,
    at: 1000,
  }),
  ...over,
});

describe('task state machine', () => {
  it('walks queued -> dispatched -> active -> succeeded and keeps history with reasons', () => {
    let t = mk();
    for (const [s, why, at] of [
      ['dispatched', undefined, 1],
      ['active', undefined, 2],
      ['succeeded', 'reached', 3],
    ] as const) {
      const r = transition(t, s, why, at);
      expect(r.ok).toBe(true);
      if (r.ok) t = r.task;
    }
    expect(t.state).toBe('succeeded');
    expect(t.stateReason).toBe('reached');
    expect(t.history.map((h) => h.state)).toEqual(['queued', 'dispatched', 'active', 'succeeded']);
  });

  it('refuses illegal transitions with a message and leaves the task alone', () => {
    const t = mk();
    const r = transition(t, 'succeeded', 'x', 5);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/cannot go from queued to succeeded/);
    expect(canTransition('succeeded', 'active')).toBe(false);
    expect(canTransition('canceled', 'queued')).toBe(false);
    expect(canTransition('active', 'dispatched')).toBe(false);
  });

  it('lets an unknown (link lost) task be reconciled to what the robot says', () => {
    let t = mk({ state: 'active' });
    const lost = transition(t, 'unknown', 'console: link lost', 1);
    expect(lost.ok).toBe(true);
    if (lost.ok) t = lost.task;
    expect(canTransition('unknown', 'active')).toBe(true);
    expect(canTransition('unknown', 'failed')).toBe(true);
    expect(canTransition('unknown', 'queued')).toBe(false);
  });

  it('same state with a new reason adds history, without a new reason it does nothing', () => {
    const t = mk({ state: 'active', stateReason: undefined });
    const same = transition(t, 'active', undefined, 1);
    expect(same.ok && same.task).toBe(t);
    const again = transition(t, 'active', 'cancel requested', 2);
    expect(again.ok && again.task.history.length).toBe(t.history.length + 1);
  });

  it('rejects NaN poses and empty frames', () => {
    expect(validTarget({ kind: 'pose', x: NaN, y: 0, yaw: 0, frame: 'map' })).toMatch(/x is not a finite number/);
    expect(validTarget({ kind: 'pose', x: 0, y: 0, yaw: Infinity, frame: 'map' })).toMatch(/yaw/);
    expect(validTarget({ kind: 'pose', x: 0, y: 0, yaw: 0, frame: '' })).toMatch(/frame/);
    expect(validTarget({ kind: 'pose', x: 0, y: 0, yaw: 0, frame: 'map' })).toBeNull();
  });

  it('makes console goal ids naming the robot', () => {
    const id = makeGoalId('ws://10.0.0.5:9090');
    expect(id).toMatch(/^console-10_0_0_5_9090-[0-9a-f-]{36}$/);
    expect(makeGoalId('ws://x:1')).not.toBe(makeGoalId('ws://x:1'));
  });

  it('orders a robot queue by order then assignment time, finished tasks left out', () => {
    const a = mk({ id: 'a', order: 2 });
    const b = mk({ id: 'b', order: 1 });
    const c = mk({ id: 'c', order: 0, state: 'succeeded' });
    const d = mk({ id: 'd', order: 0, robotId: 'other' });
    expect(queueOf([a, b, c, d], 'ws://a:9090').map((t) => t.id)).toEqual(['b', 'a']);
  });
});
