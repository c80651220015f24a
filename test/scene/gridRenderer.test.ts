// The per-frame upkeep behind the grid layer, run in Node (three.js objects need no GL here).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { GridRenderer } from '../../src/scene/gridRenderer';
import { decodeOccupancyGrid } from '../../src/scene/occupancyGrid';
import { PrepPool, type PrepPort } from '../../src/scene/prepPool';
import { handlePrep, type PrepRequest } from '../../src/scene/prepWorkerHost';
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

/** One preparation worker that answers when told to. */
function manualPool() {
  const inbox: PrepRequest[] = [];
  let port: PrepPort | undefined;
  const pool = new PrepPool(() => {
    port = { onmessage: null, postMessage: (m) => inbox.push(structuredClone(m)) };
    return port;
  }, 1);
  const answer = () => port!.onmessage!({ data: handlePrep(inbox.shift()!).reply });
  return { pool, inbox, answer };
}

describe('GridRenderer with a preparation pool and a per-frame upload budget', () => {
  let model: SceneModel;
  let a: FakeLink;
  let root: THREE.Group;
  beforeEach(() => {
    model = new SceneModel();
    model.setSubscriptions(feedSubscriptions(CORE_EXTENSIONS));
    a = new FakeLink();
    model.syncRobots(['a'], () => a);
    root = new THREE.Group();
  });
  afterEach(() => model.dispose());

  const cells = (n: number, k: number) => Int8Array.from({ length: n }, (_, i) => ((i * k) % 3 === 0 ? 100 : 0));

  /** A renderer whose grids are decoded in a pool the test answers, uploading strips of 1,000 texels. */
  function pooledGrids(texelsPerFrame: number) {
    const { pool, inbox, answer } = manualPool();
    const uploads: THREE.Texture[] = [];
    const grids = new GridRenderer(root, { pool, upload: (t) => uploads.push(t), stripTexels: 1000, texelsPerFrame, inlineMaxCells: 0 });
    return { pool, inbox, answer, uploads, grids };
  }

  it('decodes a big grid in the worker, uploads its strips a budget per frame and keeps the old map until the last one', () => {
    const { inbox, answer, uploads, grids } = pooledGrids(2000);
    a.emit('/map', grid(100, 100, cells(10_000, 1)));
    grids.update(model);
    expect(inbox).toHaveLength(1); // handed to the worker, nothing decoded here
    expect(grids.groupOf('a')).toBeUndefined();
    answer();
    const frames: number[] = [];
    for (let f = 0; f < 5; f++) {
      grids.update(model);
      frames.push(uploads.length);
      if (f < 4) expect(grids.groupOf('a')).toBeUndefined(); // not shown half uploaded
    }
    expect(frames).toEqual([2, 4, 6, 8, 10]);
    const strips = grids.texturesOf('a');
    expect(strips).toHaveLength(10);
    expect(uploads).toEqual(strips);
    expect(grids.groupOf('a')!.visible).toBe(true);
    // Strip i holds rows 10i..10i+9: its plane sits that far up, and its texels are the UI-thread decode's.
    const meshes = grids.groupOf('a')!.children as THREE.Mesh<THREE.PlaneGeometry>[];
    expect(meshes[3].position.y).toBeCloseTo(3 * 10 * 0.5 + 2.5);
    const whole = decodeOccupancyGrid(grid(100, 100, cells(10_000, 1)))!.rgba;
    expect(Buffer.from(strips[3].image.data as Uint8Array).equals(Buffer.from(whole.subarray(3 * 4000, 4 * 4000)))).toBe(true);

    // A new map: the old one stays on screen while the new one is prepared and uploaded.
    const old = grids.groupOf('a');
    a.emit('/map', grid(100, 100, cells(10_000, 2)));
    grids.update(model);
    expect(grids.pendingOf('a')).toBe(true);
    answer();
    for (let f = 0; f < 4; f++) grids.update(model);
    expect(grids.groupOf('a')).toBe(old);
    grids.update(model);
    expect(grids.groupOf('a')).not.toBe(old);
    expect(old!.parent).toBeNull();
    expect(grids.pendingOf('a')).toBe(false);
  });

  it('makes each strip when it is uploaded, not all in the first frame; a paced view uploads more strips per frame', () => {
    const { answer, uploads, grids } = pooledGrids(1000);
    a.emit('/map', grid(100, 100, cells(10_000, 1)));
    grids.update(model);
    answer();
    grids.update(model);
    // One strip uploaded: one strip made (its texture, plane and material), nine still only texels.
    const building = root.children.find((g) => !g.visible && g.children.length > 0)!;
    expect(uploads).toHaveLength(1);
    expect(building.children).toHaveLength(1);
    grids.update(model, true);
    expect(uploads).toHaveLength(5);
    expect(building.children).toHaveLength(5);
    grids.update(model, true);
    grids.update(model, true);
    expect(uploads).toHaveLength(10);
    expect(grids.groupOf('a')).toBe(building);
    expect(grids.texturesOf('a')).toEqual(uploads);
  });

  it('finishes the grid in progress and shows it, then the newest; one waiting grid is replaced by a newer one', () => {
    const { pool, inbox, answer, grids } = pooledGrids(1000);
    const shown = (k: number) => {
      const want = decodeOccupancyGrid(grid(100, 100, cells(10_000, k)))!.rgba.subarray(0, 4000);
      const tex = grids.texturesOf('a')[0];
      return !!tex && Buffer.from(tex.image.data as Uint8Array).equals(Buffer.from(want));
    };
    a.emit('/map', grid(100, 100, cells(10_000, 1)));
    grids.update(model);
    a.emit('/map', grid(100, 100, cells(10_000, 2))); // while the first is in the worker: waits
    grids.update(model);
    expect(inbox).toHaveLength(1);
    answer(); // the first comes back and is uploaded; the second goes to the worker
    grids.update(model);
    expect(inbox).toHaveLength(1);
    a.emit('/map', grid(100, 100, cells(10_000, 4))); // replaces the second's turn once that is back
    answer(); // the second: waits while the first is still being uploaded
    let disposed = 0;
    for (let f = 0; f < 9; f++) grids.update(model);
    expect(shown(1)).toBe(true); // the first finished: on screen
    for (const t of grids.texturesOf('a')) t.addEventListener('dispose', () => disposed++);
    for (let f = 0; f < 10; f++) grids.update(model);
    expect(shown(2)).toBe(true); // then the second, newer than what was shown
    expect(disposed).toBe(10); // the first's textures are released when it is replaced
    answer(); // the newest
    for (let f = 0; f < 10; f++) grids.update(model);
    expect(shown(4)).toBe(true);
    expect(grids.pendingOf('a')).toBe(false);
    expect(root.children).toHaveLength(1);
    expect(pool.dropped).toBe(0);
  });

  it('a map republished faster than it is prepared and uploaded is still shown (never starved)', () => {
    const { pool, inbox, answer } = manualPool();
    const grids = new GridRenderer(root, { pool, upload: () => {}, stripTexels: 1000, texelsPerFrame: 1000, inlineMaxCells: 0 });
    // A new map every frame; the worker answers every third frame; uploading one takes ten frames.
    for (let f = 1; f <= 60; f++) {
      a.emit('/map', grid(100, 100, cells(10_000, f)));
      if (f % 3 === 0 && inbox.length) answer();
      grids.update(model);
    }
    expect(grids.groupOf('a')?.visible).toBe(true);
  });
});
