// The console's hub lease client against a real hub on PGlite (in-process): one holder at a time, a refusal
// naming the holder's person and console, renewals, a lease that lapses or is broken, the hub unreachable,
// and what the feed and polling tell about other consoles' leases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../hub/src/db/pgliteDriver';
import { migrate } from '../../hub/src/db/migrate';
import type { FeedEntry } from '../../src/contracts';
import { HubLeaseClient, createHubApi, type HubLeaseEvent } from '../../src/sync';
import { manualClock, until } from '../hub/support/consoles';
import { startTestHub, type TestHub } from '../hub/support/testHub';

describe('hub lease client', () => {
  let t: TestHub;
  let hubNow = Date.now();
  let robotN = 0;
  beforeAll(async () => {
    const db = await openPglite();
    await migrate(db);
    t = await startTestHub(db, { now: () => hubNow, session: { idleMs: 12 * 3_600_000, maxMs: 24 * 3_600_000 } });
  }, 60_000);
  afterAll(() => t?.close(), 30_000);

  /** One console: its lease client on a manual clock, a switch that cuts it off the hub, and what it heard. */
  async function consoleOf(role: 'operator' | 'lead' | 'viewer', consoleId: string) {
    const token = await t.login(role);
    const clock = manualClock(1_000_000);
    const net = { cut: false as boolean | 'hang' | 'busy' };
    const fetchVia: typeof fetch = (input, init) => {
      if (net.cut === 'hang') return new Promise<Response>(() => {});
      if (net.cut === 'busy') return Promise.resolve(new Response('{"error":"busy","message":"try later"}', { status: 503 }));
      if (net.cut) return Promise.reject(new TypeError('fetch failed'));
      return fetch(input, init);
    };
    const api = createHubApi({ baseUrl: t.url, token: () => token, fetch: fetchVia, timeoutMs: 60_000 });
    const client = new HubLeaseClient({ api, consoleId, online: () => !net.cut, clock, ttlMs: 6000, renewMs: 2000, pollMs: 5000 });
    const events: HubLeaseEvent[] = [];
    client.subscribe((e) => events.push(e));
    /** Both clocks move: the hub's and this console's. */
    const advance = (ms: number) => {
      hubNow += ms;
      clock.advance(ms);
    };
    return { client, clock, net, events, advance, lost: () => events.filter((e) => e.lost).map((e) => e.lost!) };
  }

  const feed = async (after = 0): Promise<FeedEntry[]> =>
    (await t.call('GET', `/api/pull?after=${after}&limit=500`, { token: await t.login('viewer') })).body.entries;
  const robot = () => `ws://10.0.0.${++robotN}:9090`;

  it('one holder at a time: the second console is refused with who holds it, and gets it after the release', async () => {
    const a = await consoleOf('operator', 'ws-1');
    const b = await consoleOf('lead', 'laptop');
    const r = robot();
    const got = await a.client.acquire(r);
    expect(got).toMatchObject({ ok: true, lease: { holder: 'operator', consoleId: 'ws-1' } });
    expect(a.client.holds(r)).toBe(true);
    const refused = await b.client.acquire(r);
    expect(refused).toMatchObject({ ok: false, error: 'conflict', current: { holder: 'operator', consoleId: 'ws-1' } });
    expect(b.client.holds(r)).toBe(false);
    expect(b.client.current(r)).toMatchObject({ holder: 'operator', consoleId: 'ws-1' });
    await a.client.release(r);
    expect(a.client.holds(r)).toBe(false);
    expect(await b.client.acquire(r)).toMatchObject({ ok: true, lease: { holder: 'lead', consoleId: 'laptop' } });
    expect(a.lost()).toEqual([]);
  });

  it('renews while held, so the lease outlives its TTL; a lease nobody renews lapses and the next console takes it', async () => {
    const a = await consoleOf('operator', 'ws-1');
    const b = await consoleOf('lead', 'laptop');
    const r = robot();
    await a.client.acquire(r);
    for (let i = 0; i < 5; i++) {
      a.advance(2000);
      const want = hubNow + 6000;
      await until(async () =>
        (await t.call('GET', '/api/leases', { token: await t.login('viewer') })).body.leases.some(
          (l: { robotId: string; expiresAt: number }) => l.robotId === r && l.expiresAt === want,
        ),
      );
    }
    expect((await b.client.acquire(r)).ok).toBe(false); // 10 s after the acquire, still held
    // The hub moves on without this console's clock (its renewal timer has not come yet): the lease lapses.
    hubNow += 6001;
    expect(await b.client.acquire(r)).toMatchObject({ ok: true });
    a.clock.advance(2000); // its next renewal: refused, someone else holds it now
    await until(() => a.lost().length > 0);
    expect(a.lost()[0]).toMatchObject({ why: 'taken', by: 'lead' });
    expect(a.client.holds(r)).toBe(false);
  });

  it('the hub unreachable at a renewal ends the hold at once (unsure); an unanswered renewal ends it at the TTL', async () => {
    const a = await consoleOf('operator', 'ws-1');
    const r1 = robot();
    await a.client.acquire(r1);
    a.net.cut = true;
    a.advance(2000);
    await until(() => a.lost().length > 0);
    expect(a.lost()[0]).toMatchObject({ why: 'unreachable' });
    expect(a.client.holds(r1)).toBe(false);

    a.net.cut = false;
    const r2 = robot();
    await a.client.acquire(r2);
    a.net.cut = 'hang';
    a.advance(2000); // renewal sent, never answered
    expect(a.client.holds(r2)).toBe(true);
    a.advance(3999);
    expect(a.client.holds(r2)).toBe(true);
    a.advance(1);
    expect(a.client.holds(r2)).toBe(false);
    expect(a.lost()[1]).toMatchObject({ why: 'expired' });
  });

  it('a busy hub (503) is asked again soon; the hold lives on when a renewal gets through before the TTL', async () => {
    const a = await consoleOf('operator', 'ws-1');
    const r = robot();
    await a.client.acquire(r);
    a.net.cut = 'busy';
    a.advance(2000);
    for (let i = 0; i < 8; i++) {
      await new Promise((res) => setTimeout(res, 20));
      a.advance(250);
    }
    expect(a.client.holds(r)).toBe(true);
    a.net.cut = false;
    await new Promise((res) => setTimeout(res, 20)); // the last busy answer in, its retry scheduled
    a.advance(250);
    await until(async () =>
      (await t.call('GET', '/api/leases', { token: await t.login('viewer') })).body.leases.some(
        (l: { robotId: string; expiresAt: number }) => l.robotId === r && l.expiresAt === hubNow + 6000,
      ),
    );
    a.advance(5000);
    expect(a.client.holds(r)).toBe(true);
    expect(a.lost()).toEqual([]);
  });

  it("learns other consoles' leases from the feed and from polling; a lead's break ends the holder's hold", async () => {
    const a = await consoleOf('operator', 'ws-1');
    const b = await consoleOf('lead', 'laptop');
    const r = robot();
    const head = (await feed()).at(-1)?.seq ?? 0;
    await a.client.acquire(r);
    b.client.onFeed(await feed(head));
    expect(b.client.current(r)).toMatchObject({ holder: 'operator', consoleId: 'ws-1' });
    expect(b.events.at(-1)).toMatchObject({ robotId: r, lease: { holder: 'operator' } });
    expect(b.events.some((e) => e.lost)).toBe(false);

    // An operator may not break a lease (the hub enforces the role); a lead may, and says why.
    hubNow += 100;
    const c = await consoleOf('operator', 'ws-2');
    expect(await c.client.breakLease(r, 'I want it')).toMatchObject({ ok: false, error: 'forbidden' });
    expect(await b.client.breakLease(r, 'holder left the cell')).toEqual({ ok: true });
    a.client.onFeed(await feed(head));
    expect(a.lost()).toEqual([expect.objectContaining({ why: 'broken', by: 'lead' })]);
    expect(a.lost()[0]!.message).toMatch(/holder left the cell/);
    expect(a.client.holds(r)).toBe(false);

    // Taken again: the old break in a replayed feed changes nothing.
    hubNow += 100;
    await a.client.acquire(r);
    a.client.onFeed(await feed(0));
    expect(a.client.holds(r)).toBe(true);
    expect(a.lost()).toHaveLength(1);

    // Polling: a console that has not seen the feed learns the lease, and that it ended.
    const d = await consoleOf('viewer', 'desk');
    d.client.start();
    await until(() => d.client.current(r)?.holder === 'operator');
    await a.client.release(r);
    d.advance(5000);
    await until(() => d.client.current(r) === null);
    d.client.stop();
  });

  it('a viewer cannot hold control: the hub refuses and nothing is held', async () => {
    const v = await consoleOf('viewer', 'desk');
    expect(await v.client.acquire(robot())).toMatchObject({ ok: false, error: 'forbidden' });
  });
});
