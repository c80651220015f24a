import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleDb } from '../../../src/storage/db';
import { createTaskRepo } from '../../../src/features/tasks/taskRepo';
import { createTask, transition, type Task } from '../../../src/features/tasks/taskModel';
import { setSyncTarget } from '../../../src/sync';
import { taskSchema, pushRecordSchema, type SyncedTask } from '../../../src/contracts';

let n = 0;
const freshDb = () => new ConsoleDb(`test-tasksync-${++n}-${Date.now()}`);
const mk = (): Task =>
  createTask({
    robotId: 'ws://a:9090',
    templateId: 'go-to-place',
    target: { kind: 'place', placeKey: 'ws2', name: 'Workstation 2', x: 1, y: 2, yaw: 0.5, frame: 'map' },
    params: { speed: 0.5 },
    assignedBy: 'op',
    order: 1,
    at: 1000,
  });
const move = (t: Task, ...states: Task['state'][]): Task =>
  states.reduce((cur, s) => {
    const r = transition(cur, s, undefined, 2000);
    if (!r.ok) throw new Error(r.error);
    return r.task;
  }, t);

afterEach(() => setSyncTarget(undefined));

describe('tasks and the site hub', () => {
  it('queues nothing without a hub', async () => {
    const db = freshDb();
    await createTaskRepo(db).saveTasks([mk()]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('queues the new task, then one change per state move on the version the hub will have', async () => {
    const db = freshDb();
    let kicks = 0;
    setSyncTarget({ site: 'plant-1', consoleId: 'c1', kick: () => kicks++ });
    const repo = createTaskRepo(db);
    const t = mk();
    await repo.saveTasks([t]);
    await repo.saveTasks([{ ...move(t, 'dispatched', 'active'), goalId: 'g1' }]);
    const rows = await db.outbox.orderBy('seq').toArray();
    expect(rows.map((r) => r.kind)).toEqual(['task', 'taskChange', 'taskChange']);
    for (const r of rows) expect(pushRecordSchema.safeParse({ kind: r.kind, record: r.record }).success).toBe(true);
    const changes = rows.slice(1).map((r) => r.record as { baseVersion: number; to: string; goalId?: string });
    expect(changes.map((c) => [c.baseVersion, c.to])).toEqual([
      [1, 'dispatched'],
      [2, 'active'],
    ]);
    expect(changes[0]!.goalId).toBe('g1');
    expect(((await db.tasks.get(t.id)) as { syncVersion?: number }).syncVersion).toBe(3);
    expect(kicks).toBe(2);
  });

  it("takes the hub's copy only when nothing of the task is queued here, unless forced", async () => {
    const db = freshDb();
    setSyncTarget({ site: 'plant-1', consoleId: 'c1', kick: () => {} });
    const repo = createTaskRepo(db);
    const t = mk();
    await repo.saveTasks([t]);
    const hub: SyncedTask = taskSchema.parse({ ...move(t, 'canceled'), site: 'plant-1', version: 2 });
    expect(await repo.applyFromHub([hub])).toHaveLength(0);
    expect((await db.tasks.get(t.id))?.state).toBe('queued');
    const forced = await repo.applyFromHub([hub], true);
    expect(forced.map((x) => [x.task.state, x.foreign])).toEqual([['canceled', false]]);
    expect(await db.outbox.count()).toBe(0);
    const other: SyncedTask = { ...hub, id: 'task-from-elsewhere', version: 1, state: 'queued' };
    expect((await repo.applyFromHub([other])).map((x) => x.foreign)).toEqual([true]);
  });
});
