import { describe, expect, it } from 'vitest';
import { fromYaw, yawOf } from '../../src/scene/tfMath';

describe('tf math', () => {
  it('fromYaw round-trips', () => {
    expect(yawOf(fromYaw(0, 0, 0, 1.2))).toBeCloseTo(1.2);
  });
});
