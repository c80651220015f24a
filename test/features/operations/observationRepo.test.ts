import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createObservationRepo } from '../../../src/features/operations/observationRepo';
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
});
