// A simulated console for the scenarios: its own IndexedDB (fake-indexeddb), outbox and sync client, and
// a local copy of what the hub sent, kept by entity and id as a console's repositories would.
import 'fake-indexeddb/auto';
import type { FeedEntry } from '../../../src/contracts/records';
import { ConsoleDb } from '../../../src/storage/db';
import {
  SyncClient,
  dexieOutbox,
  dexieSyncState,
  type Clock,
  type OutboxEntry,
  type Rejection,
  type SyncClientOptions,
  type SyncStatus,
} from '../../../src/sync';
import { NodeWebSocket, PASSWORD } from './testHub';

let n = 0;

export interface SimConsole {
  id: string;
  client: SyncClient;
  db: ConsoleDb;
  /** entity → id → latest body */
  local: Map<string, Map<string, unknown>>;
  /** seqs applied, to see that none came twice */
  appliedSeqs: number[];
  rejections: Rejection[];
  statuses: SyncStatus[];
  enqueue(records: OutboxEntry[]): Promise<void>;
  close(): void;
}

export async function simConsole(
  hubUrl: string,
  role: string,
  opts: Partial<SyncClientOptions> & { clock?: Clock; name?: string } = {},
): Promise<SimConsole> {
  const id = opts.name ?? `console-${++n}`;
  const db = new ConsoleDb(`sim-${id}-${process.pid}-${Date.now()}-${n}`);
  await db.open();
  const local = new Map<string, Map<string, unknown>>();
  const appliedSeqs: number[] = [];
  const rejections: Rejection[] = [];
  const statuses: SyncStatus[] = [];
  const apply = async (entries: FeedEntry[]) => {
    for (const e of entries) {
      appliedSeqs.push(e.seq);
      let m = local.get(e.entity);
      if (!m) local.set(e.entity, (m = new Map()));
      m.set(e.id, e.body);
    }
  };
  const client = new SyncClient({
    hubUrl,
    consoleId: id,
    outbox: dexieOutbox(db.outbox),
    state: dexieSyncState(db.syncState),
    apply,
    onRejected: (r) => rejections.push(r),
    onStatus: (s) => statuses.push(s),
    WebSocket: NodeWebSocket,
    backoff: { initialMs: 50, maxMs: 1000, jitter: 0.2 },
    ...opts,
  });
  await client.start();
  await client.signIn(role, PASSWORD);
  return {
    id,
    client,
    db,
    local,
    appliedSeqs,
    rejections,
    statuses,
    enqueue: (records) => client.enqueue(records),
    close() {
      client.stop();
      db.close();
    },
  };
}

/** Waits until every console has pushed its outbox and holds the hub's whole feed. */
export async function settle(consoles: SimConsole[], timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const done = await Promise.all(
      consoles.map(async (c) => {
        await c.client.syncNow().catch(() => {});
        const s = c.client.status();
        return s.pending === 0 && s.cursor >= s.head && s.behind.records === 0;
      }),
    );
    if (done.every(Boolean)) {
      const heads = consoles.map((c) => c.client.status().head);
      if (heads.every((h) => h === Math.max(...heads))) return;
    }
    if (Date.now() - t0 > timeoutMs)
      throw new Error(
        `consoles did not settle: ${JSON.stringify(consoles.map((c) => ({ id: c.id, ...c.client.status(), rejections: c.rejections.length })))}`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function until(cond: () => boolean | Promise<boolean>, ms = 10_000, what = 'condition'): Promise<void> {
  const t0 = Date.now();
  while (!(await cond())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A clock the test moves by hand; timers fire when it passes them. */
export function manualClock(start: number): Clock & { advance(ms: number): void } {
  let now = start;
  let id = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout(fn, ms) {
      timers.set(++id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(h) {
      timers.delete(h as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
      }
      now = end;
    },
  };
}
