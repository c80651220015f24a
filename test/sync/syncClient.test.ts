// The sync client against a hub on PGlite: what it does with refusals, sessions and an unreachable hub.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../hub/src/db/pgliteDriver';
import { migrate } from '../../hub/src/db/migrate';
import { ConsoleDb } from '../../src/storage/db';
import { SyncClient, backoffDelay, dexieOutbox, dexieSyncState } from '../../src/sync';
import { manualClock, settle, simConsole, until, type SimConsole } from '../hub/support/consoles';
import { freePort } from '../hub/support/pgServer';
import { auditRecord, incidentRecord, taskChange, taskRecord } from '../hub/support/records';
import { NodeWebSocket, PASSWORD, SITE, startTestHub, type TestHub } from '../hub/support/testHub';

describe('sync client', () => {
  let t: TestHub;
  const consoles: SimConsole[] = [];
  beforeAll(async () => {
    const db = await openPglite();
    await migrate(db);
    t = await startTestHub(db, { session: { idleMs: 12 * 3_600_000, maxMs: 24 * 3_600_000 } });
  }, 60_000);
  afterAll(async () => {
    consoles.forEach((c) => c.close());
    await t?.close();
  }, 30_000);

  it('sets aside a record the hub cannot read and still pushes the ones around it', async () => {
    const c = await simConsole(t.url, 'operator', { batchSize: 8 });
    consoles.push(c);
    const bad = auditRecord({ id: 'bad-one' });
    (bad.record as Record<string, unknown>).kind = 'teleport';
    const records = [
      ...Array.from({ length: 5 }, (_, i) => auditRecord({ id: `ok-${i}` })),
      bad,
      ...Array.from({ length: 5 }, (_, i) => auditRecord({ id: `ok-${i + 5}` })),
    ];
    await c.enqueue(records);
    await settle([c]);
    expect(c.rejections.map((r) => [r.item.recordId, r.status])).toEqual([['bad-one', 'invalid']]);
    expect(c.rejections[0]!.message).toMatch(/record\.kind/);
    const stored = await t.db.query<{ id: string }>("select id from audit where id like 'ok-%' order by id");
    expect(stored.rows).toHaveLength(10);
  });

  it('tells the console which change lost, with the current task, and drops the changes made after it', async () => {
    const a = await simConsole(t.url, 'operator', { name: 'conf-a' });
    const b = await simConsole(t.url, 'lead', { name: 'conf-b' });
    consoles.push(a, b);
    const task = taskRecord('task-contested');
    await a.enqueue([task]);
    await settle([a, b]);
    b.client.pause();
    await b.enqueue([taskChange(task.record.id, 1, 'dispatched', 3000, 'b-1'), taskChange(task.record.id, 2, 'active', 3100, 'b-2')]);
    await a.enqueue([taskChange(task.record.id, 1, 'canceled', 3050, 'a-1')]);
    await settle([a]);
    b.client.resume();
    await settle([a, b]);
    expect(a.rejections).toEqual([]);
    expect(b.rejections.map((r) => [r.item.recordId, r.status])).toEqual([
      ['b-1', 'conflict'],
      ['b-2', 'conflict'],
    ]);
    expect(b.rejections[0]!.current).toMatchObject({ id: task.record.id, state: 'canceled', version: 2 });
    expect(b.local.get('task')!.get(task.record.id)).toMatchObject({ state: 'canceled', version: 2 });
  });

  it('signs out when the session is refused, keeps the outbox, and resumes after signing in again', async () => {
    const c = await simConsole(t.url, 'operator', { name: 'expiring' });
    consoles.push(c);
    await settle([c]);
    await t.db.query("delete from sessions where username = 'operator'");
    await c.enqueue([auditRecord({ id: 'while-signed-out' })]);
    await until(() => c.client.status().state === 'signedOut', 5000, 'signed out');
    expect(c.client.status().lastError).toMatch(/sign in again/);
    expect(c.client.status().pending).toBe(1);
    expect(await c.db.syncState.get('hub.session')).toBeUndefined();
    await c.client.signIn('operator', PASSWORD);
    await settle([c]);
    expect((await t.db.query("select id from audit where id = 'while-signed-out'")).rows).toHaveLength(1);
  });

  it('renews its session before it expires', async () => {
    const clock = manualClock(Date.now());
    const c = await simConsole(t.url, 'lead', { clock, name: 'renewing' });
    consoles.push(c);
    const first = c.client.status().sessionExpiresAt!;
    await new Promise((r) => setTimeout(r, 20));
    clock.advance(6 * 3_600_000 + 1000);
    await until(() => (c.client.status().sessionExpiresAt ?? 0) > first, 5000, 'renewal');
    expect((await c.db.syncState.get('hub.session'))!.value).toMatchObject({ expiresAt: c.client.status().sessionExpiresAt });
  });

  it('says it is offline when the hub cannot be reached and keeps every record', async () => {
    const db = new ConsoleDb(`offline-${Date.now()}`);
    const port = await freePort();
    const statuses: string[] = [];
    const client = new SyncClient({
      hubUrl: `http://127.0.0.1:${port}`,
      consoleId: 'offline',
      outbox: dexieOutbox(db.outbox),
      state: dexieSyncState(db.syncState),
      apply: async () => {},
      onStatus: (s) => statuses.push(s.state),
      WebSocket: NodeWebSocket,
      backoff: { initialMs: 20, maxMs: 100, jitter: 0 },
    });
    await db.syncState.put({
      key: 'hub.session',
      value: {
        token: 'x'.repeat(43),
        expiresAt: Date.now() + 3_600_000,
        user: { username: 'operator', role: 'operator', site: 'plant-1', displayName: '' },
      },
    });
    await client.start();
    await client.enqueue([auditRecord({ id: 'kept' })]);
    await until(() => client.status().state === 'offline', 5000, 'offline');
    expect(client.status().lastError).toMatch(/not reachable/);
    await until(async () => ((await db.outbox.toArray())[0]?.attempts ?? 0) >= 3, 5000, 'retries');
    expect(client.status().pending).toBe(1);
    client.stop();
    db.close();
  });

  it('reloads from the start when the hub has fewer entries than it has seen (a replaced database)', async () => {
    const db = new ConsoleDb(`replaced-${Date.now()}`);
    await db.syncState.put({ key: 'hub.cursor', value: 1_000_000 });
    const got: string[] = [];
    const client = new SyncClient({
      hubUrl: t.url,
      consoleId: 'replaced',
      outbox: dexieOutbox(db.outbox),
      state: dexieSyncState(db.syncState),
      apply: async (entries) => void got.push(...entries.map((e) => e.id)),
      WebSocket: NodeWebSocket,
    });
    await client.start();
    await client.signIn('viewer', PASSWORD);
    await client.syncNow();
    await until(() => got.includes('ok-0'), 5000, 'reload');
    expect(client.status().cursor).toBeLessThan(1_000_000);
    client.stop();
    db.close();
  });

  it('uploads queued clips in order with the records around them, and sets aside one that is gone', async () => {
    const clip = new Uint8Array(300 * 1024).map((_, i) => i % 256);
    const store = new Map([['inc-blob/clip.mcap', { mime: 'application/x-mcap', data: clip }]]);
    const a = await simConsole(t.url, 'operator', { name: 'blob-a', readBlob: async (id) => store.get(id) });
    const b = await simConsole(t.url, 'viewer', { name: 'blob-b' });
    consoles.push(a, b);
    const inc = incidentRecord('inc-blob');
    await a.enqueue([
      inc,
      { kind: 'blob', record: { site: SITE, id: 'inc-blob/clip.mcap', mime: 'application/x-mcap', incidentId: 'inc-blob' } },
      { kind: 'blob', record: { site: SITE, id: 'inc-blob/screenshot.png', mime: 'image/png', incidentId: 'inc-blob' } },
      {
        kind: 'incidentEdit',
        record: {
          site: SITE,
          id: 'blob-edit',
          incidentId: 'inc-blob',
          at: 9,
          set: { clipState: 'complete', clipBlobId: 'inc-blob/clip.mcap' },
        },
      },
    ]);
    await settle([a, b]);
    expect(a.rejections.map((r) => [r.item.recordId, r.status])).toEqual([['inc-blob/screenshot.png', 'notFound']]);
    expect(b.local.get('blob')!.get('inc-blob/clip.mcap')).toMatchObject({ size: clip.length, incidentId: 'inc-blob' });
    expect(b.local.get('incident')!.get('inc-blob')).toMatchObject({ clipState: 'complete' });
    const back = await b.client.api.getBlob('inc-blob/clip.mcap');
    expect(Buffer.from(back).equals(Buffer.from(clip))).toBe(true);
  });

  it('backs off exponentially, with jitter, up to a cap', () => {
    const o = { initialMs: 100, maxMs: 2000, jitter: 0.2 };
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, o, () => 0.5))).toEqual([100, 200, 400, 800, 2000]);
    expect(backoffDelay(2, o, () => 0)).toBe(320);
    expect(backoffDelay(2, o, () => 1)).toBe(480);
  });
});
