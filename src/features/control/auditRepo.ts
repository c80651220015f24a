// The takeover audit trail: every request, decision, control change, e-stop and hand-back, with time, robot
// and person. Kinds are explicit (no free text) so later work can count interventions per hour from them.
import { getDb, type AuditRecord, type ConsoleDb } from '../../storage';
import type { AuditRecordWire } from '../../contracts';
import { newRecordId, queueInTransaction, syncKick, syncSite } from '../../sync';

export const AUDIT_KINDS = ['request', 'approve', 'deny', 'control', 'estop', 'handback'] as const;
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
  /** Entries from the site hub (other consoles'); those already here (by hub id) are skipped. Returns how many were new. */
  applyFromHub(entries: readonly AuditRecordWire[]): Promise<number>;
}

function isKind(k: string): k is AuditKind {
  return (AUDIT_KINDS as readonly string[]).includes(k);
}

function fromRecord(r: AuditRecord): AuditEntry | undefined {
  if (!isKind(r.kind) || typeof r.at !== 'number' || typeof r.robotId !== 'string') return undefined;
  const data = r.data && typeof r.data === 'object' ? (r.data as Record<string, unknown>) : {};
  return { id: r.id, at: r.at, robotId: r.robotId, kind: r.kind, person: typeof r.person === 'string' ? r.person : '', data };
}

export function createAuditRepo(db: ConsoleDb = getDb()): AuditRepo {
  const listeners = new Set<(e: AuditEntry) => void>();
  return {
    async append(entry) {
      const hubId = newRecordId();
      const id = await db.transaction('rw', db.audit, db.outbox, async () => {
        const n = await db.audit.add({ ...entry, hubId });
        const data = JSON.parse(JSON.stringify(entry.data ?? {})) as Record<string, unknown>;
        const record = { site: syncSite(), id: hubId, at: entry.at, robotId: entry.robotId, kind: entry.kind, person: entry.person, data };
        await queueInTransaction(db.outbox, [{ kind: 'audit', record }]);
        return n;
      });
      syncKick();
      const saved: AuditEntry = { ...entry, id };
      for (const cb of listeners) cb(saved);
      return id;
    },
    async applyFromHub(entries) {
      const added: AuditEntry[] = [];
      await db.transaction('rw', db.audit, async () => {
        for (const e of entries) {
          if (!isKind(e.kind) || (await db.audit.where('hubId').equals(e.id).count()) > 0) continue;
          const row = { at: e.at, robotId: e.robotId, kind: e.kind, person: e.person, data: e.data, hubId: e.id };
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
  };
}

let shared: AuditRepo | undefined;

/** The app-wide audit repository on the shared database. */
export function getAuditRepo(): AuditRepo {
  shared ??= createAuditRepo();
  return shared;
}
