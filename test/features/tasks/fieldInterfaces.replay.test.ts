// The actionlib adapter against the real move_base transcript (rosbridge fixture 14): the goal and cancel
// messages it builds equal what the real server accepted, and the real server's status/feedback/result
// stream drives the three goals to succeeded "reached", failed with the robot's reason, and canceled.
import { describe, expect, it } from 'vitest';
import type { AdapterUpdate } from '../../../src/features/tasks/adapters/adapter';
import { ActionlibAdapter } from '../../../src/features/tasks/adapters/actionlibAdapter';
import { createTask, type Task } from '../../../src/features/tasks/taskModel';
import { DEFAULT_TEMPLATES, type TemplateOf } from '../../../src/features/tasks/templates';
import { loadTranscript } from '../../fixtures/transcript';
import { FakeLink } from '../../support/fakeLink';

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
    const tpl = DEFAULT_TEMPLATES.find((t) => t.id === 'go-to-place') as TemplateOf<'actionlib'>;
    const adapter = new ActionlibAdapter(link, tpl, { update: (u) => updates.push(u), note: (n) => notes.push(n), now: () => 0 });
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
            templateId: tpl.id,
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
