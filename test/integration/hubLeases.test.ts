// The hub as lease authority, end to end: a real hub (PGlite, in-process) and two consoles, each with its sync
// client (live feed over the WebSocket), its hub lease client and its control channel on one stock robot.
// Exactly one holder; the second console is refused (409) naming person and console; it learns the lease
// live; it gets control after the release, and after the first console's lease expired at the hub.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../hub/src/db/pgliteDriver';
import { migrate } from '../../hub/src/db/migrate';
import type { FeedEntry } from '../../src/contracts';
import { TakeoverChannel } from '../../src/features/control/takeoverChannel';
import type { HubLost } from '../../src/features/control/channelTypes';
import { HubLeaseClient, createHubApi } from '../../src/sync';
import { FakeRobot } from '../support/fakeLink';
import { simConsole, until, type SimConsole } from '../hub/support/consoles';
import { startTestHub, type TestHub } from '../hub/support/testHub';

const ROBOT = 'ws://10.0.0.7:9090';

describe('hub lease authority with two consoles', () => {
  let t: TestHub;
  const robot = new FakeRobot();
  robot.services.set('/rosapi/publishers', () => ({ publishers: [] })); // a stock robot
  const opened: { sim: SimConsole; leases: HubLeaseClient; ch: TakeoverChannel }[] = [];

  beforeAll(async () => {
    const db = await openPglite();
    await migrate(db);
    t = await startTestHub(db, { livePollMs: 200 });
  }, 60_000);
  afterAll(async () => {
    for (const c of opened) {
      c.ch.dispose();
      c.leases.stop();
      c.sim.close();
    }
    await t?.close();
  }, 30_000);

  async function consoleOf(role: 'operator' | 'lead', name: string, person: string) {
    const ref: { leases?: HubLeaseClient } = {};
    const heard: FeedEntry[] = [];
    const sim = await simConsole(t.url, role, {
      name,
      apply: async (entries) => {
        heard.push(...entries);
        ref.leases?.onFeed(entries);
      },
    });
    const net = { cut: false };
    const fetchVia: typeof fetch = (input, init) => (net.cut ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init));
    const leases = new HubLeaseClient({
      api: createHubApi({ baseUrl: t.url, token: () => sim.client.sessionToken(), fetch: fetchVia, timeoutMs: 2000 }),
      consoleId: name,
      online: () => sim.client.reachable() && !net.cut,
      ttlMs: 2000,
      renewMs: 400,
      pollMs: 1000,
    });
    ref.leases = leases;
    leases.start();
    const lost: HubLost[] = [];
    const ch = new TakeoverChannel({
      robotId: ROBOT,
      link: robot.link(),
      identity: { consoleId: name, operator: () => person },
      audit: () => {},
      listener: { hubLeaseLost: (_id, l) => lost.push(l) },
      hubLeases: leases,
      lease: { leaseMs: 1500, renewMs: 200, staleMs: 800, claimWindowMs: 300 },
    });
    const c = { sim, leases, ch, net, lost, heard };
    opened.push(c);
    await until(() => ch.arbitration() === 'consoles' && sim.client.status().state === 'live', 10_000, `${name} ready`);
    return c;
  }

  const hubLeasesNow = async () => (await t.call('GET', '/api/leases', { token: await t.login('viewer') })).body.leases as unknown[];

  it('one holder at a time, a refusal naming who holds it, and the next console after release and after expiry', async () => {
    const a = await consoleOf('operator', 'ws-1', 'Li Wei');
    const b = await consoleOf('lead', 'laptop', 'Marta');

    await expect(a.ch.takeControl('operator initiated')).resolves.toEqual({ ok: true });
    expect(await hubLeasesNow()).toEqual([expect.objectContaining({ robotId: ROBOT, holder: 'operator', consoleId: 'ws-1' })]);
    // B hears of it live (the hub's feed over the WebSocket), not by asking.
    await until(() => b.heard.some((e) => e.entity === 'lease' && e.id === ROBOT), 5000, 'the lease in the feed');
    expect(b.leases.current(ROBOT)).toMatchObject({ holder: 'operator', consoleId: 'ws-1' });
    await expect(b.ch.takeControl('x')).resolves.toEqual({ ok: false, error: 'held-by-other', holder: 'operator', console: 'ws-1' });
    expect(a.ch.holdsControl()).toBe(true);
    expect(b.ch.holdsControl()).toBe(false);

    // Handed back: the hub lease is released; B gets control.
    a.ch.handBack();
    await until(async () => (await hubLeasesNow()).length === 0, 5000, 'the release');
    await until(() => b.ch.control()?.holder === '', 5000, 'B sees it free');
    await expect(b.ch.takeControl('x')).resolves.toEqual({ ok: true });
    expect(await hubLeasesNow()).toEqual([expect.objectContaining({ holder: 'lead', consoleId: 'laptop' })]);

    // B's console drops off the hub mid-drive: it stops driving itself (unsure). Its lease stays at the hub until
    // it expires; A is refused until then, then gets control.
    b.net.cut = true;
    await until(() => !b.ch.holdsControl(), 5000, 'B stops');
    expect(b.lost[0]).toMatchObject({ why: 'unreachable' });
    await until(() => a.ch.control()?.holder === '', 5000, 'A sees the consoles lease free');
    const early = await a.ch.takeControl('x');
    expect(early).toMatchObject({ ok: false, error: 'held-by-other', holder: 'lead', console: 'laptop' });
    await until(async () => (await hubLeasesNow()).length === 0, 5000, 'the lease to expire');
    await expect(a.ch.takeControl('x')).resolves.toEqual({ ok: true });
    expect(await hubLeasesNow()).toEqual([expect.objectContaining({ holder: 'operator', consoleId: 'ws-1' })]);
    expect(b.ch.holdsControl()).toBe(false);
  }, 60_000);
});
