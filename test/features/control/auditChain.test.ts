import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConsoleDb } from '../../../src/storage/db';
import { createAuditRepo } from '../../../src/features/control/auditRepo';
import { canonicalJson, GENESIS_HASH, hashRecord, sha256Hex, verifyChain } from '../../../src/features/control/auditChain';

let n = 0;
const freshDb = () => new ConsoleDb(`audit-chain-${Date.now()}-${n++}`);

async function trail() {
  const db = freshDb();
  const repo = createAuditRepo(db);
  // appended without awaiting in between: the repo serialises them into one chain
  await Promise.all([
    repo.append({ at: 1000, robotId: 'r1', kind: 'request', person: 'robot', data: { reason: 'blocked' } }),
    repo.append({ at: 2000, robotId: 'r1', kind: 'approve', person: 'Li Wei', data: { kind: 'takeover' } }),
    repo.append({ at: 3000, robotId: 'r1', kind: 'control', person: 'Li Wei', data: { holder: 'Li Wei' } }),
    repo.append({ at: 4000, robotId: 'r1', kind: 'estop', person: 'Li Wei', data: { disabled: true } }),
  ]);
  return { db, repo };
}

describe('audit hash chain', () => {
  it('SHA-256 of a known text, and canonical JSON independent of key order', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: 'x' }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":"x","z":0}]},"b":1}');
  });

  it('each record carries the hash of the one before it; an untouched trail checks out', async () => {
    const { repo } = await trail();
    const all = (await repo.list()).reverse();
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(all[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < all.length; i++) expect(all[i]!.prevHash).toBe(all[i - 1]!.hash);
    const check = await repo.verify();
    expect(check).toMatchObject({ ok: true, count: 4, head: all[3]!.hash });
    const exported = await repo.exportChain(5000);
    expect(exported.head).toBe(all[3]!.hash);
    expect(exported.records.map((r) => r.hash)).toEqual(all.map((e) => e.hash));
    expect((await verifyChain(exported.records)).ok).toBe(true);
  });

  it('a changed record is named: the first one whose content no longer matches its hash', async () => {
    const { db, repo } = await trail();
    const second = (await db.audit.orderBy(':id').toArray())[1]!;
    await db.audit.update(second.id!, { person: 'Someone Else' });
    expect(await repo.verify()).toMatchObject({ ok: false, firstBad: { seq: 2, problem: 'changed' } });
  });

  it('a removed record is named by the record after it', async () => {
    const { db, repo } = await trail();
    const rows = await db.audit.orderBy(':id').toArray();
    await db.audit.delete(rows[2]!.id!);
    expect(await repo.verify()).toMatchObject({ ok: false, firstBad: { seq: 4, problem: 'removed-before' } });
  });

  it('a record re-hashed after a change still breaks the link of the next one', async () => {
    const { db, repo } = await trail();
    const rows = await db.audit.orderBy(':id').toArray();
    const r = rows[0]!;
    const forged = { seq: r.seq!, at: r.at, robotId: r.robotId, kind: r.kind, person: 'Forger', data: r.data, prevHash: r.prevHash! };
    await db.audit.update(r.id!, { person: 'Forger', hash: await hashRecord(forged) });
    expect(await repo.verify()).toMatchObject({ ok: false, firstBad: { seq: 2, problem: 'removed-before' } });
  });

  it('records from before the chain are counted as legacy, not vouched for', async () => {
    const db = freshDb();
    await db.audit.add({ at: 1, robotId: 'r', kind: 'request', person: 'p', data: {} });
    const repo = createAuditRepo(db);
    await repo.append({ at: 2, robotId: 'r', kind: 'deny', person: 'p', data: {} });
    expect(await repo.verify()).toMatchObject({ ok: true, legacy: 1, count: 2 });
  });
});
