// The per-frame upkeep behind the grid and marker layers, run in Node (three.js objects need no GL here).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { GridRenderer } from '../../src/scene/gridRenderer';
import { MarkerRenderer } from '../../src/scene/markerRenderer';
import type { OccupancyGrid } from '../../src/scene/rosMsgs';
import { SceneModel } from '../../src/scene/sceneModel';
import { FakeLink } from '../support/fakeLink';
import { marker, tfMsg } from '../support/rosMessages';

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

describe('MarkerRenderer', () => {
  let model: SceneModel;
  let link: FakeLink;
  let root: THREE.Group;
  let objects: Map<string, THREE.Object3D>;
  let r: MarkerRenderer;
  let disposed: string[];
  beforeEach(() => {
    model = new SceneModel();
    link = new FakeLink();
    model.syncRobots(['r1'], () => link);
    root = new THREE.Group();
    objects = new Map();
    disposed = [];
    r = new MarkerRenderer(
      root,
      objects,
      (e) => Object.assign(new THREE.Group(), { name: e.key }),
      (o) => disposed.push(o.name),
    );
  });
  afterEach(() => model.dispose());

  it('builds once per change, not per re-published message, and disposes deleted markers', () => {
    const arr = { markers: [marker({ id: 1 }), marker({ id: 2 })] };
    for (let i = 0; i < 20; i++) {
      link.emit('/semantic_map', arr, 1000 + i);
      r.update(model, 1000 + i);
    }
    expect(r.builds).toBe(2);
    expect(objects.get('r1/places/1')!.position.x).toBe(1);
    link.emit('/semantic_map', { markers: [marker({ id: 1, action: 2 })] });
    r.update(model, 2000);
    expect(disposed).toEqual(['r1/places/1']);
    expect(root.children.length).toBe(1);
  });

  it('moves frame_locked markers with their frame; others stay where they were placed', () => {
    link.emit('/tf', tfMsg('map', 'base_link', 1, 0, 0), 1000);
    const inBase = (id: number, locked: boolean) =>
      marker({ id, frame_locked: locked, header: { stamp: { secs: 1, nsecs: 0 }, frame_id: 'base_link' } });
    link.emit('/semantic_map', { markers: [inBase(1, true), inBase(2, false)] }, 1000);
    r.update(model, 1000);
    expect(objects.get('r1/places/1')!.position.x).toBeCloseTo(1);
    expect(objects.get('r1/places/2')!.position.x).toBeCloseTo(1);
    link.emit('/tf', tfMsg('map', 'base_link', 1.1, 5, 0), 1100);
    r.update(model, 1100);
    expect(objects.get('r1/places/1')!.position.x).toBeCloseTo(6);
    expect(objects.get('r1/places/2')!.position.x).toBeCloseTo(1);
  });

  it('hides markers in unconnected frames and counts one warning, the rest keeps rendering', () => {
    link.emit('/tf', tfMsg('map', 'odom', 1, 0, 0), 1000);
    link.emit(
      '/semantic_map',
      {
        markers: [marker({ id: 1, header: { stamp: { secs: 1, nsecs: 0 }, frame_id: 'nowhere' } }), marker({ id: 2 })],
      },
      1000,
    );
    for (let t = 1000; t < 5000; t += 100) r.update(model, t);
    expect(objects.get('r1/places/1')!.visible).toBe(false);
    expect(objects.get('r1/places/2')!.visible).toBe(true);
    expect(model.warnings.count('unknown-frame')).toBe(1);
  });

  it('expires by lifetime, follows namespace toggles, draws identical site markers from several robots once', () => {
    const other = new FakeLink();
    model.syncRobots(['r1', 'r2'], (id) => (id === 'r1' ? link : other));
    link.emit('/semantic_map', { markers: [marker({ id: 1 }), marker({ id: 3, ns: 'temp', lifetime: { secs: 1, nsecs: 0 } })] }, 1000);
    other.emit('/semantic_map', { markers: [marker({ id: 1 })] }, 1000);
    r.update(model, 1000);
    expect([...objects.keys()].sort()).toEqual(['r1/places/1', 'r1/temp/3']);
    r.update(model, 2100);
    expect([...objects.keys()]).toEqual(['r1/places/1']);
    model.setLayerVisible('ns:places', false);
    r.update(model, 2200);
    expect(objects.size).toBe(0);
    model.setLayerVisible('ns:places', true);
    r.update(model, 2300);
    expect(objects.size).toBe(1);
    // The first robot leaves: the second robot's copy is drawn instead.
    model.syncRobots(['r2'], () => other);
    r.update(model, 2400);
    expect([...objects.keys()]).toEqual(['r2/places/1']);
  });
});
