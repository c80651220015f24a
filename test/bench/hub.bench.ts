// Site hub figures for `npm run bench`: console-to-console propagation through the hub (one console pushes,
// the others receive over their live channel; p50/p99), the records per second one hub takes in from many
// consoles pushing at once, and the same until every console also holds every record; each with 1, 10 and
// 50 simulated consoles, on PGlite and on a PostgreSQL
// server started for the run. Consoles are the real sync client with in-memory stores (IndexedDB emulation
// in Node would be what is measured otherwise); hub and consoles share this process and its 2 cores.
import { randomUUID } from 'node:crypto';
import { openPglite } from '../../hub/src/db/pgliteDriver';
import { openPostgres } from '../../hub/src/db/pgDriver';
import { migrate } from '../../hub/src/db/migrate';
import type { Db } from '../../hub/src/db/types';
import type { PushRecord } from '../../src/contracts/records';
import { SyncClient, createHubApi } from '../../src/sync';
import { pgUnavailableReason, startPgServer, type PgServer } from '../hub/support/pgServer';
import { NodeWebSocket, PASSWORD, SITE, startTestHub, type TestHub } from '../hub/support/testHub';
import { memoryOutbox, memorySyncState } from '../sync/memoryStores';

export interface HubBenchRow {
  backend: string;
  consoles: number;
  propagationP50Ms: number;
  propagationP99Ms: number;
  /** Records/s the hub took in from all consoles pushing at once. */
  ingestPerSecond: number;
  /** Records/s until every console also held every record (the fan-out included). */
  deliveredPerSecond: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function audit(id: string, at: number): PushRecord {
  return { kind: 'audit', record: { site: SITE, id, at, robotId: 'ws://robot-1:9090', kind: 'estop', person: 'bench', data: {} } };
}

async function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`${what} did not finish within ${ms} ms`)), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

interface BenchConsole {
  client: SyncClient;
  seen: Map<string, number>;
}

async function console_(hubUrl: string, role: string, live: boolean): Promise<BenchConsole> {
  const seen = new Map<string, number>();
  const client = new SyncClient({
    hubUrl,
    consoleId: `bench-${randomUUID().slice(0, 8)}`,
    outbox: memoryOutbox(),
    state: memorySyncState(),
    apply: async (entries) => {
      const now = performance.now();
      for (const e of entries) if (!seen.has(e.id)) seen.set(e.id, now);
    },
    ...(live ? { WebSocket: NodeWebSocket } : {}),
    backoff: { initialMs: 50, maxMs: 1000, jitter: 0.2 },
  });
  await client.start();
  await client.signIn(role, PASSWORD);
  return { client, seen };
}

/** Consoles made one by one into `into`, so the caller's finally stops every one made even if one fails. */
async function consoles(into: BenchConsole[], n: number, hubUrl: string, role: string, live: boolean): Promise<BenchConsole[]> {
  const made: BenchConsole[] = [];
  for (let i = 0; i < n; i++) {
    const c = await console_(hubUrl, role, live);
    into.push(c);
    made.push(c);
  }
  if (live) {
    await withDeadline(
      (async () => {
        while (!made.every((r) => r.client.status().state === 'live')) await sleep(20);
      })(),
      60_000,
      'live channels',
    );
  }
  return made;
}

async function propagation(hub: TestHub, receivers: number, samples: number): Promise<number[]> {
  const all: BenchConsole[] = [];
  try {
    const [sender] = await consoles(all, 1, hub.url, 'operator', true);
    const rx = await consoles(all, receivers, hub.url, 'viewer', true);
    const lat: number[] = [];
    for (let i = 0; i < samples; i++) {
      const id = `prop-${randomUUID()}`;
      const t0 = performance.now();
      await sender!.client.enqueue([audit(id, Date.now())]);
      await withDeadline(
        (async () => {
          while (!rx.every((r) => r.seen.has(id))) await sleep(1);
        })(),
        10_000,
        'propagation',
      );
      for (const r of rx) lat.push(r.seen.get(id)! - t0);
      await sleep(5);
    }
    return lat.sort((a, b) => a - b);
  } finally {
    all.forEach((c) => c.client.stop());
  }
}

/** Consoles pushing their share at once in batches of 200 (as the sync client sends them): records/s the hub takes in. */
async function ingest(hub: TestHub, consoles: number, total: number): Promise<number> {
  const per = Math.ceil(total / consoles);
  const apis = await Promise.all(
    Array.from({ length: consoles }, async () => {
      const session: { token?: string } = {};
      const api = createHubApi({ baseUrl: hub.url, token: () => session.token });
      session.token = (await api.login('operator', PASSWORD)).token;
      return api;
    }),
  );
  const t0 = performance.now();
  await withDeadline(
    Promise.all(
      apis.map(async (api, ci) => {
        for (let i = 0; i < per; i += 200) {
          const records = Array.from({ length: Math.min(200, per - i) }, (_, k) => audit(`in-${ci}-${i + k}-${randomUUID()}`, i + k));
          await api.push({ consoleId: `bench-${ci}`, records });
        }
      }),
    ),
    180_000,
    'pushes',
  );
  return (per * consoles) / ((performance.now() - t0) / 1000);
}

/** The same through the sync clients, until every console holds every other console's records too. */
async function delivered(hub: TestHub, n: number, total: number): Promise<number> {
  const cs: BenchConsole[] = [];
  try {
    await consoles(cs, n, hub.url, 'operator', true);
    const per = Math.ceil(total / n);
    const t0 = performance.now();
    // Consoles start from cursor 0 and also receive what earlier runs left in the feed: count only this run's.
    const run = `tp-${randomUUID().slice(0, 8)}-`;
    const mine = (c: BenchConsole) => [...c.seen.keys()].filter((id) => id.startsWith(run)).length;
    await Promise.all(cs.map((c, ci) => c.client.enqueue(Array.from({ length: per }, (_, i) => audit(`${run}${ci}-${i}`, i)))));
    await withDeadline(
      (async () => {
        while (!cs.every((c) => mine(c) >= per * n)) await sleep(20);
      })(),
      180_000,
      'delivery to every console',
    );
    return (per * n) / ((performance.now() - t0) / 1000);
  } finally {
    cs.forEach((c) => c.client.stop());
  }
}

export async function runHubBench(
  opts: { counts?: number[]; samples?: number; total?: number; log?: (s: string) => void } = {},
): Promise<HubBenchRow[]> {
  const counts = opts.counts ?? [1, 10, 50];
  const rows: HubBenchRow[] = [];
  let server: PgServer | undefined;
  const engines: { name: string; open: () => Promise<Db> }[] = [{ name: 'PGlite', open: async () => openPglite() }];
  const why = pgUnavailableReason();
  if (why) opts.log?.(`*** PostgreSQL hub figures not measured: ${why} ***`);
  else {
    let n = 0;
    engines.push({
      name: 'PostgreSQL',
      open: async () => {
        server ??= await startPgServer();
        return openPostgres({ url: await server.createDatabase(`bench_${process.pid}_${++n}`), max: 20 });
      },
    });
  }
  try {
    for (const engine of engines) {
      for (const consoles of counts) {
        const db = await engine.open();
        await migrate(db);
        const hub = await startTestHub(db);
        try {
          const lat = await propagation(hub, consoles, opts.samples ?? 60);
          const inPerS = await ingest(hub, consoles, opts.total ?? 5000);
          const outPerS = await delivered(hub, consoles, opts.total ?? 5000);
          rows.push({
            backend: engine.name,
            consoles,
            propagationP50Ms: quantile(lat, 0.5),
            propagationP99Ms: quantile(lat, 0.99),
            ingestPerSecond: inPerS,
            deliveredPerSecond: outPerS,
          });
        } finally {
          await hub.close();
          await db.close();
        }
      }
    }
  } finally {
    server?.destroy();
  }
  return rows;
}

// `npx tsx test/bench/hub.bench.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  runHubBench({ log: console.log }).then(
    (r) => {
      console.table(r);
      process.exit(0);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
