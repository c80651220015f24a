import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TaskEngine } from '../../../src/features/tasks/taskEngine';
import { bindTaskStore, useTaskStore } from '../../../src/features/tasks/taskStore';
import { ConsoleDb } from '../../../src/storage/db';
import { createTaskRepo } from '../../../src/features/tasks/taskRepo';
import { FakeLink } from '../../support/fakeLink';
import { feedbackMsg } from '../../support/rosMessages';

afterEach(() => vi.useRealTimers());

describe('task store mirror', () => {
  it('follows the engine at a few Hz, not per feedback message', async () => {
    const R = 'ws://a:9090';
    const link = new FakeLink(R);
    const engine = new TaskEngine({ repo: createTaskRepo(new ConsoleDb(`store-${Date.now()}`)), getLink: () => link });
    await engine.start();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    let sets = 0;
    const off = useTaskStore.subscribe(() => (sets += 1));
    const unbind = bindTaskStore(engine, 250);
    const r = engine.assign({ robotId: R, templateId: 'go-to-place', target: { kind: 'pose', x: 5, y: 0, yaw: 0, frame: 'map' } });
    if (!r.ok) throw new Error(r.error);
    const goal = (link.published('/move_base/goal')[0] as { goal_id: { id: string } }).goal_id.id;
    sets = 0;
    // 100 feedback messages over one second.
    for (let i = 0; i < 100; i++) {
      link.emit('/move_base/feedback', feedbackMsg(goal, i * 0.05, 0));
      vi.advanceTimersByTime(10);
    }
    vi.advanceTimersByTime(300);
    expect(sets).toBeGreaterThanOrEqual(3);
    expect(sets).toBeLessThanOrEqual(6);
    const shown = useTaskStore.getState().tasks.find((t) => t.id === r.value.id)!;
    expect(shown.progress.distance).toBeCloseTo(5 - 99 * 0.05);
    expect(useTaskStore.getState().ready).toBe(true);
    unbind();
    off();
    engine.dispose();
  });
});
