import { describe, expect, it } from 'vitest';
import { laserScanToPoints, type LaserScanMsg } from '../../../../src/features/sensors/points/laserScan';
import { jsonScanFrame } from '../../../support/sensorFrames';

const base = { angle_min: 0, angle_increment: Math.PI / 2, range_min: 0.5, range_max: 10 };

describe('LaserScan to points', () => {
  it('places readings by angle, in the scan frame', () => {
    const p = laserScanToPoints({ ...base, ranges: [1, 2] });
    expect(p.count).toBe(2);
    expect(p.positions[0]).toBeCloseTo(1);
    expect(p.positions[1]).toBeCloseTo(0);
    expect(p.positions[3]).toBeCloseTo(0);
    expect(p.positions[4]).toBeCloseTo(2);
  });

  it('skips NaN, Inf, null and readings outside range_min/range_max', () => {
    const p = laserScanToPoints({ ...base, ranges: [0.2, NaN, Infinity, null, 11, 3, 10, 0.5] });
    expect(p.count).toBe(3);
    expect(p.skipped).toBe(5);
    const f32 = laserScanToPoints({ ...base, ranges: Float32Array.from([NaN, 2]) });
    expect(f32.count).toBe(1);
  });

  it('colours by range: near and far differ', () => {
    const p = laserScanToPoints({ ...base, ranges: [0.5, 10] });
    expect(Array.from(p.colors.subarray(0, 3))).not.toEqual(Array.from(p.colors.subarray(3, 6)));
  });

  it('real rosbridge frame: 181 readings, the null one skipped', () => {
    const msg = jsonScanFrame().msg as unknown as LaserScanMsg;
    expect(msg.ranges.length).toBe(181);
    const p = laserScanToPoints(msg);
    expect(p.count).toBe(180);
    for (let i = 0; i < p.count * 3; i++) expect(Number.isFinite(p.positions[i])).toBe(true);
  });

  it('bad angles give no points rather than NaN points', () => {
    expect(laserScanToPoints({ ...base, angle_increment: NaN, ranges: [1] }).count).toBe(0);
  });
});
