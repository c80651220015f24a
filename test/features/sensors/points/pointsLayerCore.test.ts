import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { PointsLayerCore } from '../../../../src/features/sensors/points/pointsLayerCore';
import { laserScanToPoints } from '../../../../src/features/sensors/points/laserScan';

function scanPoints(frameId: string, stampSec: number) {
  const p = laserScanToPoints({ angle_min: 0, angle_increment: 0.1, range_min: 0.1, range_max: 10, ranges: [1, 2, NaN, 3] });
  return { ...p, frameId, stampSec };
}

describe('points layer core', () => {
  it('places each scan by TF at its stamp; a scan without TF stays hidden and is reported', () => {
    const core = new PointsLayerCore();
    const lookup = (f: string, t?: number) => (f === 'laser' ? new THREE.Matrix4().makeTranslation(t ?? 0, 0, 0) : null);
    core.add(scanPoints('laser', 5), 1000, 0, 1e6);
    expect(core.update(1000, lookup, 0, 1e6, 3)).toBeUndefined();
    const obj = core.entries[0].points;
    expect(obj.visible).toBe(true);
    expect(obj.geometry.drawRange.count).toBe(3);
    const world = new THREE.Vector3(1, 0, 0).applyMatrix4(obj.matrix);
    expect(world.x).toBeCloseTo(6);
    core.add(scanPoints('nowhere', 6), 1100, 0, 1e6);
    expect(core.update(1100, lookup, 0, 1e6, 3)).toBe('nowhere');
    expect(core.entries.length).toBe(1);
    expect(core.entries[0].points.visible).toBe(false);
  });

  it('decay keeps the last N seconds as separate objects, within the point budget', () => {
    const core = new PointsLayerCore();
    const lookup = () => new THREE.Matrix4();
    for (let i = 0; i < 20; i++) core.add(scanPoints('laser', i), i * 100, 1000, 1e6);
    core.update(1900, lookup, 1000, 1e6, 3);
    expect(core.entries.length).toBe(11);
    expect(core.group.children.length).toBe(11);
    core.update(1900, lookup, 1000, 10, 3);
    expect(core.pointCount).toBeLessThanOrEqual(10);
    core.dispose();
    expect(core.group.children.length).toBe(0);
  });
});
