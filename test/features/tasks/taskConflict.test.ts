// Two consoles' task repositories against a hub on PGlite: a task made on one reaches the other as another
// console's; one cancels while the other dispatches it, the hub keeps the first, and the loser takes the
// hub's task as it is (its own change leaves its outbox).
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../../hub/src/db/pgliteDriver';
import { migrate } from '../../../hub/src/db/migrate';
import { taskSchema, type FeedEntry, type SyncedTask } from '../../../src/contracts';
import { createTaskRepo, type TaskRepo } from '../../../src/features/tasks/taskRepo';
import { createTask, transition, type Task } from '../../../src/features/tasks/taskModel';
import { setSyncTarget, type Rejection } from '../../../src/sync';
import { settle, simConsole, until, type SimConsole } from '../../hub/support/consoles';
import { SITE, startTestHub, type TestHub } from '../../hub/support/testHub';

const hubTasks = (entries: FeedEntry[]): SyncedTask[] => entries.filter((e) => e.entity === 'task').map((e) => taskSchema.parse(e.body));

async function taskConsole(url: string, role: string): Promise<{ c: SimConsole; repo: () => TaskRepo }> {
  const holder: { repo?: TaskRepo; c?: SimConsole } = {};
  const repo = () => holder.repo!;
  const c = await simConsole(url, role, {
    apply: async (entries) => {
      await until(() => !!holder.repo);
      await repo().applyFromHub(hubTasks(entries));
    },
    // Replaces simConsole's own handler: keep its record of refusals too.
    onRejected: (r: Rejection) => {
      holder.c?.rejections.push(r);
      const cur = taskSchema.safeParse(r.current);
      if (cur.success) void repo().applyFromHub([cur.data], true);
    },
  });
  holder.c = c;
  holder.repo = createTaskRepo(c.db);
  return { c, repo };
}

const move = (t: Task, to: Task['state'], at: number): Task => {
  const r = transition(t, to, undefined, at);
  if (!r.ok) throw new Error(r.error);
  return r.task;
};

describe('tasks on two consoles through the hub', () => {
  let t: TestHub;
  const all: SimConsole[] = [];
  beforeAll(async () => {
    const db = await openPglite();
    await migrate(db);
    t = await startTestHub(db);
  }, 240_000);
  afterAll(async () => {
    setSyncTarget(undefined);
    all.forEach((c) => c.close());
    await t?.close();
  }, 30_000);

  it('one of a cancel and a dispatch wins; the other console is told and takes the hub’s task', async () => {
    const a = await taskConsole(t.url, 'operator');
    const b = await taskConsole(t.url, 'lead');
    all.push(a.c, b.c);
    setSyncTarget({ site: SITE, consoleId: 'test', kick: () => [a, b].forEach((x) => x.c.client.kick()) });
    const task = createTask({
      robotId: 'ws://r1:9090',
      templateId: 'go-to-place',
      target: { kind: 'pose', x: 1, y: 2, yaw: 0, frame: 'map' },
      params: {},
      assignedBy: 'ana',
      order: 1,
      at: 1000,
    });
    await a.repo().saveTasks([task]);
    await settle([a.c, b.c]);
    await until(async () => (await b.c.db.tasks.get(task.id)) !== undefined);
    const onB = (await b.repo().loadTasks()).find((x) => x.id === task.id)!;
    expect((onB as { syncForeign?: boolean }).syncForeign).toBe(true);

    b.c.client.pause();
    await b.repo().saveTasks([move(onB, 'dispatched', 3000)]);
    await a.repo().saveTasks([move(task, 'canceled', 3050)]);
    await settle([a.c]);
    b.c.client.resume();
    await settle([a.c, b.c]);
    expect(a.c.rejections).toEqual([]);
    expect(b.c.rejections.map((r) => [r.item.kind, r.status])).toEqual([['taskChange', 'conflict']]);
    await until(async () => (await b.c.db.tasks.get(task.id))?.state === 'canceled');
    const row = (await b.c.db.tasks.get(task.id)) as { syncVersion?: number };
    expect(row.syncVersion).toBe(2);
    expect(await b.c.db.outbox.count()).toBe(0);
    expect((await a.c.db.tasks.get(task.id))?.state).toBe('canceled');
  }, 60_000);
});
