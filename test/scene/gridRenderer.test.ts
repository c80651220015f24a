// The per-frame upkeep behind the grid layer, run in Node (three.js objects need no GL here).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { GridRenderer } from '../../src/scene/gridRenderer';
import type { OccupancyGrid } from '../../src/scene/rosMsgs';
import { CORE_EXTENSIONS } from '../../src/scene/coreTopics';
import { feedSubscriptions } from '../../src/scene/sceneExtension';
import { SceneModel } from '../../src/scene/sceneModel';
import { FakeLink } from '../support/fakeLink';
import { tfMsg } from '../support/rosMessages';

function grid(w: number, h: number, data: ArrayLike<number>, yaw = 0, frame = 'map'): OccupancyGrid {
  return {
    header: { stamp: { secs: 0, nsecs: 0 }, frame_id: frame },
    info: {
      resolution: 0.5,
      width: w,
      height: h,
      origin: { position: { x: 2, y: 3, z: 0 }, orientation: { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) } },
    },
    data,
  };
}

describe('GridRenderer', () => {
  let model: SceneModel;
  let a: FakeLink;
  let b: FakeLink;
  let root: THREE.Group;
  let grids: GridRenderer;
  beforeEach(() => {
    model = new SceneModel();
    model.setSubscriptions(feedSubscriptions(CORE_EXTENSIONS));
    a = new FakeLink();
    b = new FakeLink();
    model.syncRobots(['a', 'b'], (id) => (id === 'a' ? a : b));
    root = new THREE.Group();
    grids = new GridRenderer(root);
  });
  afterEach(() => model.dispose());

  it('places the plane at the origin with its yaw and size, from Int8Array or number[]', () => {
    a.emit('/map', grid(4, 2, new Int8Array(8), Math.PI / 2));
    grids.update(model);
    const g = grids.groupOf('a')!;
    expect(g.position.x).toBe(2);
    expect(g.position.y).toBe(3);
    const yaw = new THREE.Euler().setFromQuaternion(g.quaternion, 'ZYX').z;
    expect(yaw).toBeCloseTo(Math.PI / 2);
    const plane = g.children[0] as THREE.Mesh<THREE.PlaneGeometry>;
    expect(plane.geometry.parameters.width).toBe(2);
    expect(plane.geometry.parameters.height).toBe(1);
    expect(plane.position.x).toBe(1);
    const tex = grids.textureOf('a')!;
    expect(tex.image.width).toBe(4);
    expect(tex.image.height).toBe(2);
    b.emit('/map', grid(4, 2, [0, 0, 0, 0, 100, 100, -1, -1]));
    grids.update(model);
    expect(grids.textureOf('b')!.image.data![16]).toBeLessThan(100); // occupied is dark
  });

  it('replaces the texture on a new message and disposes the old one (no GPU leak)', () => {
    a.emit('/map', grid(4, 2, new Int8Array(8)));
    grids.update(model);
    const first = grids.textureOf('a')!;
    let disposed = 0;
    first.addEventListener('dispose', () => disposed++);
    grids.update(model); // same message: nothing replaced
    expect(grids.textureOf('a')).toBe(first);
    a.emit('/map', grid(4, 2, new Int8Array(8).fill(100)));
    grids.update(model);
    expect(grids.textureOf('a')).not.toBe(first);
    expect(disposed).toBe(1);
    expect(root.children.length).toBe(1);
  });

  it('skips a grid whose data length is wrong (counted once), keeps the last good one and other robots', () => {
    a.emit('/map', grid(4, 2, new Int8Array(8)));
    b.emit('/map', grid(2, 2, new Int8Array(4)));
    grids.update(model);
    const good = grids.textureOf('a');
    a.emit('/map', grid(4, 2, new Int8Array(7)));
    for (let i = 0; i < 5; i++) grids.update(model);
    expect(model.warnings.count('bad-grid')).toBe(1);
    expect(grids.textureOf('a')).toBe(good);
    expect(grids.textureOf('b')).toBeDefined();
    // A bad first grid shows nothing and throws nothing.
    const c = new FakeLink();
    model.syncRobots(['a', 'b', 'c'], (id) => (id === 'a' ? a : id === 'b' ? b : c));
    c.emit('/map', grid(3, 3, [0, 0]));
    expect(() => grids.update(model)).not.toThrow();
    expect(grids.textureOf('c')).toBeUndefined();
    expect(model.warnings.count('bad-grid')).toBe(2);
  });

  it('draws identical grids from several robots once', () => {
    a.emit('/map', grid(4, 2, new Int8Array(8)));
    b.emit('/map', grid(4, 2, new Int8Array(8)));
    grids.update(model);
    expect(grids.groupOf('a')!.visible).toBe(true);
    expect(grids.groupOf('b')!.visible).toBe(false);
  });

  it('places a grid in another frame through TF and hides it while not connected', () => {
    a.emit('/map', grid(4, 2, new Int8Array(8), 0, 'odom'));
    grids.update(model);
    expect(grids.groupOf('a')!.visible).toBe(false);
    a.emit('/tf', tfMsg('map', 'odom', 1, 10, 0));
    grids.update(model);
    expect(grids.groupOf('a')!.visible).toBe(true);
    expect(grids.groupOf('a')!.position.x).toBe(12);
  });
});
