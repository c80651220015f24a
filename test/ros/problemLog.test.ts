import { describe, expect, it, vi } from 'vitest';
import { MAX_PROBLEM_CHARS, ProblemLog } from '../../src/ros/problemLog';

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

  it('repeats within the coalescing window are one entry with a count (a flood cannot push others out)', () => {
    let now = 0;
    const log = new ProblemLog({ max: 5, coalesceMs: 1000, now: () => now, warn: () => {}, label: 'ws://r:9090' });
    log.add('connection', 'connection refused');
    for (let i = 0; i < 10_000; i++) {
      now = i / 10;
      log.add('malformed-frame', `text frame is not JSON: "${i}"`, undefined, 'malformed-frame');
    }
    expect(log.list()).toHaveLength(2);
    const flood = log.list()[1];
    expect(flood).toMatchObject({
      kind: 'malformed-frame',
      count: 10_000,
      firstAt: 0,
      at: 999.9,
      message: 'text frame is not JSON: "9999"',
      robot: 'ws://r:9090',
    });
    expect(log.list()[0]).toMatchObject({ kind: 'connection', message: 'connection refused', robot: 'ws://r:9090' });
    now = 5000; // the same key after the window: a new entry
    log.add('malformed-frame', 'again', undefined, 'malformed-frame');
    expect(log.list()).toHaveLength(3);
    expect(log.list()[2].count).toBeUndefined();
  });

  it('by default only exact repeats coalesce; the freshest goes last', () => {
    const log = new ProblemLog({ warn: () => {} });
    log.add('service-error', '/a: no');
    log.add('service-error', '/b: no');
    log.add('service-error', '/a: no');
    expect(log.list().map((p) => `${p.message} x${p.count ?? 1}`)).toEqual(['/b: no x1', '/a: no x2']);
  });

  it('caps robot-supplied text and accounts for the bytes it holds', () => {
    const log = new ProblemLog({ warn: () => {} });
    log.add('service-error', `/s: ${'x'.repeat(1_000_000)}`);
    expect(log.list()[0].message).toHaveLength(MAX_PROBLEM_CHARS);
    expect(log.list()[0].message.endsWith('…')).toBe(true);
    expect(log.bytes()).toBeLessThan(4 * MAX_PROBLEM_CHARS);
  });
});
