// Whole-site scenarios through the consoles' sync clients: a shift of three consoles and ten robots, and a
// console that was away for an hour.
import { statusText } from '../../src/app/HubStatus';
import { translate } from '../../src/i18n';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from './support/backends';
import { settle, simConsole, manualClock, until, type SimConsole } from './support/consoles';
import { auditRecord } from './support/records';
import { chunks, planShift, seeded, ROBOTS } from './support/shift';
import { SITE, startTestHub, type TestHub } from './support/testHub';

const count = async (t: TestHub, sql: string) =>
  Number((await t.db.query<{ n: number }>(sql.replace('count(*)', 'count(*)::int as n'))).rows[0]!.n);

describe.each(backends())('site scenarios on $name', (backend) => {
  let t: TestHub;
  const consoles: SimConsole[] = [];
  beforeAll(async () => {
    t = await startTestHub(await backend.fresh());
  }, 60_000);
  afterAll(async () => {
    consoles.forEach((c) => c.close());
    await t?.close();
  }, 30_000);

  it('three consoles and ten robots for a shift: nothing lost, nothing counted twice', { timeout: 120_000 }, async () => {
    const start = 1_700_000_000_000;
    const plan = planShift(start);
    const cs = [await simConsole(t.url, 'operator'), await simConsole(t.url, 'lead'), await simConsole(t.url, 'operator')];
    consoles.push(...cs);
    const random = seeded(16);
    // Each console writes its records in bursts while the others do the same, as a shift would.
    await Promise.all(
      cs.map(async (c, i) => {
        for (const burst of chunks(plan.perConsole[i]!, 40, random)) {
          await c.enqueue(burst);
          await new Promise((r) => setTimeout(r, random() * 15));
        }
      }),
    );
    await settle(cs);

    for (const c of cs) expect(c.rejections, c.id).toEqual([]);
    expect(await count(t, 'select count(*) from audit')).toBe(plan.expected.audit);
    expect(await count(t, 'select count(*) from tasks')).toBe(plan.expected.tasks);
    expect(await count(t, 'select count(*) from mode_spans where end_at is not null')).toBe(plan.expected.modes);
    expect(await count(t, 'select count(*) from mode_spans')).toBe(plan.expected.modes);
    expect(await count(t, 'select count(*) from incidents')).toBe(plan.expected.incidents);
    expect(await count(t, 'select count(*) from incident_edits')).toBe(plan.expected.edits);
    expect(await count(t, "select count(*) from feed where entity = 'audit'")).toBe(plan.expected.audit);
    // Every record carries who pushed it.
    expect(await count(t, "select count(*) from audit where by_user not in ('operator', 'lead')")).toBe(0);

    const window = (
      await t.call('GET', `/api/records-window?from=${start}&to=${start + 9 * 3_600_000}`, { token: await t.login('viewer') })
    ).body;
    for (const robotId of ROBOTS) {
      const succeeded = window.tasks.filter(
        (x: { robotId: string; state: string }) => x.robotId === robotId && x.state === 'succeeded',
      ).length;
      expect(succeeded, robotId).toBe(plan.expected.succeededByRobot[robotId]);
    }

    for (const c of cs) {
      expect(new Set(c.appliedSeqs).size, `${c.id} applied an entry twice`).toBe(c.appliedSeqs.length);
      expect(c.local.get('audit')?.size).toBe(plan.expected.audit);
      expect(c.local.get('task')?.size).toBe(plan.expected.tasks);
      expect(c.local.get('mode')?.size).toBe(plan.expected.modes);
      expect([...c.local.get('mode')!.values()].every((m: any) => m.end !== null)).toBe(true);
      const tasks = [...c.local.get('task')!.values()] as { state: string; version: number; progress: { distance?: number } }[];
      expect(tasks.filter((x) => x.state === 'succeeded')).toHaveLength(
        Object.values(plan.expected.succeededByRobot).reduce((a, b) => a + b, 0),
      );
      expect(tasks.every((x) => x.version === 4 && x.progress.distance === 2.5)).toBe(true);
      const incidents = [...c.local.get('incident')!.values()] as { labelState: string; clipState: string }[];
      expect(incidents.every((i) => i.labelState === 'labelled' && i.clipState === 'complete')).toBe(true);
      const s = c.client.status();
      expect(s).toMatchObject({ pending: 0, behind: { records: 0 } });
    }
  });

  it(
    'a console away for an hour says how far behind it is, then catches up without losing or repeating anything',
    { timeout: 120_000 },
    async () => {
      const clock = manualClock(Date.now());
      const away = await simConsole(t.url, 'operator', { clock, pullPage: 50, name: 'away' });
      const other = await simConsole(t.url, 'lead', { name: 'present' });
      consoles.push(away, other);
      await settle([away, other]);
      await until(() => away.client.status().state === 'live', 5000, 'live channel');
      const headBefore = away.client.status().head;

      away.client.pause();
      for (let minute = 0; minute < 60; minute++) {
        clock.advance(60_000);
        // The hub keeps taking records from the others; this console keeps writing locally.
        await other.enqueue(Array.from({ length: 6 }, (_, k) => auditRecord({ id: `others-${minute}-${k}`, at: clock.now() })));
        await away.enqueue([auditRecord({ id: `away-${minute}`, at: clock.now(), kind: 'estop', person: 'operator' })]);
      }
      await settle([other]);
      const paused = away.client.status();
      expect(paused.state).toBe('paused');
      expect(paused.pending).toBe(60);
      expect(clock.now() - paused.oldestPendingAt!).toBeGreaterThanOrEqual(59 * 60_000);
      expect(paused.behind.ms).toBeGreaterThanOrEqual(3_600_000);

      away.statuses.length = 0;
      away.client.resume();
      await settle([away, other]);
      // While it caught up (in pages of 50) it said how many records it still had to take.
      const seen = away.statuses.map((s) => s.behind.records);
      expect(Math.max(...seen)).toBeGreaterThanOrEqual(300);
      // ...and the header said so in words: records and minutes behind.
      const catching = away.statuses.find((s) => s.state === 'syncing' && s.behind.records >= 300)!;
      expect(statusText((k, v) => translate('en', k, v), catching)).toMatch(/^Hub: catching up, \d+ records behind \(6\d min\)$/);
      expect(away.client.status()).toMatchObject({ pending: 0, behind: { records: 0, ms: 0 }, state: 'live' });

      const ids = (c: SimConsole) => [...(c.local.get('audit')?.keys() ?? [])];
      for (const c of [away, other]) {
        const mine = ids(c).filter((id) => id.startsWith('others-') || id.startsWith('away-'));
        expect(mine).toHaveLength(360 + 60);
        expect(new Set(c.appliedSeqs).size).toBe(c.appliedSeqs.length);
      }
      expect(await count(t, "select count(*) from audit where id like 'away-%' or id like 'others-%'")).toBe(420);
      expect(away.client.status().head).toBeGreaterThan(headBefore + 400);
      expect(await count(t, "select count(*) from audit where id like 'away-%' and by_user = 'operator' and console_id = 'away'")).toBe(60);
    },
  );

  it('delivers a record from one console to the others over the live channel', { timeout: 60_000 }, async () => {
    const a = await simConsole(t.url, 'operator', { name: 'live-a' });
    const b = await simConsole(t.url, 'lead', { name: 'live-b' });
    consoles.push(a, b);
    await settle([a, b]);
    await until(() => b.client.status().state === 'live', 5000, 'live');
    const syncedBefore = b.client.status().lastSyncedAt;
    await a.enqueue([auditRecord({ id: 'hello-from-a', robotId: 'r-live', kind: 'estop' })]);
    await until(() => b.local.get('audit')?.has('hello-from-a') ?? false, 10_000, 'live delivery');
    // b made no request of its own: the record came over its socket (the propagation time is in the bench).
    expect(b.client.status().lastSyncedAt).toBe(syncedBefore);
    expect(b.local.get('audit')!.get('hello-from-a')).toMatchObject({ site: SITE, robotId: 'r-live', by: 'operator' });
  });
});
