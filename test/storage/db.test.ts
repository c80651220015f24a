import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConsoleDb } from '../../src/storage/db';

describe('console database (IndexedDB via Dexie)', () => {
  it('declares the tables of tasks, takeover audit and incidents (later versions may add more)', async () => {
    const db = new ConsoleDb(`test-db-${Date.now()}`);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(1);
    expect(db.tables.map((t) => t.name)).toEqual(expect.arrayContaining(['audit', 'blobs', 'incidents', 'settings', 'tasks', 'templates']));
    await db.audit.add({ at: 1, robotId: 'r', kind: 'takeover', person: 'ana', data: { why: 'x' } });
    expect(await db.audit.where('robotId').equals('r').count()).toBe(1);
    db.close();
  });
});
