import { describe, expect, it, vi } from 'vitest';
import { loadRememberedRobots, MAX_REMEMBERED_ROBOTS } from '../../src/fleet/robotsStorage';

describe('remembered robots', () => {
  it('reads back at most MAX_REMEMBERED_ROBOTS, so a huge stored list cannot freeze the next start', () => {
    const stored = JSON.stringify(Array.from({ length: 10_000 }, (_, i) => ({ url: `ws://10.0.0.1:${10000 + i}` })));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const robots = loadRememberedRobots({ getItem: () => stored });
    expect(robots).toHaveLength(MAX_REMEMBERED_ROBOTS);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('keeps only entries with an address', () => {
    expect(loadRememberedRobots({ getItem: () => JSON.stringify([{ url: 'ws://a:9090' }, { url: 5 }, null, 'x']) })).toEqual([
      { url: 'ws://a:9090' },
    ]);
  });
});
