import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConsoleDb } from '../../../src/storage/db';
import { createTaskRepo } from '../../../src/features/tasks/taskRepo';
import { createTask, transition, type Task } from '../../../src/features/tasks/taskModel';
import { DEFAULT_TEMPLATES } from '../../../src/features/tasks/templates';

let n = 0;
const freshDb = () => new ConsoleDb(`test-repo-${++n}-${Date.now()}`);

const mk = (robotId = 'ws://a:9090', order = 1): Task =>
  createTask({
    robotId,
    templateId: 'go-to-place',
    target: { kind: 'place', placeKey: 'ws2', name: 'Workstation 2', x: 1, y: 2, yaw: 0.5, frame: 'map' },
    params: { speed: 0.5 },
    assignedBy: 'op',
    order,
    at: 1000 + order,
  });

describe('task repository (IndexedDB via Dexie)', () => {
  it('round-trips tasks with history, and filters open ones', async () => {
    const db = freshDb();
    const repo = createTaskRepo(db);
    const a = mk('ws://a:9090', 1);
    let b = mk('ws://a:9090', 2);
    for (const s of ['dispatched', 'active', 'failed'] as const) {
      const r = transition(b, s, s === 'failed' ? 'path blocked by hazard zone' : undefined, 2000);
      if (r.ok) b = r.task;
    }
    const c = mk('ws://b:9090', 1);
    await repo.saveTasks([a, b, c]);
    const again = createTaskRepo(new ConsoleDb(db.name));
    const all = await again.loadTasks();
    expect(all).toHaveLength(3);
    expect(all.find((t) => t.id === b.id)).toEqual(b);
    expect((await again.loadTasks({ openOnly: true })).map((t) => t.id).sort()).toEqual([a.id, c.id].sort());
    expect((await again.loadTasks({ robotId: 'ws://b:9090' })).map((t) => t.id)).toEqual([c.id]);
  });

  it('a failed write leaves what was saved untouched', async () => {
    const db = freshDb();
    const repo = createTaskRepo(db);
    const a = mk();
    await repo.saveTasks([a]);
    const good = mk('ws://a:9090', 2);
    // A row without its key fails inside the transaction: the batch is rolled back as a whole.
    const bad = { ...mk('ws://a:9090', 3), id: undefined as unknown as string };
    const changedA = { ...a, state: 'canceled' as const };
    await expect(repo.saveTasks([changedA, good, bad])).rejects.toThrow();
    const all = await repo.loadTasks();
    expect(all).toEqual([a]);
  });

  it('stores templates and settings', async () => {
    const repo = createTaskRepo(freshDb());
    await repo.saveTemplate({ ...DEFAULT_TEMPLATES[0], id: 'mine', name: 'Mine' });
    expect(await repo.loadTemplates()).toMatchObject([{ id: 'mine', name: 'Mine' }]);
    await repo.setSetting('tasks.autoDispatch', { r: false });
    expect(await repo.getSetting('tasks.autoDispatch')).toEqual({ r: false });
    await repo.deleteTemplate('mine');
    expect(await repo.loadTemplates()).toEqual([]);
  });
});
