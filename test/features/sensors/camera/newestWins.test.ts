import { describe, expect, it } from 'vitest';
import { NewestWins, RateMeter } from '../../../../src/features/sensors/camera/newestWins';

describe('newest frame wins', () => {
  it('keeps only the newest pending item and counts the drops', () => {
    const released: number[] = [];
    const slot = new NewestWins<number>((n) => released.push(n));
    expect(slot.put(1)).toBe(false);
    expect(slot.put(2)).toBe(true);
    expect(slot.put(3)).toBe(true);
    expect(slot.take()).toBe(3);
    expect(slot.take()).toBeUndefined();
    expect(slot.dropped).toBe(2);
    expect(released).toEqual([1, 2]);
    slot.put(4);
    expect(slot.take()).toBe(4);
    expect(slot.taken).toBe(2);
  });

  it('a 60 Hz stream drawn at 20 Hz shows every third frame and drops the rest', () => {
    const slot = new NewestWins<number>();
    const shown: number[] = [];
    for (let i = 1; i <= 30; i++) {
      slot.put(i);
      if (i % 3 === 0) shown.push(slot.take()!);
    }
    expect(shown).toEqual([3, 6, 9, 12, 15, 18, 21, 24, 27, 30]);
    expect(slot.dropped).toBe(20);
  });

  it('clear() releases without counting', () => {
    const released: string[] = [];
    const slot = new NewestWins<string>((s) => released.push(s));
    slot.put('a');
    slot.clear();
    expect(slot.isPending).toBe(false);
    expect(slot.dropped).toBe(0);
    expect(released).toEqual(['a']);
  });
});

describe('rate meter', () => {
  it('measures Hz over its window', () => {
    const m = new RateMeter(2000);
    for (let t = 0; t <= 1000; t += 100) m.tick(t);
    expect(m.rate(1000)).toBeCloseTo(10, 5);
    expect(m.rate(5000)).toBe(0);
  });
});
