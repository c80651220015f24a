import { describe, expect, it } from 'vitest';
import { planPath } from '../../src/sim/planner';

describe('grid planner', () => {
  it('finds a path around a wall and none when sealed', () => {
    const blocked = (x: number, y: number) => x > 4.8 && x < 5.2 && y < 9;
    const r = planPath({ x: 1, y: 1 }, { x: 9, y: 1 }, { bounds: { minX: 0, minY: 0, maxX: 10, maxY: 10 }, blocked });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.length).toBeGreaterThan(16);
      expect(r.path.length).toBeLessThan(6);
    }
    const sealed = planPath(
      { x: 1, y: 1 },
      { x: 9, y: 1 },
      { bounds: { minX: 0, minY: 0, maxX: 10, maxY: 10 }, blocked: (x) => x > 4.8 && x < 5.2 },
    );
    expect(sealed).toEqual({ ok: false, reason: 'no-path' });
  });
});
