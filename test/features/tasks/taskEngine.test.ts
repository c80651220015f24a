import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConsoleDb } from '../../../src/storage/db';
import { createTaskRepo, type TaskRepo } from '../../../src/features/tasks/taskRepo';
import { TaskEngine } from '../../../src/features/tasks/taskEngine';
import type { TaskTarget } from '../../../src/features/tasks/taskModel';
import { FakeLink } from '../../support/fakeLink';
import { feedbackMsg, resultMsg, statusMsg } from '../../support/rosMessages';

let n = 0;
const R = 'ws://a:9090';
const place = (name: string, x = 1, y = 2): TaskTarget => ({
  kind: 'place',
  placeKey: name.toLowerCase(),
  name,
  x,
  y,
  yaw: 0,
  frame: 'map',
});
const tick = () => new Promise((r) => setTimeout(r, 0));

function setup(opts: { repo?: TaskRepo; link?: FakeLink; dbName?: string } = {}) {
  const dbName = opts.dbName ?? `test-engine-${++n}-${Date.now()}`;
  const repo = opts.repo ?? createTaskRepo(new ConsoleDb(dbName));
  const link = opts.link ?? new FakeLink(R);
  const links = new Map([[R, link]]);
  const engine = new TaskEngine({ repo, getLink: (id) => links.get(id), reconcileMs: 2000, progressSaveMs: 0 });
  return { engine, link, repo, dbName };
}

const goals = (link: FakeLink) => link.published('/move_base/goal') as { goal_id: { id: string } }[];

afterEach(() => vi.useRealTimers());

describe('task engine', () => {
  it('dispatches the first task at once and the next when the previous ends', async () => {
    const { engine, link } = setup();
    await engine.start();
    const a = engine.assign({ robotId: R, templateId: 'go-to-place', target: place('Workstation 2') });
    const b = engine.assign({ robotId: R, templateId: 'go-to-place', target: place('Dock', 0, 0) });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(engine.task(a.value.id)!.state).toBe('dispatched');
    expect(engine.task(b.value.id)!.state).toBe('queued');
    const g1 = goals(link)[0].goal_id.id;
    expect(g1).toMatch(/^console-a_9090-/);
    link.emit('/move_base/status', statusMsg([{ id: g1, status: 1 }]));
    expect(engine.task(a.value.id)!.state).toBe('active');
    link.emit('/move_base/feedback', feedbackMsg(g1, 1, 1));
    expect(engine.task(a.value.id)!.progress.distance).toBeCloseTo(1);
    link.emit('/move_base/result', resultMsg(g1, 3, 'reached'));
    expect(engine.task(a.value.id)!.state).toBe('succeeded');
    await tick();
    expect(engine.task(b.value.id)!.state).toBe('dispatched');
    expect(goals(link)).toHaveLength(2);
  });

  it('keeps tasks queued while auto-dispatch is off; reorders by keyboard and by drag', async () => {
    const { engine, link } = setup();
    await engine.start();
    engine.setAutoDispatch(R, false);
    const ids = ['A', 'B', 'C'].map((nm) => {
      const r = engine.assign({ robotId: R, templateId: 'go-to-place', target: place(nm) });
      if (!r.ok) throw new Error(r.error);
      return r.value.id;
    });
    expect(goals(link)).toHaveLength(0);
    const names = () => engine.queue(R).map((t) => (t.target.kind === 'place' ? t.target.name : ''));
    expect(names()).toEqual(['A', 'B', 'C']);
    expect(engine.move(ids[2], -1).ok).toBe(true);
    expect(names()).toEqual(['A', 'C', 'B']);
    expect(engine.move(ids[0], -1).ok).toBe(false);
    engine.reorder(R, [ids[1], ids[0]]);
    expect(names()).toEqual(['B', 'A', 'C']);
    expect(engine.dispatchNext(R).ok).toBe(true);
    expect(engine.queue(R)[0].state).toBe('dispatched');
    expect(names()[0]).toBe('B');
    expect(engine.move(ids[1], 1).ok).toBe(false); // dispatched ones stay put
  });

  it('refuses bad input with clear messages and changes nothing', async () => {
    const { engine } = setup();
    await engine.start();
    const nan = engine.assign({ robotId: R, templateId: 'go-to-place', target: { kind: 'pose', x: NaN, y: 0, yaw: 0, frame: 'map' } });
    expect(nan).toEqual({ ok: false, error: 'Cannot assign "Go to place": target x is not a finite number (NaN).' });
    expect(engine.assign({ robotId: R, templateId: 'nope', target: place('X') })).toMatchObject({ ok: false });
    expect(engine.assign({ robotId: R, templateId: 'go-to-place' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/needs a target/),
    });
    const bad = await engine.saveTemplate({
      id: 'x',
      name: 'Broken',
      adapter: 'actionlib',
      target: 'place',
      actionType: 'move_base_msgs/MoveBase',
      message: {},
    });
    expect(bad).toEqual({ ok: false, error: 'Template "Broken": field "action" is missing' });
    expect(engine.allTasks()).toEqual([]);
  });

  it('cancel: queued at once; active only when the robot confirms (PREEMPTED)', async () => {
    const { engine, link } = setup();
    await engine.start();
    const a = engine.assign({ robotId: R, templateId: 'go-to-place', target: place('A') });
    const b = engine.assign({ robotId: R, templateId: 'go-to-place', target: place('B') });
    if (!a.ok || !b.ok) throw new Error();
    engine.cancel(b.value.id);
    expect(engine.task(b.value.id)!.state).toBe('canceled');
    engine.cancel(a.value.id);
    const g = goals(link)[0].goal_id.id;
    expect(link.published('/move_base/cancel')).toEqual([{ id: g, stamp: { secs: 0, nsecs: 0 } }]);
    expect(engine.task(a.value.id)!.cancelRequested).toBe(true);
    expect(engine.task(a.value.id)!.state).toBe('dispatched');
    link.emit('/move_base/result', resultMsg(g, 2, 'canceled'));
    expect(engine.task(a.value.id)!.state).toBe('canceled');
    const retry = engine.retry(a.value.id);
    expect(retry.ok && retry.value.retryOf).toBe(a.value.id);
  });

  it('link lost mid-task -> unknown; after reconnect the robot’s /status decides, or it fails with a reason', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const { engine, link } = setup();
    await engine.start();
    const a = engine.assign({ robotId: R, templateId: 'go-to-place', target: place('A') });
    if (!a.ok) throw new Error();
    const g = goals(link)[0].goal_id.id;
    link.emit('/move_base/status', statusMsg([{ id: g, status: 1 }]));
    link.setState('reconnecting', 'connection closed (1006)');
    expect(engine.task(a.value.id)).toMatchObject({ state: 'unknown', stateReason: 'console: link lost: connection closed (1006)' });
    link.setState('connected');
    link.emit('/move_base/status', statusMsg([{ id: g, status: 1 }]));
    expect(engine.task(a.value.id)!.state).toBe('active');
    // Lost again, and this time the goal is gone from the robot.
    link.setState('reconnecting', 'timeout');
    link.setState('connected');
    link.emit('/move_base/status', statusMsg([]));
    vi.advanceTimersByTime(2600);
    expect(engine.task(a.value.id)!.state).toBe('failed');
    expect(engine.task(a.value.id)!.stateReason).toMatch(/no longer lists this goal/);
    expect(engine.task(a.value.id)!.history.map((h) => h.state)).toEqual([
      'queued',
      'dispatched',
      'active',
      'unknown',
      'active',
      'unknown',
      'failed',
    ]);
  });

  it('a status for an unknown goal id is ignored and noted', async () => {
    const { engine, link } = setup();
    await engine.start();
    engine.assign({ robotId: R, templateId: 'go-to-place', target: place('A') });
    link.emit('/move_base/status', statusMsg([{ id: 'not-ours', status: 3 }]));
    expect(engine.recentNotes().at(-1)!.text).toMatch(/not-ours/);
    expect(engine.allTasks()[0].state).toBe('dispatched');
  });

  it('survives a reload: tasks come back, held goals as unknown until reconciled', async () => {
    const first = setup();
    await first.engine.start();
    const a = first.engine.assign({ robotId: R, templateId: 'go-to-place', target: place('A') });
    const b = first.engine.assign({ robotId: R, templateId: 'go-to-place', target: place('B') });
    if (!a.ok || !b.ok) throw new Error();
    const g = goals(first.link)[0].goal_id.id;
    first.link.emit('/move_base/status', statusMsg([{ id: g, status: 1 }]));
    await first.engine.flush();
    first.engine.dispose();

    const link2 = new FakeLink(R, { state: 'connecting' });
    const second = setup({ dbName: first.dbName, link: link2 });
    await second.engine.start();
    expect(second.engine.task(a.value.id)).toMatchObject({ state: 'unknown', goalId: g });
    expect(second.engine.task(b.value.id)!.state).toBe('queued');
    link2.setState('connected');
    link2.emit('/move_base/status', statusMsg([{ id: g, status: 1 }]));
    expect(second.engine.task(a.value.id)!.state).toBe('active');
    link2.emit('/move_base/result', resultMsg(g, 4, 'path blocked by hazard zone'));
    expect(second.engine.task(a.value.id)).toMatchObject({ state: 'failed', stateReason: 'path blocked by hazard zone' });
    await tick();
    expect(second.engine.task(b.value.id)!.state).toBe('dispatched');
    await second.engine.flush();
    const third = setup({ dbName: first.dbName, link: new FakeLink(R, { state: 'connecting' }) });
    await third.engine.start();
    expect(third.engine.task(a.value.id)!.history.map((h) => h.state)).toEqual([
      'queued',
      'dispatched',
      'active',
      'unknown',
      'active',
      'failed',
    ]);
  });

  it('a failing store keeps changes in memory, reports it, and saves them once it works again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const real = createTaskRepo(new ConsoleDb(`test-engine-fail-${++n}`));
    let failing = true;
    const repo: TaskRepo = {
      ...real,
      saveTasks: (ts) => (failing ? Promise.reject(new Error('QuotaExceededError: disk full')) : real.saveTasks(ts)),
    };
    const { engine } = setup({ repo });
    await engine.start();
    const a = engine.assign({ robotId: R, templateId: 'go-to-place', target: place('A') });
    if (!a.ok) throw new Error();
    await engine.flush();
    expect(engine.storageError).toMatch(/disk full/);
    expect(engine.task(a.value.id)).toBeTruthy();
    failing = false;
    await vi.advanceTimersByTimeAsync(3100);
    await engine.flush();
    expect(engine.storageError).toBeUndefined();
    expect((await real.loadTasks()).map((t) => t.id)).toEqual([a.value.id]);
  });
});
