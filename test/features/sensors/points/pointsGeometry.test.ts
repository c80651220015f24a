// GPU buffers of the point layers: reused, not allocated per message; a big message on a reused buffer goes up
// in slices (update ranges) over frames within the byte budget while the previous one stays shown; a newer
// message replaces one still uploading; capacities are bounded powers of two.
import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { PointsLayerCore } from '../../../../src/features/sensors/points/pointsLayerCore';
import { BYTES_PER_POINT, capacityFor } from '../../../../src/features/sensors/points/pointsGeometry';

const lookup = () => new THREE.Matrix4();

function msg(count: number, v: number) {
  const positions = new Float32Array(count * 3).fill(v);
  const colors = new Float32Array(count * 3).fill(v / 10);
  return { positions, colors, count, frameId: 'lidar' };
}

const pos = (core: PointsLayerCore, i = 0) => core.entries[i].points.geometry.getAttribute('position') as THREE.BufferAttribute;

describe('point layer GPU buffers', () => {
  it('sizes buffers to bounded powers of two', () => {
    expect([capacityFor(0), capacityFor(256), capacityFor(257), capacityFor(200_000)]).toEqual([256, 256, 512, 262_144]);
  });

  it('a new buffer comes with a bounding sphere, so three never walks its whole capacity to sort a frame', () => {
    const core = new PointsLayerCore(2);
    core.add(msg(200_000, 1), 0, 0, 1e6);
    const g = core.entries.length ? core.entries[0].points.geometry : (core.group.children[0] as THREE.Points).geometry;
    let computed = 0;
    g.computeBoundingSphere = () => void computed++;
    // What WebGLRenderer.projectObject does for a sorted draw.
    if (g.boundingSphere === null) g.computeBoundingSphere();
    expect(computed).toBe(0);
    expect(g.boundingSphere!.radius).toBe(Infinity);
    core.dispose();
  });

  it('reuses two buffers for a steady stream, copying each message in (the input arrays stay the caller’s)', () => {
    const core = new PointsLayerCore(2);
    for (let i = 1; i <= 6; i++) {
      const m = msg(1000 + i, i);
      core.add(m, i * 100, 0, 1e6);
      core.update(i * 100, lookup, 0, 1e6, 2);
      expect(core.entries).toHaveLength(1);
      const a = pos(core);
      expect(a.array).not.toBe(m.positions);
      expect(a.array[0]).toBe(i);
      expect(core.entries[0].points.geometry.drawRange.count).toBe(1000 + i);
      expect(core.entries[0].points.visible).toBe(true);
    }
    expect(core.geometries.created).toBe(2);
    expect(core.group.children).toHaveLength(1);
    core.dispose();
    expect(core.geometries.freeCount).toBe(0);
  });

  it('uploads a big message on a reused buffer in slices over frames, the previous one shown meanwhile', () => {
    const budgetPts = 1000;
    const core = new PointsLayerCore(2, budgetPts * BYTES_PER_POINT);
    // Two fresh buffers first (each goes whole on its first render), then the third message reuses the first.
    for (let i = 1; i <= 2; i++) {
      core.add(msg(3500, i), i, 0, 1e6);
      core.update(i, lookup, 0, 1e6, 2);
    }
    const shown = core.entries[0];
    core.add(msg(3500, 3), 3, 0, 1e6);
    const frames: number[] = [];
    for (let f = 0; f < 10 && core.uploading > 0; f++) {
      core.update(3, lookup, 0, 1e6, 2);
      frames.push(f);
      if (core.uploading > 0) expect(core.entries[0]).toBe(shown);
    }
    expect(frames).toHaveLength(4);
    expect(core.entries[0]).not.toBe(shown);
    expect(pos(core).array[3 * 3499]).toBe(3);
    expect(pos(core).updateRanges).toEqual([
      { start: 0, count: 3000 },
      { start: 3000, count: 3000 },
      { start: 6000, count: 3000 },
      { start: 9000, count: 1500 },
    ]);
    expect(core.geometries.created).toBe(2);
  });

  it('replaces a message still uploading by a newer one (no decay); with decay both are kept', () => {
    const core = new PointsLayerCore(2, 500 * BYTES_PER_POINT);
    for (let i = 1; i <= 2; i++) {
      core.add(msg(2000, i), i, 0, 1e6);
      core.update(i, lookup, 0, 1e6, 2);
    }
    core.add(msg(2000, 3), 3, 0, 1e6);
    core.update(3, lookup, 0, 1e6, 2);
    core.add(msg(2000, 4), 4, 0, 1e6);
    expect(core.replaced).toBe(1);
    for (let f = 0; f < 10 && core.uploading > 0; f++) core.update(4, lookup, 0, 1e6, 2);
    expect(pos(core).array[0]).toBe(4);
    expect(core.group.children).toHaveLength(1);
    expect(core.geometries.created).toBe(2);

    const trail = new PointsLayerCore(2, 500 * BYTES_PER_POINT);
    trail.add(msg(100, 1), 1, 5000, 1e6);
    trail.add(msg(100, 2), 2, 5000, 1e6);
    trail.update(2, lookup, 5000, 1e6, 2);
    expect(trail.entries.map((e) => (e.points.geometry.getAttribute('position') as THREE.BufferAttribute).array[0])).toEqual([1, 2]);
    expect(trail.replaced).toBe(0);
  });
});
