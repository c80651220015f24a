// The console's one durable database (IndexedDB through Dexie), shared by tasks, takeover audit and incidents,
// so the same code runs in Chromium, in Electron's renderer and in tests (fake-indexeddb).
//
// Schema changes: never edit a released version's stores. Add a new version below the last one, e.g.
//
//   db.version(2)
//     .stores({ tasks: 'id, robotId, state, assignedAt, [robotId+order], templateId' }) // only changed tables
//     .upgrade(async (tx) => {
//       await tx.table('tasks').toCollection().modify((t) => { t.templateId ??= 'go-to-place'; });
//     });
//
// Dexie keeps the older versions' declarations to know how to migrate a database opened by an older build.
// Only indexed fields are listed in stores(); every other field is stored as-is.
import Dexie, { type Table } from 'dexie';

export interface AuditRecord {
  id?: number;
  at: number;
  robotId: string;
  kind: string;
  person: string;
  data: unknown;
  /** Hash chain (features/control/auditChain): position, the previous record's hash, this record's hash. */
  seq?: number;
  prevHash?: string;
  hash?: string;
  /** The record's id at the site hub (also for entries made here), so one from the hub is stored once. */
  hubId?: string;
  /** Came from the hub (another console's entry): not part of this console's hash chain. */
  remote?: boolean;
}

export interface IncidentRecord {
  id: string;
  at: number;
  robotId: string;
  [field: string]: unknown;
}

export interface BlobRecord {
  id: string;
  mime: string;
  data: Blob | ArrayBuffer | Uint8Array;
  createdAt: number;
}

/** A robot entered a mode (operations: time connected, autonomous, under teleop, idle, disconnected). */
export interface ModeRecord {
  id?: number;
  at: number;
  robotId: string;
  mode: string;
  /** The mode span's id at the site hub. */
  hubId?: string;
  /** Came from the hub (another console saw it): this console does not close its span. */
  remote?: boolean;
}

/** A console session that recorded modes: figures count only time inside one as observed. */
export interface ObservedRecord {
  id?: number;
  start: number;
  end: number;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

/** Stored shapes are declared loosely here; features validate what they read back. */
export interface StoredTask {
  id: string;
  robotId: string;
  state: string;
  assignedAt: number;
  order: number;
  [field: string]: unknown;
}

export interface StoredTemplate {
  id: string;
  [field: string]: unknown;
}

/** A record written locally and not yet accepted by the site hub (src/sync pushes these, oldest first). */
export interface OutboxRecord {
  seq?: number;
  kind: string;
  /** Record id; with kind, what the hub deduplicates on. */
  recordId: string;
  /** Records that depend on each other (changes of one task) share a group: a refusal drops the rest. */
  group: string;
  record: unknown;
  enqueuedAt: number;
  attempts: number;
  lastError?: string;
}

export interface SyncStateRecord {
  key: string;
  value: unknown;
}

export const DB_NAME = 'operator-console';

export class ConsoleDb extends Dexie {
  tasks!: Table<StoredTask, string>;
  templates!: Table<StoredTemplate, string>;
  settings!: Table<SettingRecord, string>;
  audit!: Table<AuditRecord, number>;
  incidents!: Table<IncidentRecord, string>;
  blobs!: Table<BlobRecord, string>;
  modes!: Table<ModeRecord, number>;
  outbox!: Table<OutboxRecord, number>;
  syncState!: Table<SyncStateRecord, string>;
  observed!: Table<ObservedRecord, number>;

  constructor(name: string = DB_NAME) {
    super(name);
    this.version(1).stores({
      tasks: 'id, robotId, state, assignedAt, [robotId+order]',
      templates: 'id',
      settings: 'key',
      audit: '++id, at, robotId, kind',
      incidents: 'id, at, robotId',
      blobs: 'id',
    });
    // v2: robot mode changes, the record uptime and interventions per hour are computed from.
    this.version(2).stores({ modes: '++id, at, robotId' });
    // v3: the site hub's outbox (records waiting to be pushed, in order) and the sync cursor and session.
    this.version(3).stores({ outbox: '++seq, group, enqueuedAt', syncState: 'key' });
    // v4: console sessions that observed the robots (time outside them is "not observed" in the figures), and hub
    // ids on audit entries and mode events, so what comes back from the hub is stored once.
    this.version(4).stores({ observed: '++id, start', audit: '++id, at, robotId, kind, hubId', modes: '++id, at, robotId, hubId' });
  }
}

let shared: ConsoleDb | undefined;

/** The app-wide database. Tests make their own with `new ConsoleDb('test-' + n)`. */
export function getDb(): ConsoleDb {
  shared ??= new ConsoleDb();
  return shared;
}

/** Error text for a person: what failed and that earlier data is untouched. */
export function storageErrorText(err: unknown): string {
  const name = err instanceof Error ? err.name : '';
  const msg = err instanceof Error ? err.message : String(err);
  return name && !msg.startsWith(name) ? `${name}: ${msg}` : msg;
}
