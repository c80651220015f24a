import { describe, expect, it, vi } from 'vitest';
import { ProblemLog } from '../../src/ros/problemLog';

describe('ProblemLog', () => {
  it('keeps the last N problems', () => {
    const log = new ProblemLog({ max: 3, warn: () => {} });
    for (let i = 0; i < 10; i++) log.add('malformed-frame', `bad ${i}`);
    expect(log.list().map((p) => p.message)).toEqual(['bad 7', 'bad 8', 'bad 9']);
  });

  it('warns once per kind+topic per interval, then says how many were suppressed', () => {
    let now = 0;
    const lines: string[] = [];
    const log = new ProblemLog({ warnIntervalMs: 1000, now: () => now, warn: (l) => lines.push(l), label: 'ws://r' });
    log.add('silent-topic', 'no data on /a', '/a');
    log.add('silent-topic', 'no data on /a', '/a');
    log.add('silent-topic', 'no data on /b', '/b');
    log.add('malformed-frame', 'x');
    expect(lines).toHaveLength(3);
    now = 1500;
    log.add('silent-topic', 'no data on /a', '/a');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('[robot link ws://r] silent-topic: no data on /a (+1 similar since last report)');
  });

  it('notifies listeners and survives a throwing one', () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const log = new ProblemLog({ warn: () => {} });
    const seen: string[] = [];
    log.subscribe(() => {
      throw new Error('boom');
    });
    const off = log.subscribe((p) => seen.push(p.message));
    log.add('timeout', 'one');
    off();
    log.add('timeout', 'two');
    expect(seen).toEqual(['one']);
    expect(err).toHaveBeenCalledTimes(2);
    err.mockRestore();
  });
});
