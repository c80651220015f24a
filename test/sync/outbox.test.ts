import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConsoleDb } from '../../src/storage/db';
import { dexieOutbox, dexieSyncState, groupOf, outboxRow } from '../../src/sync';
import { auditRecord, taskChange, taskRecord } from '../hub/support/records';

let n = 0;
const fresh = () => new ConsoleDb(`outbox-${++n}-${Date.now()}`);

describe('outbox (IndexedDB)', () => {
  it('keeps records in the order written, across a reopen, until removed', async () => {
    const name = `outbox-reopen-${Date.now()}`;
    let db = new ConsoleDb(name);
    const box = dexieOutbox(db.outbox);
    const t = taskRecord('task-1');
    await box.add([t, taskChange('task-1', 1, 'dispatched'), auditRecord({ id: 'a1' })], 100);
    db.close();
    db = new ConsoleDb(name);
    const again = dexieOutbox(db.outbox);
    const items = await again.peek(10);
    expect(items.map((i) => [i.kind, i.recordId, i.group])).toEqual([
      ['task', 'task-1', 'task:task-1'],
      ['taskChange', items[1]!.recordId, 'task:task-1'],
      ['audit', 'a1', 'audit:a1'],
    ]);
    expect(await again.oldestAt()).toBe(100);
    expect((await again.inGroups(['task:task-1'])).map((i) => i.kind)).toEqual(['task', 'taskChange']);
    await again.noteAttempt([items[0]!.seq], 'hub unreachable');
    expect((await again.peek(1))[0]).toMatchObject({ attempts: 1, lastError: 'hub unreachable' });
    await again.remove(items.slice(0, 2).map((i) => i.seq));
    expect(await again.count()).toBe(1);
    db.close();
  });

  it('lands with the record it queues, or not at all, when written in one transaction', async () => {
    const db = fresh();
    const t = taskRecord('task-2');
    await expect(
      db.transaction('rw', db.tasks, db.outbox, async () => {
        await db.tasks.put({ id: 'task-2', robotId: 'r', state: 'queued', assignedAt: 1, order: 1 });
        await db.outbox.add(outboxRow(t, 1));
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await db.tasks.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    await db.transaction('rw', db.tasks, db.outbox, async () => {
      await db.tasks.put({ id: 'task-2', robotId: 'r', state: 'queued', assignedAt: 1, order: 1 });
      await db.outbox.add(outboxRow(t, 1));
    });
    expect(await db.outbox.count()).toBe(1);
    expect(groupOf(taskChange('task-2', 1, 'canceled'))).toBe('task:task-2');
    db.close();
  });

  it('remembers the cursor and session', async () => {
    const db = fresh();
    const st = dexieSyncState(db.syncState);
    await st.set('hub.cursor', 42);
    expect(await st.get('hub.cursor')).toBe(42);
    await st.delete('hub.cursor');
    expect(await st.get('hub.cursor')).toBeUndefined();
    db.close();
  });
});
