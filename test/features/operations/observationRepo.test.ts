import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createObservationRepo, extendLiveSession, setLiveSession } from '../../../src/features/operations/observationRepo';
import { ConsoleDb } from '../../../src/storage/db';

describe('observation repository', () => {
  it('a session grows with its heartbeat, never backwards, and is found by overlap', async () => {
    const repo = createObservationRepo(new ConsoleDb(`observed-${Math.random()}`));
    const a = await repo.begin(100);
    await repo.extend(a, 200);
    await repo.extend(a, 150);
    const b = await repo.begin(500);
    await repo.extend(b, 600);
    expect(await repo.between(0, 1000)).toEqual([
      { start: 100, end: 200 },
      { start: 500, end: 600 },
    ]);
    expect(await repo.between(250, 550)).toEqual([{ start: 500, end: 600 }]);
    expect(await repo.between(700, 800)).toEqual([]);
  });

  it("figures read before the first heartbeat still count this console's open session up to now", async () => {
    const repo = createObservationRepo(new ConsoleDb(`observed-${Math.random()}`));
    const id = repo.begin(1000);
    setLiveSession(repo, id);
    try {
      await extendLiveSession(4000);
      expect(await repo.between(0, 5000)).toEqual([{ start: 1000, end: 4000 }]);
    } finally {
      setLiveSession(repo, undefined);
    }
    await extendLiveSession(9000);
    expect(await repo.between(0, 10_000)).toEqual([{ start: 1000, end: 4000 }]);
  });
});
