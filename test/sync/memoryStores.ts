// In-memory outbox and sync state with the same contract as the IndexedDB ones, for the benchmark (where
// IndexedDB emulation in Node would be what is measured) and for tests that need many consoles.
import { groupOf, type OutboxEntry, type OutboxItem, type OutboxStore, type SyncStateStore } from '../../src/sync';

export function memoryOutbox(): OutboxStore {
  let seq = 0;
  let items: OutboxItem[] = [];
  return {
    async add(records: readonly OutboxEntry[], at: number) {
      for (const r of records)
        items.push({ seq: ++seq, kind: r.kind, recordId: r.record.id, group: groupOf(r), record: r.record, enqueuedAt: at, attempts: 0 });
    },
    peek: async (limit) => items.slice(0, limit),
    async remove(seqs) {
      const gone = new Set(seqs);
      items = items.filter((i) => !gone.has(i.seq));
    },
    inGroups: async (groups) => items.filter((i) => groups.includes(i.group)),
    async noteAttempt(seqs, error) {
      for (const i of items) if (seqs.includes(i.seq)) Object.assign(i, { attempts: i.attempts + 1, lastError: error });
    },
    count: async () => items.length,
    oldestAt: async () => items[0]?.enqueuedAt,
  };
}

export function memorySyncState(): SyncStateStore {
  const m = new Map<string, unknown>();
  return {
    get: async <T>(k: string) => m.get(k) as T | undefined,
    set: async (k, v) => void m.set(k, v),
    delete: async (k) => void m.delete(k),
  };
}
