import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConsoleDb } from '../../../src/storage/db';
import { createTaskRepo } from '../../../src/features/tasks/taskRepo';
import { TaskEngine } from '../../../src/features/tasks/taskEngine';
import type { TaskTarget } from '../../../src/features/tasks/taskModel';
import { FakeLink } from '../../support/fakeLink';
import { resultMsg, statusMsg } from '../../support/rosMessages';

const R = 'ws://a:9090';
let n = 0;
const place = (name: string): TaskTarget => ({ kind: 'place', placeKey: name.toLowerCase(), name, x: 1, y: 2, yaw: 0, frame: 'map' });
const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(dbName = `test-pause-${++n}-${Date.now()}`) {
  const link = new FakeLink(R);
  const engine = new TaskEngine({ repo: createTaskRepo(new ConsoleDb(dbName)), getLink: (id) => (id === R ? link : undefined) });
  return { engine, link, dbName };
}
const goalIds = (link: FakeLink) => (link.published('/move_base/goal') as { goal_id: { id: string } }[]).map((g) => g.goal_id.id);

describe('e-stop on the task engine: cancel the goal, pause the queue', () => {
  it('cancels the active goal on the robot, ends canceled, and dispatches nothing until resumed', async () => {
    const { engine, link } = setup();
    await engine.start();
    const a = engine.assign({ robotId: R, templateId: 'go-to-place', target: place('A') });
    const b = engine.assign({ robotId: R, templateId: 'go-to-place', target: place('B') });
    if (!a.ok || !b.ok) throw new Error('assign failed');
    const g1 = goalIds(link)[0];
    link.emit('/move_base/status', statusMsg([{ id: g1, status: 1 }]));
    expect(engine.cancelOnRobot(R, 'e-stop by Ana')).toEqual([a.value.id]);
    engine.pauseQueue(R, 'Ana', 'e-stop by Ana');
    expect((link.published('/move_base/cancel') as { id: string }[]).map((c) => c.id)).toEqual([g1]);
    link.emit('/move_base/result', resultMsg(g1, 2, 'canceled'));
    expect(engine.task(a.value.id)!.state).toBe('canceled');
    await tick();
    expect(engine.task(b.value.id)!.state).toBe('queued');
    expect(goalIds(link)).toHaveLength(1);
    // Not even "Send next" while paused.
    expect(engine.dispatchNext(R).ok).toBe(false);
    expect(engine.queuePause(R)).toMatchObject({ by: 'Ana' });
    expect(engine.resumeQueue(R)).toBe(true);
    expect(engine.task(b.value.id)!.state).toBe('dispatched');
    expect(engine.resumeQueue(R)).toBe(false);
  });

  it('a paused queue stays paused across a reload', async () => {
    const first = setup();
    await first.engine.start();
    first.engine.pauseQueue(R, 'Ana', 'e-stop');
    await first.engine.flush();
    await tick();
    first.engine.dispose();
    const again = setup(first.dbName);
    await again.engine.start();
    expect(again.engine.queuePause(R)).toMatchObject({ by: 'Ana', reason: 'e-stop' });
    const t = again.engine.assign({ robotId: R, templateId: 'go-to-place', target: place('C') });
    expect(t.ok && again.engine.task(t.value.id)!.state).toBe('queued');
  });
});
