// Sign-in, sessions, roles and bad requests: every refusal is a clear 4xx and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedHead } from '../../hub/src/records/feed';
import { backends } from './support/backends';
import { auditRecord, incidentRecord, taskRecord } from './support/records';
import { PASSWORD, SITE, startTestHub, type TestHub } from './support/testHub';

const HOUR = 3_600_000;

describe.each(backends())('hub auth and refusals on $name', (backend) => {
  let t: TestHub;
  let now = 1_900_000_000_000;
  const count = async (table: string) => Number((await t.db.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]!.n);

  beforeAll(async () => {
    t = await startTestHub(await backend.fresh(), { now: () => now, bodyLimit: 64 * 1024, session: { idleMs: HOUR, maxMs: 3 * HOUR } });
  }, 60_000);
  afterAll(() => t?.close(), 30_000);

  it('signs in with the right password only, and never says which part was wrong', async () => {
    const bad = await t.call('POST', '/api/auth/login', { body: { username: 'operator', password: 'wrong password' } });
    expect(bad.status).toBe(401);
    const nobody = await t.call('POST', '/api/auth/login', { body: { username: 'nobody', password: PASSWORD } });
    expect(nobody.status).toBe(401);
    expect(nobody.body.message).toBe(bad.body.message);
    const ok = await t.call('POST', '/api/auth/login', { body: { username: 'operator', password: PASSWORD } });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toEqual({ username: 'operator', role: 'operator', site: SITE, displayName: '' });
    expect(ok.body.expiresAt).toBe(now + HOUR);
    const stored = await t.db.query<{ password_hash: string }>("select password_hash from users where username = 'operator'");
    expect(stored.rows[0]!.password_hash).toMatch(/^scrypt\$/);
    expect(stored.rows[0]!.password_hash).not.toContain(PASSWORD);
  });

  it('answers 429 after repeated failed sign-ins for one name', async () => {
    for (let i = 0; i < 10; i++) await t.call('POST', '/api/auth/login', { body: { username: 'trainer', password: 'nope-nope' } });
    const r = await t.call('POST', '/api/auth/login', { body: { username: 'trainer', password: PASSWORD } });
    expect(r.status).toBe(429);
    now += 6 * 60_000;
    expect((await t.call('POST', '/api/auth/login', { body: { username: 'trainer', password: PASSWORD } })).status).toBe(200);
  });

  it('expires sessions after the idle time, renews them, and never past the maximum', async () => {
    const login = await t.call('POST', '/api/auth/login', { body: { username: 'lead', password: PASSWORD } });
    const token = login.body.token as string;
    now += HOUR / 2;
    const renewed = await t.call('POST', '/api/auth/renew', { token });
    expect(renewed.status).toBe(200);
    expect(renewed.body.expiresAt).toBe(now + HOUR);
    for (let i = 0; i < 6; i++) {
      now += HOUR / 2;
      await t.call('POST', '/api/auth/renew', { token });
    }
    // 3.5 h after sign-in: past the 3 h maximum however often it was renewed.
    const me = await t.call('GET', '/api/auth/me', { token });
    expect(me.status).toBe(401);
    const login2 = await t.call('POST', '/api/auth/login', { body: { username: 'lead', password: PASSWORD } });
    now += HOUR + 1;
    expect((await t.call('GET', '/api/auth/me', { token: login2.body.token })).status).toBe(401);
  });

  it('answers a console page on another origin (CORS with the bearer token, no cookies)', async () => {
    const pre = await fetch(`${t.url}/api/push`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect(pre.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('ends a session on sign-out', async () => {
    const token = (await t.call('POST', '/api/auth/login', { body: { username: 'viewer', password: PASSWORD } })).body.token;
    expect((await t.call('POST', '/api/auth/logout', { token })).status).toBe(200);
    expect((await t.call('GET', '/api/pull', { token })).status).toBe(401);
  });

  it('refuses unauthenticated, malformed, invalid and oversized pushes with a 4xx and writes nothing', async () => {
    const token = (await t.call('POST', '/api/auth/login', { body: { username: 'operator', password: PASSWORD } })).body.token;
    const before = await feedHead(t.db, SITE);
    const good = { consoleId: 'c1', records: [auditRecord()] };
    const noAuth = await t.call('POST', '/api/push', { body: good });
    expect(noAuth.status).toBe(401);
    expect(noAuth.body.error).toBe('unauthenticated');
    expect((await t.call('POST', '/api/push', { body: good, token: 'x'.repeat(43) })).status).toBe(401);

    const malformed = await t.call('POST', '/api/push', {
      token,
      raw: '{"consoleId": "c1", "records": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/not valid JSON/);

    const badTask = taskRecord();
    (badTask.record as Record<string, unknown>).state = 'flying';
    const invalid = await t.call('POST', '/api/push', { token, body: { consoleId: 'c1', records: [auditRecord(), badTask] } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.issues.join(' ')).toMatch(/records\.1\.record\.state/);

    const sqlish = auditRecord({ id: "x'; drop table audit; --" });
    expect((await t.call('POST', '/api/push', { token, body: { consoleId: 'c1', records: [sqlish] } })).status).toBe(400);

    const huge = auditRecord({ data: { blob: 'x'.repeat(70 * 1024) } });
    const tooBig = await t.call('POST', '/api/push', { token, body: { consoleId: 'c1', records: [huge] } });
    expect(tooBig.status).toBe(413);

    const tooMany = { consoleId: 'c1', records: Array.from({ length: 501 }, () => auditRecord()) };
    expect((await t.call('POST', '/api/push', { token, body: tooMany })).status).toBeGreaterThanOrEqual(400);

    expect(await feedHead(t.db, SITE)).toBe(before);
    expect(await count('audit')).toBe(0);
    expect(await count('tasks')).toBe(0);
  });

  it('enforces roles per record: a refused record is 403 and not stored, the others are', async () => {
    const viewer = await t.login('viewer');
    const operator = await t.login('operator');
    const task = taskRecord();
    const allRefused = await t.call('POST', '/api/push', { token: viewer, body: { consoleId: 'v1', records: [task] } });
    expect(allRefused.status).toBe(403);
    expect(allRefused.body.results[0]).toMatchObject({ status: 'forbidden', code: 403 });
    expect(await count('tasks')).toBe(0);

    // Anyone may stop a robot: the viewer's e-stop is recorded, its takeover approval is not.
    const mixed = await t.call('POST', '/api/push', {
      token: viewer,
      body: {
        consoleId: 'v1',
        records: [auditRecord({ kind: 'estop', person: 'viewer' }), auditRecord({ kind: 'approve', person: 'viewer' })],
      },
    });
    expect(mixed.status).toBe(200);
    expect(mixed.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'forbidden']);

    const enable = await t.call('POST', '/api/push', {
      token: operator,
      body: { consoleId: 'o1', records: [auditRecord({ kind: 'enable' })] },
    });
    expect(enable.status).toBe(403);
    expect(enable.body.results[0].message).toMatch(/robot\.reenable/);
    const lead = await t.login('lead');
    expect(
      (await t.call('POST', '/api/push', { token: lead, body: { consoleId: 'l1', records: [auditRecord({ kind: 'enable' })] } })).body
        .results[0].status,
    ).toBe('applied');

    const otherSite = auditRecord();
    otherSite.record.site = 'plant-2';
    const wrongSite = await t.call('POST', '/api/push', { token: operator, body: { consoleId: 'o1', records: [otherSite] } });
    expect(wrongSite.status).toBe(403);
    expect(wrongSite.body.results[0].message).toMatch(/plant-1.*not "plant-2"/);

    const rows = await t.db.query<{ kind: string; by_user: string }>('select kind, by_user from audit order by kind');
    expect(rows.rows).toEqual([
      { kind: 'enable', by_user: 'lead' },
      { kind: 'estop', by_user: 'viewer' },
    ]);
  });

  it('lets an operator edit only incidents they created, and only leads, trainers and admins review', async () => {
    const operator = await t.login('operator');
    const trainer = await t.login('trainer');
    const mine = incidentRecord();
    const theirs = incidentRecord();
    await t.call('POST', '/api/push', { token: operator, body: { consoleId: 'o1', records: [mine] } });
    await t.call('POST', '/api/push', { token: trainer, body: { consoleId: 't1', records: [theirs] } });
    const edit = (incidentId: string, set: Record<string, unknown>) => ({
      kind: 'incidentEdit',
      record: { site: SITE, id: `e-${Math.random()}`, incidentId, at: 9000, set },
    });
    const r = await t.call('POST', '/api/push', {
      token: operator,
      body: {
        consoleId: 'o1',
        records: [
          edit(mine.record.id, { note: 'mine' }),
          edit(theirs.record.id, { note: 'not mine' }),
          edit(mine.record.id, { reviewed: true }),
        ],
      },
    });
    expect(r.body.results.map((x: { status: string }) => x.status)).toEqual(['applied', 'forbidden', 'forbidden']);
    const review = await t.call('POST', '/api/push', {
      token: trainer,
      body: { consoleId: 't1', records: [edit(mine.record.id, { reviewed: true, reviewedBy: 'trainer' })] },
    });
    expect(review.body.results[0].status).toBe('applied');
    const got = await t.call('GET', `/api/incidents/${mine.record.id}`, { token: operator });
    expect(got.body.incident).toMatchObject({ note: 'mine', reviewed: true, version: 3 });
    expect(got.body.history.map((h: { by: string }) => h.by)).toEqual(['operator', 'trainer']);
  });

  it('keeps users, the site profile and lease breaking to the roles that may', async () => {
    const operator = await t.login('operator');
    const admin = await t.login('admin');
    const newUser = { username: 'ines', password: 'long enough pw', role: 'operator' };
    expect((await t.call('POST', '/api/users', { token: operator, body: newUser })).status).toBe(403);
    expect((await t.call('POST', '/api/users', { token: admin, body: newUser })).status).toBe(201);
    expect((await t.call('POST', '/api/users', { token: admin, body: newUser })).status).toBe(409);
    expect((await t.call('POST', '/api/users', { token: admin, body: { ...newUser, username: 'short', password: 'short' } })).status).toBe(
      400,
    );
    const profile = { consoleId: 'a1', profile: { name: 'Plant 1', robots: [] } };
    const refused = await t.call('PUT', '/api/site-profile', { token: operator, body: profile });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/may not import a site profile/);
    expect((await t.call('PUT', '/api/site-profile', { token: admin, body: profile })).body.version).toBe(1);
    expect((await t.call('GET', '/api/site-profile', { token: operator })).body.profile).toEqual(profile.profile);
    const brk = await t.call('POST', '/api/leases/break', { token: operator, body: { robotId: 'r1', consoleId: 'o1', reason: 'x' } });
    expect(brk.status).toBe(403);
  });
});
