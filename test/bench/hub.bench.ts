// Site hub figures for `npm run bench`: console-to-console propagation through the hub (one console pushes,
// the others receive over their live channel; p50/p99), and the records per second one hub takes in from
// many consoles pushing at once, each with 1, 10 and 50 simulated consoles, on PGlite and on a PostgreSQL
// server started for the run. Consoles are the real sync client with in-memory stores (IndexedDB emulation
// in Node would be what is measured otherwise); hub and consoles share this process and its 2 cores.
import { randomUUID } from 'node:crypto';
import { openPglite } from '../../hub/src/db/pgliteDriver';
import { openPostgres } from '../../hub/src/db/pgDriver';
import { migrate } from '../../hub/src/db/migrate';
import type { Db } from '../../hub/src/db/types';
import type { PushRecord } from '../../src/contracts/records';
import { SyncClient } from '../../src/sync';
import { pgUnavailableReason, startPgServer, type PgServer } from '../hub/support/pgServer';
import { NodeWebSocket, PASSWORD, SITE, startTestHub, type TestHub } from '../hub/support/testHub';
import { memoryOutbox, memorySyncState } from '../sync/memoryStores';

export interface HubBenchRow {
  backend: string;
  consoles: number;
  propagationP50Ms: number;
  propagationP99Ms: number;
  recordsPerSecond: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function audit(id: string, at: number): PushRecord {
  return { kind: 'audit', record: { site: SITE, id, at, robotId: 'ws://robot-1:9090', kind: 'estop', person: 'bench', data: {} } };
}

async function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(`${what} did not finish within ${ms} ms`)), ms)))]);
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
  await client.syncNow();
  return { client, seen };
}

async function propagation(hub: TestHub, receivers: number, samples: number): Promise<number[]> {
  const sender = await console_(hub.url, 'operator', true);
  const rx = await Promise.all(Array.from({ length: receivers }, () => console_(hub.url, 'viewer', true)));
  try {
    await withDeadline(
      (async () => {
        while (!rx.every((r) => r.client.status().state === 'live')) await sleep(20);
      })(),
      30_000,
      'live channels',
    );
    const lat: number[] = [];
    for (let i = 0; i < samples; i++) {
      const id = `prop-${randomUUID()}`;
      const t0 = performance.now();
      await sender.client.enqueue([audit(id, Date.now())]);
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
    [sender, ...rx].forEach((c) => c.client.stop());
  }
}

/** Consoles pushing at once (batches of 200, as the sync client sends them); records/s until all are acknowledged. */
async function throughput(hub: TestHub, consoles: number, total: number): Promise<number> {
  const cs = await Promise.all(Array.from({ length: consoles }, () => console_(hub.url, 'operator', false)));
  try {
    const per = Math.ceil(total / consoles);
    const t0 = performance.now();
    await Promise.all(cs.map((c, ci) => c.client.enqueue(Array.from({ length: per }, (_, i) => audit(`tp-${ci}-${i}-${randomUUID()}`, i)))));
    await withDeadline(
      (async () => {
        while (!cs.every((c) => c.client.status().pending === 0)) await sleep(5);
      })(),
      180_000,
      'pushes',
    );
    return (per * consoles) / ((performance.now() - t0) / 1000);
  } finally {
    cs.forEach((c) => c.client.stop());
  }
}

export async function runHubBench(opts: { counts?: number[]; samples?: number; total?: number; log?: (s: string) => void } = {}): Promise<HubBenchRow[]> {
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
          const rps = await throughput(hub, consoles, opts.total ?? 5000);
          rows.push({ backend: engine.name, consoles, propagationP50Ms: quantile(lat, 0.5), propagationP99Ms: quantile(lat, 0.99), recordsPerSecond: rps });
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
    (r) => console.table(r),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
