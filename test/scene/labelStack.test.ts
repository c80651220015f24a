// Labels of robots at the same pose stack (one label height each, in fleet order) instead of hiding each other.
import { describe, expect, it } from 'vitest';
import { stackAnchorY, stackIndex, STACK_STEP } from '../../src/scene/labelStack';

const r = (id: string, x: number, y: number, shown = true) => ({ id, x, y, shown });

describe('stackIndex', () => {
  it('robots at the same pose take places 0, 1, 2 in fleet order; robots apart stay at 0', () => {
    const fleet = [r('a', 1, 1), r('b', 1, 1), r('c', 5, 5), r('d', 1.2, 1.1)];
    expect(fleet.map((x) => stackIndex(x.id, fleet))).toEqual([0, 1, 0, 2]);
    expect(stackAnchorY(2)).toBeCloseTo(-2 * STACK_STEP);
    expect(stackAnchorY(0)).toBe(-0);
  });

  it('a robot that is not drawn does not push others up', () => {
    const fleet = [r('a', 1, 1, false), r('b', 1, 1)];
    expect(stackIndex('b', fleet)).toBe(0);
    expect(stackIndex('a', fleet)).toBe(0);
    expect(stackIndex('missing', fleet)).toBe(0);
  });
});
