import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createModeRepo } from '../../../src/features/operations/modeRepo';
import { ConsoleDb } from '../../../src/storage/db';

describe('mode repository', () => {
  it("mode repo returns the window plus each robot's mode at its start", async () => {
    const repo = createModeRepo(new ConsoleDb(`modes-${Math.random()}`));
    await repo.append({ robotId: 'a', at: 10, mode: 'idle' });
    await repo.append({ robotId: 'a', at: 20, mode: 'autonomous' });
    await repo.append({ robotId: 'b', at: 15, mode: 'teleop' });
    await repo.append({ robotId: 'a', at: 50, mode: 'disconnected' });
    await repo.append({ robotId: 'a', at: 99, mode: 'idle' });
    expect(await repo.between(30, 60)).toEqual([
      { robotId: 'b', at: 15, mode: 'teleop' },
      { robotId: 'a', at: 20, mode: 'autonomous' },
      { robotId: 'a', at: 50, mode: 'disconnected' },
    ]);
  });
});
