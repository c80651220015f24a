import { describe, expect, it } from 'vitest';
import { Gait, JOINT_NAMES, humanoidUrdf } from '../../src/sim/humanoid';

describe('humanoid', () => {
  it('joint_states name every URDF joint; the gait moves the legs', () => {
    const urdf = humanoidUrdf('x', [1, 0, 0]);
    for (const j of JOINT_NAMES) expect(urdf).toContain(`<joint name="${j}" type="revolute">`);
    expect(JOINT_NAMES.length).toBeGreaterThanOrEqual(25);
    const range = (v: number): number => {
      const g = new Gait();
      const hip = JOINT_NAMES.indexOf('left_hip_pitch');
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < 150; i++) {
        g.step(0.02, v, 0, 0.8);
        if (i > 50) {
          lo = Math.min(lo, g.positions[hip]!);
          hi = Math.max(hi, g.positions[hip]!);
        }
      }
      return hi - lo;
    };
    expect(range(0.6)).toBeGreaterThan(0.4); // walking swings the legs
    expect(range(0)).toBeLessThan(0.05); // idle: only a gentle sway elsewhere
  });
});
