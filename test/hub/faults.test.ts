// Faults under load: the hub killed with SIGKILL in the middle of pushes and started again, and the
// PostgreSQL server restarted while consoles push. Nothing may be lost or stored twice.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/contracts/records';
import { createUser } from '../../hub/src/auth/users';
import { migrate } from '../../hub/src/db/migrate';
import { openDb } from '../../hub/src/db/open';
import { openPostgres } from '../../hub/src/db/pgDriver';
import { backends } from './support/backends';
import { startChildHub, type ChildHub } from './support/childHub';
import { settle, simConsole, until, type SimConsole } from './support/consoles';
import { freePort } from './support/pgServer';
import { auditRecord } from './support/records';
import { PASSWORD, SITE, TEST_SCRYPT, startTestHub } from './support/testHub';

/** Every audit entry in the hub's feed, read through its API. */
async function feedAuditIds(url: string, token: string): Promise<string[]> {
  const ids: string[] = [];
  let after = 0;
  for (;;) {
    const r = await (await fetch(`${url}/api/pull?after=${after}&limit=1000`, { headers: { authorization: `Bearer ${token}` } })).json();
    ids.push(...r.entries.filter((e: { entity: string }) => e.entity === 'audit').map((e: { id: string }) => e.id));
    if (!r.entries.length) return ids;
    after = r.cursor;
  }
}

async function login(url: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'viewer', password: PASSWORD }),
  });
  return (await r.json()).token;
}

const all = backends();

describe.each(all)('faults on $name', (backend) => {
  const consoles: SimConsole[] = [];
  const dirs: string[] = [];
  let child: ChildHub | undefined;
  afterAll(async () => {
    consoles.forEach((c) => c.close());
    await child?.kill('SIGKILL');
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  }, 30_000);

  it('loses and repeats nothing when the hub is killed with SIGKILL mid-push and started again', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hub-kill-'));
    dirs.push(dir);
    const where = await backend.freshLocation(path.join(dir, 'data'));
    const setup = await openDb(where);
    for (const role of ROLES) await createUser(setup, { username: role, password: PASSWORD, role }, SITE, TEST_SCRYPT, Date.now());
    await setup.close();
    const env = { HUB_SITE: SITE, ...(where.databaseUrl ? { DATABASE_URL: where.databaseUrl } : { HUB_DATA_DIR: where.dataDir! }) };
    const port = await freePort();
    child = await startChildHub(env, port);
    const a = await simConsole(child.url, 'operator', { batchSize: 50, name: 'kill-a' });
    const b = await simConsole(child.url, 'lead', { batchSize: 50, name: 'kill-b' });
    consoles.push(a, b);
    const PER = 500;
    await a.enqueue(Array.from({ length: PER }, (_, i) => auditRecord({ id: `a-${i}`, at: i, kind: 'estop' })));
    await b.enqueue(Array.from({ length: PER }, (_, i) => auditRecord({ id: `b-${i}`, at: i, kind: 'estop' })));
    // Kill while both are still pushing: some batches are applied, one is in flight, the rest wait.
    await until(async () => (await a.db.outbox.count()) < PER - 100 && (await b.db.outbox.count()) < PER - 100, 60_000, 'first batches');
    expect(await a.db.outbox.count()).toBeGreaterThan(0);
    await child.kill('SIGKILL');
    await until(() => a.client.status().state === 'offline' || b.client.status().state === 'offline', 10_000, 'consoles to notice');
    child = await startChildHub(env, port);
    await settle([a, b], 90_000);

    const ids = await feedAuditIds(child.url, await login(child.url));
    expect(ids.length).toBe(2 * PER);
    expect(new Set(ids).size).toBe(2 * PER);
    for (const c of [a, b]) {
      expect(c.rejections).toEqual([]);
      expect(c.local.get('audit')?.size).toBe(2 * PER);
      expect(new Set(c.appliedSeqs).size).toBe(c.appliedSeqs.length);
    }
    await child.kill('SIGTERM');
    child = undefined;
  });
});

describe.each(all.filter((b) => b.name === 'postgres'))('several hubs and restarts on PostgreSQL', (backend) => {
  it('delivers live through either of two hubs on one database (LISTEN/NOTIFY between them)', { timeout: 60_000 }, async () => {
    const { databaseUrl } = await backend.freshLocation('');
    const db1 = await openPostgres({ url: databaseUrl! });
    const db2 = await openPostgres({ url: databaseUrl! });
    await migrate(db1);
    // No safety poll within the test: only a notification can bring the record to the other hub in time.
    const hub1 = await startTestHub(db1, { livePollMs: 600_000 });
    const hub2 = await startTestHub(db2, { livePollMs: 600_000 });
    const a = await simConsole(hub1.url, 'operator', { name: 'via-hub-1' });
    const b = await simConsole(hub2.url, 'lead', { name: 'via-hub-2' });
    try {
      await until(() => a.client.status().state === 'live' && b.client.status().state === 'live', 10_000, 'both live');
      await a.enqueue([auditRecord({ id: 'from-hub-1', kind: 'estop' })]);
      await until(() => b.local.get('audit')?.has('from-hub-1') ?? false, 10_000, 'delivery through hub 2');
      await b.enqueue([auditRecord({ id: 'from-hub-2', kind: 'estop' })]);
      await until(() => a.local.get('audit')?.has('from-hub-2') ?? false, 5000, 'delivery through hub 1');
    } finally {
      a.close();
      b.close();
      await hub1.close();
      await hub2.close();
      await db1.close();
      await db2.close();
    }
  });

  it('keeps every record once and resumes live delivery after the server comes back', { timeout: 120_000 }, async () => {
    const server = (await backend.server())!;
    const t = await startTestHub(await backend.fresh());
    const a = await simConsole(t.url, 'operator', { batchSize: 20, name: 'pg-a' });
    const b = await simConsole(t.url, 'lead', { batchSize: 20, name: 'pg-b' });
    try {
      const write = async (c: SimConsole, prefix: string) => {
        for (let burst = 0; burst < 40; burst++) {
          await c.enqueue(Array.from({ length: 15 }, (_, i) => auditRecord({ id: `${prefix}-${burst}-${i}`, at: burst * 100 + i })));
          await new Promise((r) => setTimeout(r, 60));
        }
      };
      const writing = Promise.all([write(a, 'pa'), write(b, 'pb')]);
      await new Promise((r) => setTimeout(r, 600));
      server.stop('fast');
      await new Promise((r) => setTimeout(r, 1500));
      server.start();
      await writing;
      await settle([a, b], 60_000);
      const n = await t.db.query<{ n: number }>("select count(*)::int as n from audit where id like 'pa-%' or id like 'pb-%'");
      expect(n.rows[0]!.n).toBe(2 * 40 * 15);
      for (const c of [a, b]) {
        expect(c.local.get('audit')?.size).toBe(2 * 40 * 15);
        expect(new Set(c.appliedSeqs).size).toBe(c.appliedSeqs.length);
        expect(c.rejections).toEqual([]);
      }
      // b pushes nothing from here on: the record reaches it over the (re-established) live channel.
      await until(() => b.client.status().state === 'live', 20_000, 'b live again');
      await a.enqueue([auditRecord({ id: 'after-restart', kind: 'estop' })]);
      await until(() => b.local.get('audit')?.has('after-restart') ?? false, 5000, 'live delivery after restart');
    } finally {
      a.close();
      b.close();
      await t.close();
    }
  });
});
