// The takeover audit trail: every request, decision, control change, e-stop and hand-back, with time, robot
// and person. Kinds are explicit (no free text) so later work can count interventions per hour from them.
// Every record is chained to the one before it (auditChain.ts): appends are serialised, and one that finds
// another window wrote first starts over on the new last record.
import { getDb, type AuditRecord, type ConsoleDb } from '../../storage';
import { GENESIS_HASH, hashRecord, verifyChain, type ChainCheck, type ChainedRecord } from './auditChain';
import type { AuditRecordWire } from '../../contracts';
import { newRecordId, queueInTransaction, syncKick, syncSite } from '../../sync';

export const AUDIT_KINDS = ['request', 'approve', 'deny', 'control', 'estop', 'handback', 'enable'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

export interface AuditEntry {
  id?: number;
  /** Epoch ms. */
  at: number;
  robotId: string;
  kind: AuditKind;
  /** Who did it: the operator's name, or the robot's name/id for robot-made requests. */
  person: string;
  data: Record<string, unknown>;
  seq?: number;
  prevHash?: string;
  hash?: string;
}

/** An export of the whole trail with its chain: every record's hashes, and the newest hash as the head. */
export interface AuditExport {
  format: 'operator-console/audit-trail@1';
  exportedAt: number;
  head: string;
  records: Partial<ChainedRecord>[];
}

export interface AuditQuery {
  robotId?: string;
  kinds?: readonly AuditKind[];
  /** Inclusive epoch ms bounds. */
  since?: number;
  until?: number;
  /** Newest first, at most this many. */
  limit?: number;
}

export interface AuditRepo {
  append(entry: Omit<AuditEntry, 'id'>): Promise<number>;
  /** Newest first. */
  list(q?: AuditQuery): Promise<AuditEntry[]>;
  /** Called after every append in this window (not across windows). */
  onAppend(cb: (e: AuditEntry) => void): () => void;
  clear(): Promise<void>;
  /** Re-computes the chain over every stored record of this console, oldest first. */
  verify(): Promise<ChainCheck>;
  exportChain(now?: number): Promise<AuditExport>;
  /** Entries from the site hub (other consoles'); those already here (by hub id) are skipped. Returns how many were new. */
  applyFromHub(entries: readonly AuditRecordWire[]): Promise<number>;
}

function isKind(k: string): k is AuditKind {
  return (AUDIT_KINDS as readonly string[]).includes(k);
}

function fromRecord(r: AuditRecord): AuditEntry | undefined {
  if (!isKind(r.kind) || typeof r.at !== 'number' || typeof r.robotId !== 'string') return undefined;
  const data = r.data && typeof r.data === 'object' ? (r.data as Record<string, unknown>) : {};
  const chain = typeof r.hash === 'string' ? { seq: r.seq, prevHash: r.prevHash, hash: r.hash } : {};
  return { id: r.id, at: r.at, robotId: r.robotId, kind: r.kind, person: typeof r.person === 'string' ? r.person : '', data, ...chain };
}

const chainOf = (r: AuditRecord): Partial<ChainedRecord> => ({
  seq: r.seq,
  at: r.at,
  robotId: r.robotId,
  kind: r.kind,
  person: r.person,
  data: r.data,
  prevHash: r.prevHash,
  hash: r.hash,
});

/** This console's newest chained record (entries from the hub are in their own console's chain). */
function lastLocal(db: ConsoleDb): Promise<AuditRecord | undefined> {
  return db.audit
    .orderBy(':id')
    .reverse()
    .filter((r) => !r.remote)
    .first();
}

async function appendChained(db: ConsoleDb, entry: Omit<AuditEntry, 'id'>): Promise<AuditEntry> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const last = await lastLocal(db);
    const prevHash = last?.hash ?? GENESIS_HASH;
    const seq = (last?.seq ?? 0) + 1;
    const content = { seq, at: entry.at, robotId: entry.robotId, kind: entry.kind, person: entry.person, data: entry.data, prevHash };
    const hash = await hashRecord(content);
    const hubId = newRecordId();
    const id = await db.transaction('rw', db.audit, db.outbox, async () => {
      const now = await lastLocal(db);
      if ((now?.hash ?? GENESIS_HASH) !== prevHash || now?.id !== last?.id) return undefined;
      const n = await db.audit.add({ ...content, hash, hubId });
      // Queued for the site hub in the same transaction: written here and queued, or neither.
      const data = JSON.parse(JSON.stringify(entry.data ?? {})) as Record<string, unknown>;
      const record = { site: syncSite(), id: hubId, at: entry.at, robotId: entry.robotId, kind: entry.kind, person: entry.person, data };
      await queueInTransaction(db.outbox, [{ kind: 'audit', record }]);
      return n;
    });
    if (id !== undefined) return { ...entry, id, seq, prevHash, hash };
  }
  throw new Error('the audit record was not written: another window kept appending (tried 5 times)');
}

async function localRecords(db: ConsoleDb): Promise<AuditRecord[]> {
  return (await db.audit.orderBy(':id').toArray()).filter((r) => !r.remote);
}

export function createAuditRepo(db: ConsoleDb = getDb()): AuditRepo {
  const listeners = new Set<(e: AuditEntry) => void>();
  let tail: Promise<unknown> = Promise.resolve();
  return {
    async append(entry) {
      const run = tail.then(() => appendChained(db, entry));
      tail = run.catch(() => undefined);
      const saved = await run;
      syncKick();
      for (const cb of listeners) cb(saved);
      return saved.id!;
    },
    async applyFromHub(entries) {
      const added: AuditEntry[] = [];
      await db.transaction('rw', db.audit, async () => {
        for (const e of entries) {
          if (!isKind(e.kind) || (await db.audit.where('hubId').equals(e.id).count()) > 0) continue;
          const row = { at: e.at, robotId: e.robotId, kind: e.kind, person: e.person, data: e.data, hubId: e.id, remote: true };
          const id = await db.audit.add(row);
          added.push({ id, at: e.at, robotId: e.robotId, kind: e.kind, person: e.person, data: e.data });
        }
      });
      for (const a of added) for (const cb of listeners) cb(a);
      return added.length;
    },
    async list(q = {}) {
      const lo = q.since ?? -Infinity;
      const hi = q.until ?? Infinity;
      let coll = db.audit.where('at').between(lo, hi, true, true).reverse();
      if (q.robotId !== undefined || q.kinds) {
        const kinds = q.kinds;
        coll = coll.filter(
          (r) => (q.robotId === undefined || r.robotId === q.robotId) && (!kinds || (kinds as readonly string[]).includes(r.kind)),
        );
      }
      if (q.limit !== undefined) coll = coll.limit(q.limit);
      const rows = await coll.toArray();
      return rows.map(fromRecord).filter((e): e is AuditEntry => e !== undefined);
    },
    onAppend(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    async clear() {
      await db.audit.clear();
    },
    async verify() {
      return verifyChain((await localRecords(db)).map(chainOf));
    },
    async exportChain(now = Date.now()) {
      const records = (await localRecords(db)).map(chainOf);
      const check = await verifyChain(records);
      return { format: 'operator-console/audit-trail@1', exportedAt: now, head: check.head, records };
    },
  };
}

let shared: AuditRepo | undefined;

/** The app-wide audit repository on the shared database. */
export function getAuditRepo(): AuditRepo {
  shared ??= createAuditRepo();
  return shared;
}
