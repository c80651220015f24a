import { describe, expect, it } from 'vitest';
import { DecayBuffer } from '../../../../src/features/sensors/points/decayBuffer';

describe('decay buffer', () => {
  it('decay 0 keeps only the newest', () => {
    const b = new DecayBuffer<{ at: number; cost: number; id: number }>();
    b.push({ at: 0, cost: 10, id: 1 }, 0);
    b.push({ at: 100, cost: 10, id: 2 }, 0);
    expect(b.items.map((i) => i.id)).toEqual([2]);
    expect(b.cost).toBe(10);
  });

  it('keeps the last N seconds, and stays within a point budget', () => {
    const released: number[] = [];
    const b = new DecayBuffer<{ at: number; cost: number; id: number }>((i) => released.push(i.id));
    for (let i = 0; i < 30; i++) b.push({ at: i * 100, cost: 10, id: i }, 1000);
    expect(b.items.length).toBe(11); // 1900..2900 inclusive
    expect(b.prune(4000, 1000)).toBe(11);
    expect(b.items.length).toBe(0);
    b.push({ at: 5000, cost: 500, id: 99 }, 1000, 100);
    expect(b.items.map((i) => i.id)).toEqual([99]);
    expect(released.length).toBeGreaterThan(20);
  });
});
