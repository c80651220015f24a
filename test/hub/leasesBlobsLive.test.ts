// Leases (the hub as lease authority), blobs streamed in and out with a limit, and the live WebSocket.
import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/backends';
import { auditRecord } from './support/records';
import { startTestHub, type TestHub } from './support/testHub';

function openLive(url: string): Promise<{ ws: WebSocket; messages: any[]; closed: Promise<{ code: number; reason: string }> }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/live`);
  const messages: any[] = [];
  ws.on('message', (m) => messages.push(JSON.parse(String(m))));
  const closed = new Promise<{ code: number; reason: string }>((r) =>
    ws.on('close', (code, reason) => r({ code, reason: String(reason) })),
  );
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, messages, closed }));
    ws.once('error', reject);
  });
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(backends())('hub leases, blobs and live on $name', (backend) => {
  let t: TestHub;
  let now = 2_000_000_000_000;
  const BLOB_LIMIT = 1024 * 1024;

  beforeAll(async () => {
    t = await startTestHub(await backend.fresh(), { now: () => now, blobLimit: BLOB_LIMIT });
  }, 60_000);
  afterAll(() => t?.close(), 30_000);

  it('gives control of a robot to one person and console at a time, for its TTL', async () => {
    const op = await t.login('operator');
    const lead = await t.login('lead');
    const robotId = 'ws://10.0.0.5:9090';
    const a = await t.call('POST', '/api/leases/acquire', { token: op, body: { robotId, consoleId: 'ws-1', ttlMs: 10_000 } });
    expect(a.status).toBe(200);
    expect(a.body.lease).toMatchObject({ robotId, holder: 'operator', consoleId: 'ws-1', expiresAt: now + 10_000 });
    const taken = await t.call('POST', '/api/leases/acquire', { token: lead, body: { robotId, consoleId: 'laptop', ttlMs: 10_000 } });
    expect(taken.status).toBe(409);
    expect(taken.body.current).toMatchObject({ holder: 'operator' });
    // The same person on another console does not hold it either.
    expect((await t.call('POST', '/api/leases/acquire', { token: op, body: { robotId, consoleId: 'ws-2' } })).status).toBe(409);
    now += 8000;
    expect(
      (await t.call('POST', '/api/leases/renew', { token: op, body: { robotId, consoleId: 'ws-1', ttlMs: 10_000 } })).body.lease.expiresAt,
    ).toBe(now + 10_000);
    expect((await t.call('POST', '/api/leases/renew', { token: lead, body: { robotId, consoleId: 'laptop' } })).status).toBe(409);
    now += 10_001; // lapsed: someone else may take it
    expect((await t.call('GET', '/api/leases', { token: op })).body.leases).toEqual([]);
    expect((await t.call('POST', '/api/leases/acquire', { token: lead, body: { robotId, consoleId: 'laptop' } })).status).toBe(200);
    expect((await t.call('POST', '/api/leases/release', { token: op, body: { robotId, consoleId: 'ws-1' } })).status).toBe(409);
    expect((await t.call('POST', '/api/leases/release', { token: lead, body: { robotId, consoleId: 'laptop' } })).body.lease).toBeNull();
    expect((await t.call('GET', '/api/leases', { token: op })).body.leases).toEqual([]);
  });

  it('lets a lead break a lease on purpose, with an audit entry naming both people', async () => {
    const op = await t.login('operator');
    const lead = await t.login('lead');
    await t.call('POST', '/api/leases/acquire', { token: op, body: { robotId: 'r-break', consoleId: 'ws-1', ttlMs: 60_000 } });
    const noReason = await t.call('POST', '/api/leases/break', {
      token: lead,
      body: { robotId: 'r-break', consoleId: 'laptop', reason: '' },
    });
    expect(noReason.status).toBe(400);
    const b = await t.call('POST', '/api/leases/break', {
      token: lead,
      body: { robotId: 'r-break', consoleId: 'laptop', reason: 'person down near cell 4' },
    });
    expect(b.status).toBe(200);
    const audit = await t.db.query<{ person: string; kind: string; data: any; by_user: string }>(
      "select person, kind, data, by_user from audit where robot_id = 'r-break'",
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ person: 'lead', kind: 'control', by_user: 'lead' });
    expect(audit.rows[0]!.data).toMatchObject({
      lease: 'broken',
      previousHolder: 'operator',
      brokenBy: 'lead',
      reason: 'person down near cell 4',
    });
    expect((await t.call('POST', '/api/leases/acquire', { token: lead, body: { robotId: 'r-break', consoleId: 'laptop' } })).status).toBe(
      200,
    );
    expect(
      (await t.call('POST', '/api/leases/break', { token: lead, body: { robotId: 'nobody-holds', consoleId: 'laptop', reason: 'x' } }))
        .status,
    ).toBe(404);
  });

  it('streams a clip in and out byte for byte, and refuses one over the limit without keeping any of it', async () => {
    const op = await t.login('operator');
    const viewer = await t.login('viewer');
    const clip = new Uint8Array(700 * 1024).map((_, i) => (i * 31) % 251);
    const put = await t.call('PUT', '/api/blobs/inc-1/clip.mcap?consoleId=ws-1&incidentId=inc-1', {
      token: op,
      raw: clip,
      headers: { 'content-type': 'application/x-mcap' },
    });
    expect(put.status).toBe(201);
    expect(put.body.blob).toMatchObject({
      id: 'inc-1/clip.mcap',
      size: clip.length,
      sha256: createHash('sha256').update(clip).digest('hex'),
      incidentId: 'inc-1',
    });
    const res = await fetch(`${t.url}/api/blobs/inc-1/clip.mcap`, { headers: { authorization: `Bearer ${viewer}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-mcap');
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(clip))).toBe(true);

    expect(
      (await t.call('PUT', '/api/blobs/inc-1/clip.mcap', { token: op, raw: clip, headers: { 'content-type': 'application/x-mcap' } })).body
        .status,
    ).toBe('duplicate');
    const changed = await t.call('PUT', '/api/blobs/inc-1/clip.mcap', {
      token: op,
      raw: clip.slice(1),
      headers: { 'content-type': 'application/x-mcap' },
    });
    expect(changed.status).toBe(409);

    const objectsBefore = (await t.db.query<{ n: number }>('select count(*)::int as n from object_uploads')).rows[0]!.n;
    const big = new Uint8Array(BLOB_LIMIT + 1);
    const tooBig = await t.call('PUT', '/api/blobs/inc-2/clip.mcap', {
      token: op,
      raw: big,
      headers: { 'content-type': 'application/x-mcap' },
    });
    expect(tooBig.status).toBe(413);
    // Without a length up front the limit is found while streaming.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(256 * 1024));
        c.close();
      },
    });
    const chunked = await fetch(`${t.url}/api/blobs/inc-3/clip.mcap`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${op}`, 'content-type': 'application/x-mcap' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    expect((await t.db.query<{ n: number }>('select count(*)::int as n from object_uploads')).rows[0]!.n).toBe(objectsBefore);
    expect((await t.db.query<{ n: number }>("select count(*)::int as n from blobs where id <> 'inc-1/clip.mcap'")).rows[0]!.n).toBe(0);

    expect((await t.call('PUT', '/api/blobs/x.png', { token: viewer, raw: clip, headers: { 'content-type': 'image/png' } })).status).toBe(
      403,
    );
    expect(
      (await t.call('PUT', '/api/blobs/x.exe', { token: op, raw: clip, headers: { 'content-type': 'application/x-msdownload' } })).status,
    ).toBe(415);
    expect((await t.call('GET', '/api/blobs/inc-1/clip.mcap')).status).toBe(401);
    expect((await t.call('GET', '/api/blobs/missing.png', { token: op })).status).toBe(404);
  });

  it('delivers new records live to a signed-in socket, and closes one that does not say hello properly', async () => {
    const op = await t.login('operator');
    const bad = await openLive(t.url);
    bad.ws.send('{"type":"hello","token":"nope-nope-nope-nope-nope","cursor":0}');
    expect((await bad.closed).code).toBe(4401);
    const garbage = await openLive(t.url);
    garbage.ws.send('not json');
    expect((await garbage.closed).code).toBe(4400);

    const head = (await t.call('GET', '/api/pull?after=0&limit=1', { token: op })).body.head as number;
    const live = await openLive(t.url);
    live.ws.send(JSON.stringify({ type: 'hello', token: op, cursor: head }));
    await until(() => live.messages.some((m) => m.type === 'ready'));
    await t.call('POST', '/api/push', {
      token: op,
      body: { consoleId: 'ws-1', records: [auditRecord({ id: 'live-1' }), auditRecord({ id: 'live-2' })] },
    });
    await until(() => live.messages.filter((m) => m.type === 'changes').flatMap((m) => m.entries).length >= 2);
    const ids = live.messages.filter((m) => m.type === 'changes').flatMap((m) => m.entries.map((e: { id: string }) => e.id));
    expect(ids).toEqual(['live-1', 'live-2']);
    // A socket that starts behind is caught up from the database, in order, without gaps.
    const late = await openLive(t.url);
    late.ws.send(JSON.stringify({ type: 'hello', token: op, cursor: 0 }));
    await until(() =>
      late.messages
        .filter((m) => m.type === 'changes')
        .flatMap((m) => m.entries)
        .some((e: { id: string }) => e.id === 'live-2'),
    );
    const seqs = late.messages.filter((m) => m.type === 'changes').flatMap((m) => m.entries.map((e: { seq: number }) => e.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.length).toBe(
      head + 2 - (await t.db.query<{ n: number }>("select count(*)::int as n from feed where site <> 'plant-1'")).rows[0]!.n,
    );
    live.ws.close();
    late.ws.close();
  });
});
