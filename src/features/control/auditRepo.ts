// The takeover audit trail: every request, decision, control change, e-stop and hand-back, with time, robot
// and person. Kinds are explicit (no free text) so later work can count interventions per hour from them.
import { getDb, type AuditRecord, type ConsoleDb } from '../../storage';

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
      const id = await db.audit.add({ ...entry });
      const saved: AuditEntry = { ...entry, id };
      for (const cb of listeners) cb(saved);
      return id;
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
