import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConsoleDb } from '../../../src/storage/db';
import { createAuditRepo } from '../../../src/features/control/auditRepo';

let n = 0;
const freshDb = () => new ConsoleDb(`audit-test-${Date.now()}-${n++}`);

describe('audit repository', () => {
  it('round-trips entries, newest first, and survives reopening the database', async () => {
    const db = freshDb();
    const repo = createAuditRepo(db);
    await repo.append({ at: 1000, robotId: 'ws://a:9090', kind: 'request', person: 'robot-a', data: { id: 'r1', reason: 'blocked' } });
    await repo.append({ at: 2000, robotId: 'ws://a:9090', kind: 'approve', person: 'Li Wei', data: { id: 'r1' } });
    await repo.append({ at: 3000, robotId: 'ws://b:9090', kind: 'estop', person: 'Li Wei', data: { ok: true } });
    db.close();

    const reopened = new ConsoleDb(db.name);
    const again = createAuditRepo(reopened);
    const all = await again.list();
    expect(all.map((e) => e.kind)).toEqual(['estop', 'approve', 'request']);
    expect(all[2]).toMatchObject({ at: 1000, robotId: 'ws://a:9090', person: 'robot-a', data: { id: 'r1', reason: 'blocked' } });
    expect(typeof all[0].id).toBe('number');
    reopened.close();
  });

  it('filters by robot, kind and time and tells listeners about appends', async () => {
    const repo = createAuditRepo(freshDb());
    const seen: string[] = [];
    const off = repo.onAppend((e) => seen.push(e.kind));
    for (let i = 0; i < 5; i++) {
      await repo.append({ at: i * 100, robotId: i % 2 ? 'r1' : 'r2', kind: i % 2 ? 'control' : 'handback', person: 'p', data: {} });
    }
    off();
    await repo.append({ at: 999, robotId: 'r1', kind: 'deny', person: 'p', data: {} });
    expect(seen).toHaveLength(5);
    expect((await repo.list({ robotId: 'r1' })).map((e) => e.at)).toEqual([999, 300, 100]);
    expect((await repo.list({ kinds: ['handback'] })).map((e) => e.at)).toEqual([400, 200, 0]);
    expect((await repo.list({ since: 100, until: 300 })).map((e) => e.at)).toEqual([300, 200, 100]);
    expect((await repo.list({ limit: 2 })).map((e) => e.at)).toEqual([999, 400]);
  });
});
