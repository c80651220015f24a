// The outbox: every record the console wrote locally, in order, until the hub has accepted it. Kept in the
// console's IndexedDB so a closed window or a crash loses nothing. A repository that writes a record can
// add its outbox row in the same Dexie transaction (outboxRow()), so the record and its queue entry land
// together or not at all.
import type { Table } from 'dexie';
import type { BlobMeta, PushRecord } from '../contracts';
import type { OutboxRecord } from '../storage';

/** A clip or screenshot to upload; its bytes are read from the console's store when it is its turn. */
export type BlobRef = Pick<BlobMeta, 'site' | 'id' | 'mime' | 'incidentId'>;
/** What waits in the outbox: a record for /api/push, or a blob for PUT /api/blobs. */
export type OutboxEntry = PushRecord | { kind: 'blob'; record: BlobRef };

export interface OutboxItem {
  seq: number;
  kind: OutboxEntry['kind'];
  recordId: string;
  group: string;
  record: OutboxEntry['record'];
  enqueuedAt: number;
  attempts: number;
  lastError?: string;
}

export interface OutboxStore {
  add(records: readonly OutboxEntry[], at: number): Promise<void>;
  /** Oldest first. */
  peek(limit: number): Promise<OutboxItem[]>;
  remove(seqs: readonly number[]): Promise<void>;
  /** Queued items of these groups (changes of a task whose earlier change the hub refused). */
  inGroups(groups: readonly string[]): Promise<OutboxItem[]>;
  noteAttempt(seqs: readonly number[], error: string): Promise<void>;
  count(): Promise<number>;
  oldestAt(): Promise<number | undefined>;
}

/** Records that must be applied in order and fail together: the changes of one task. */
export function groupOf(r: OutboxEntry): string {
  switch (r.kind) {
    case 'task':
      return `task:${r.record.id}`;
    case 'taskChange':
    case 'taskProgress':
      return `task:${r.record.taskId}`;
    case 'incident':
      return `incident:${r.record.id}`;
    case 'incidentEdit':
      return `incident:${r.record.incidentId}`;
    case 'blob':
      return r.record.incidentId ? `incident:${r.record.incidentId}` : `blob:${r.record.id}`;
    default:
      return `${r.kind}:${r.record.id}`;
  }
}

export function outboxRow(r: OutboxEntry, at: number): OutboxRecord {
  return { kind: r.kind, recordId: r.record.id, group: groupOf(r), record: r.record, enqueuedAt: at, attempts: 0 };
}

const toItem = (row: OutboxRecord): OutboxItem => row as OutboxItem;

export function dexieOutbox(table: Table<OutboxRecord, number>): OutboxStore {
  return {
    async add(records, at) {
      if (records.length) await table.bulkAdd(records.map((r) => outboxRow(r, at)));
    },
    async peek(limit) {
      return (await table.orderBy('seq').limit(limit).toArray()).map(toItem);
    },
    async remove(seqs) {
      if (seqs.length) await table.bulkDelete([...seqs]);
    },
    async inGroups(groups) {
      if (!groups.length) return [];
      return (
        await table
          .where('group')
          .anyOf([...groups])
          .sortBy('seq')
      ).map(toItem);
    },
    async noteAttempt(seqs, error) {
      await table
        .where('seq')
        .anyOf([...seqs])
        .modify((row) => {
          row.attempts += 1;
          row.lastError = error.slice(0, 500);
        });
    },
    count: () => table.count(),
    async oldestAt() {
      return (await table.orderBy('seq').first())?.enqueuedAt;
    },
  };
}

/** Cursor and session, remembered across restarts. */
export interface SyncStateStore {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

export function dexieSyncState(table: Table<{ key: string; value: unknown }, string>): SyncStateStore {
  return {
    async get<T>(key: string) {
      return (await table.get(key))?.value as T | undefined;
    },
    async set(key, value) {
      await table.put({ key, value });
    },
    async delete(key) {
      await table.delete(key);
    },
  };
}
