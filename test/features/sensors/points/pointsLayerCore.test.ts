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

describe('points layer core with reduced detail', () => {
  function cloud(n: number) {
    const positions = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) positions[i * 3] = i;
    return { positions, colors: new Float32Array(n * 3).fill(1), count: n, frameId: 'map' };
  }
  const lookup = () => new THREE.Matrix4();

  it('a big cloud draws every n-th point through a shared index, at a size that keeps its area; a small one stays whole', () => {
    const core = new PointsLayerCore();
    core.add(cloud(1001), 0, 1000, 1e6);
    core.add({ ...cloud(10), frameId: 'map' }, 0, 1000, 1e6);
    core.update(0, lookup, 1000, 1e6, 2, { stride: 4, above: 100 });
    const [big, small] = core.entries.map((e) => e.points);
    const index = big.geometry.index!;
    expect(big.geometry.drawRange.count).toBe(251);
    // The drawn points are 0, 4, 8, … 1000: every 4th, the last one included.
    expect(Array.from(index.array.slice(0, 3))).toEqual([0, 4, 8]);
    expect(index.array[250]).toBe(1000);
    expect(small.geometry.index).toBeNull();
    expect(small.geometry.drawRange.count).toBe(10);
    expect(core.drawnPoints).toBe(261);
    expect(core.stride).toBe(4);
    expect(core.material.size).toBeCloseTo(4);
    // A second cloud thinned by the same stride shares the index (one upload).
    const other = new PointsLayerCore();
    other.add(cloud(500), 0, 0, 1e6);
    other.update(0, lookup, 0, 1e6, 2, { stride: 4, above: 100 });
    expect(other.entries[0].points.geometry.index).toBe(index);
    // Full detail again: every point, no index, the chosen size.
    core.update(0, lookup, 1000, 1e6, 2);
    expect(big.geometry.index).toBeNull();
    expect(big.geometry.drawRange.count).toBe(1001);
    expect(core.material.size).toBe(2);
    expect(core.stride).toBe(1);
  });

  it('asks how to thin a big new cloud in the frame it is first shown, and draws it so from that frame on', () => {
    const core = new PointsLayerCore();
    const asked: number[] = [];
    const thin = { stride: 1, above: 100, admit: (n: number) => (asked.push(n), 4) };
    core.add(cloud(1001), 0, 0, 1e6);
    core.update(0, lookup, 0, 1e6, 2, thin);
    expect(asked).toEqual([1001]);
    expect(core.drawnPoints).toBe(251);
    expect(core.stride).toBe(4);
    // The next cloud replaces it (no decay): nothing grew, nothing asked; the view's own stride again.
    core.add(cloud(1001), 100, 0, 1e6);
    core.update(100, lookup, 0, 1e6, 2, thin);
    expect(asked).toEqual([1001]);
    expect(core.drawnPoints).toBe(1001);
    // Small growth (a scan-sized cloud) is never asked about.
    core.add(cloud(1050), 200, 0, 1e6);
    core.update(200, lookup, 0, 1e6, 2, thin);
    expect(asked).toEqual([1001]);
    // After clear(), a cloud is new again.
    core.clear();
    core.add(cloud(1001), 300, 0, 1e6);
    core.update(300, lookup, 0, 1e6, 2, thin);
    expect(asked).toEqual([1001, 1001]);
  });

  it('a recycled geometry comes back without the shared index (its dispose must not free it)', () => {
    const core = new PointsLayerCore();
    core.add(cloud(1000), 0, 0, 1e6);
    core.update(0, lookup, 0, 1e6, 2, { stride: 2, above: 100 });
    const g = core.entries[0].points.geometry;
    expect(g.index).not.toBeNull();
    core.add(cloud(1000), 1, 0, 1e6);
    core.update(1, lookup, 0, 1e6, 2, { stride: 2, above: 100 });
    expect(g.index).toBeNull();
  });
});
