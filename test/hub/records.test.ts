// Records on the hub: idempotent pushes, version-checked task changes, append-only audit, incident edit
// history, mode spans, pull by cursor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFeed } from '../../hub/src/records/feed';
import { backends } from './support/backends';
import { auditRecord, incidentRecord, modeRecord, taskChange, taskRecord } from './support/records';
import { SITE, startTestHub, type TestHub } from './support/testHub';

describe.each(backends())('hub records on $name', (backend) => {
  let t: TestHub;
  let op: string;
  let lead: string;
  const push = async (token: string, records: unknown[], consoleId = 'console-a') => {
    const r = await t.call('POST', '/api/push', { token, body: { consoleId, records } });
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
    return r.body as { results: { status: string; code: number; seq?: number; current?: any; message?: string }[]; head: number };
  };

  beforeAll(async () => {
    t = await startTestHub(await backend.fresh());
    op = await t.login('operator');
    lead = await t.login('lead');
  }, 60_000);
  afterAll(() => t?.close(), 30_000);

  it('stores a batch pushed twice once, and answers the retry "duplicate"', async () => {
    const task = taskRecord();
    const batch = [task, taskChange(task.record.id, 1, 'dispatched'), auditRecord(), modeRecord('r-dup', 0, null)];
    const first = await push(op, batch);
    expect(first.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    const again = await push(op, batch);
    expect(again.results.map((r) => r.status)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(again.head).toBe(first.head);
    const feed = await readFeed(t.db, SITE, 0, 1000);
    expect(feed.filter((e) => e.id === task.record.id)).toHaveLength(2); // created, dispatched
    const stored = await t.call('GET', `/api/tasks/${task.record.id}`, { token: op });
    expect(stored.body.task).toMatchObject({ state: 'dispatched', version: 2 });
  });

  it('lets one of two consoles changing the same task win; the other gets 409 with the current task', async () => {
    const task = taskRecord();
    await push(op, [task]);
    const change = (to: 'canceled' | 'dispatched', consoleId: string) =>
      t.call('POST', `/api/tasks/${task.record.id}/changes`, {
        token: consoleId === 'a' ? op : lead,
        body: { consoleId, change: taskChange(task.record.id, 1, to).record },
      });
    const [a, b] = await Promise.all([change('canceled', 'a'), change('dispatched', 'b')]);
    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = a.status === 409 ? a : b;
    const winner = a.status === 200 ? a : b;
    expect(loser.body.error).toBe('conflict');
    expect(loser.body.message).toMatch(/changed by someone else/);
    expect(loser.body.current).toMatchObject({ id: task.record.id, version: 2, state: winner.body.task.state });
    const stored = await t.call('GET', `/api/tasks/${task.record.id}`, { token: op });
    expect(stored.body.task.history.map((h: { state: string }) => h.state)).toEqual(['queued', winner.body.task.state]);
  });

  it('refuses an illegal move and the later changes of that task in the same batch', async () => {
    const task = taskRecord();
    await push(op, [task, taskChange(task.record.id, 1, 'canceled')]);
    const r = await push(op, [taskChange(task.record.id, 2, 'active'), taskChange(task.record.id, 3, 'succeeded')]);
    expect(r.results[0]).toMatchObject({ status: 'conflict', code: 409 });
    expect(r.results[0]!.message).toMatch(/cannot go from canceled to active/);
    expect(r.results[0]!.current).toMatchObject({ state: 'canceled', version: 2 });
    expect(r.results[1]).toMatchObject({ status: 'conflict' });
    expect(r.results[1]!.message).toMatch(/earlier change/);
    const missing = await push(op, [taskChange('task-nope', 1, 'canceled')]);
    expect(missing.results[0]).toMatchObject({ status: 'notFound', code: 404 });
  });

  it('applies progress last-writer-wins without moving the version', async () => {
    const task = taskRecord();
    await push(op, [task]);
    const progress = (at: number, distance: number) => ({
      kind: 'taskProgress',
      record: { site: SITE, id: `p-${at}-${Math.random()}`, taskId: task.record.id, progress: { at, distance } },
    });
    await push(op, [progress(20, 3), progress(10, 9)]);
    const stored = (await t.call('GET', `/api/tasks/${task.record.id}`, { token: op })).body.task;
    expect(stored.progress).toEqual({ at: 20, distance: 3 });
    expect(stored.version).toBe(1);
  });

  it('keeps the audit append-only: the same id with other content is refused, and the table refuses UPDATE/DELETE', async () => {
    const a = auditRecord({ kind: 'control', data: { holder: 'operator' } });
    await push(op, [a]);
    const other = { ...a, record: { ...a.record, kind: 'estop' as const } };
    const r = await push(lead, [other], 'console-b');
    expect(r.results[0]).toMatchObject({ status: 'conflict', code: 409 });
    expect(r.results[0]!.message).toMatch(/append-only/);
    // The same event seen by a second console (same id, same content) is stored once.
    expect((await push(lead, [a], 'console-b')).results[0]!.status).toBe('duplicate');
    await expect(t.db.query("update audit set person = 'someone else' where id = $1", [a.record.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query('delete from audit where id = $1', [a.record.id])).rejects.toThrow(/append-only/);
    const row = await t.db.query<{ kind: string; by_user: string }>('select kind, by_user from audit where id = $1', [a.record.id]);
    expect(row.rows).toEqual([{ kind: 'control', by_user: 'operator' }]);
  });

  it('keeps both edits when an incident is edited on two consoles at once', async () => {
    const inc = incidentRecord();
    await push(op, [inc]);
    const edit = (id: string, set: Record<string, unknown>) => ({
      kind: 'incidentEdit',
      record: { site: SITE, id, incidentId: inc.record.id, at: 8000, set },
    });
    await Promise.all([
      push(op, [edit('e-a', { note: 'slipped on oil', tags: ['floor'] })], 'console-a'),
      push(lead, [edit('e-b', { severity: 'major', note: 'oil leak at cell 3' })], 'console-b'),
    ]);
    const got = (await t.call('GET', `/api/incidents/${inc.record.id}`, { token: op })).body;
    expect(got.history.map((h: { id: string }) => h.id).sort()).toEqual(['e-a', 'e-b']);
    expect(got.history.map((h: { by: string }) => h.by).sort()).toEqual(['lead', 'operator']);
    const lastNote = got.history.at(-1).set.note;
    expect(got.incident).toMatchObject({ version: 3, severity: 'major', tags: ['floor'], note: lastNote });
  });

  it('closes a mode span once and refuses anything else under its id', async () => {
    const open = modeRecord('r-mode', 100, null, 'teleop', 'span-1');
    await push(op, [open]);
    expect((await push(op, [modeRecord('r-mode', 100, 500, 'teleop', 'span-1')])).results[0]!.status).toBe('applied');
    expect((await push(op, [modeRecord('r-mode', 100, 500, 'teleop', 'span-1b')])).results[0]!.status).toBe('applied');
    const again = await push(op, [modeRecord('r-mode', 100, 900, 'teleop', 'span-1')]);
    expect(again.results[0]).toMatchObject({ status: 'conflict' });
    expect(again.results[0]!.message).toMatch(/already ended at 500/);
    expect((await push(op, [modeRecord('r-mode', 100, null, 'idle', 'span-1')])).results[0]!.status).toBe('conflict');
    const rows = await t.db.query<{ end_at: number }>("select end_at from mode_spans where id = 'span-1'");
    expect(rows.rows).toEqual([{ end_at: 500 }]);
  });

  it('pages the feed by cursor and says how much is left', async () => {
    const records = Array.from({ length: 25 }, (_, i) => auditRecord({ id: `page-${i}`, at: 10_000 + i }));
    await push(op, records);
    const all = await t.call('GET', '/api/pull?after=0&limit=1000', { token: op });
    const start = all.body.entries.findIndex((e: { id: string }) => e.id === 'page-0');
    const after = all.body.entries[start - 1]?.seq ?? 0;
    const page = await t.call('GET', `/api/pull?after=${after}&limit=10`, { token: op });
    expect(page.body.entries.map((e: { id: string }) => e.id)).toEqual(Array.from({ length: 10 }, (_, i) => `page-${i}`));
    expect(page.body.remaining).toBeGreaterThanOrEqual(15);
    expect(page.body.cursor).toBe(page.body.entries[9].seq);
    const rest = await t.call('GET', `/api/pull?after=${page.body.cursor}&limit=1000`, { token: op });
    expect(rest.body.remaining).toBe(0);
    expect(rest.body.entries[0].id).toBe('page-10');
    expect(rest.body.cursor).toBe(rest.body.head);
    expect((await t.call('GET', '/api/pull?after=-1', { token: op })).status).toBe(400);
    expect(rest.body.entries.every((e: { by: string; consoleId: string }) => e.by === 'operator' && e.consoleId === 'console-a')).toBe(
      true,
    );
  });

  it('hands out raw records of a window for the site-wide figures', async () => {
    await push(op, [modeRecord('r-fig', 50_000, 60_000), auditRecord({ id: 'fig-1', at: 55_000, robotId: 'r-fig', kind: 'estop' })]);
    const w = await t.call('GET', '/api/records-window?from=50000&to=70000', { token: op });
    expect(w.body.modes).toContainEqual({ robotId: 'r-fig', mode: 'autonomous', start: 50_000, end: 60_000 });
    expect(w.body.audit).toContainEqual({ robotId: 'r-fig', at: 55_000, kind: 'estop', data: {} });
  });
});
