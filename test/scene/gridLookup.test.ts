// The grid lookup a goal and a place are checked against: world point → cell, through the grid's origin pose
// and resolution; ground-plane picking; and the runtime's lookup through a robot's TF and grid.
import { describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { cellState, gridCells, lookupCell, type GridCells } from '../../src/scene/gridLookup';
import { groundPoint, ndcOf } from '../../src/scene/groundPoint';
import { CORE_EXTENSIONS } from '../../src/scene/coreTopics';
import { feedSubscriptions } from '../../src/scene/sceneExtension';
import { SceneRuntime } from '../../src/scene/sceneRuntime';
import { fromYaw } from '../../src/scene/tfMath';
import { FakeLink } from '../support/fakeLink';
import { tfMsg } from '../support/rosMessages';

/** 4 x 3 cells of 0.5 m: row 0 free, row 1 = [0, 100, -1, 30], row 2 = [0, 0, 0, 70]. */
function grid(originX: number, originY: number, yaw: number): GridCells {
  return {
    width: 4,
    height: 3,
    resolution: 0.5,
    origin: fromYaw(originX, originY, 0, yaw),
    data: Int8Array.from([0, 0, 0, 0, 0, 100, -1, 30, 0, 0, 0, 70]),
  };
}

describe('lookupCell', () => {
  it('finds the cell through the origin position and resolution', () => {
    const g = grid(-1, 2, 0);
    expect(lookupCell(g, -1 + 0.75, 2 + 0.6)).toEqual({ state: 'occupied', value: 100, col: 1, row: 1 });
    expect(lookupCell(g, -1 + 1.2, 2 + 0.9)).toMatchObject({ state: 'unknown', value: -1, col: 2, row: 1 });
    expect(lookupCell(g, -1 + 1.9, 2 + 0.6)).toMatchObject({ state: 'free', value: 30 });
    expect(lookupCell(g, -1 + 1.9, 2 + 1.4)).toMatchObject({ state: 'occupied', value: 70, col: 3, row: 2 });
    // A border point belongs to the cell it starts (float32 resolution widened: 0.5 exactly here, 0.1 below).
    expect(lookupCell(g, -1 + 0.5, 2 + 0.5)).toMatchObject({ col: 1, row: 1 });
  });

  it('respects a rotated origin: the grid’s x axis along the origin’s heading', () => {
    // Origin at (10, 0) turned 90°: the grid's columns run along +y, its rows along -x.
    const g = grid(10, 0, Math.PI / 2);
    expect(lookupCell(g, 10 - 0.75, 0.75)).toMatchObject({ state: 'occupied', col: 1, row: 1 });
    expect(lookupCell(g, 10 - 0.75, 1.25)).toMatchObject({ state: 'unknown', col: 2, row: 1 });
    // Unrotated, the same point would be left of the grid: outside.
    expect(lookupCell(grid(10, 0, 0), 10 - 0.75, 0.75).state).toBe('outside');
  });

  it('outside the grid is outside, with no value', () => {
    const g = grid(0, 0, 0);
    expect(lookupCell(g, -0.01, 0.2)).toMatchObject({ state: 'outside', value: null });
    expect(lookupCell(g, 2.0, 0.2).state).toBe('outside');
    expect(lookupCell(g, 0.2, 1.5).state).toBe('outside');
    expect(lookupCell(g, NaN, 0).state).toBe('outside');
  });

  it('float32 resolutions keep border points in their cell', () => {
    const g = { width: 10, height: 10, resolution: Math.fround(0.1), origin: fromYaw(0, 0, 0, 0), data: new Int8Array(100) };
    expect(lookupCell(g, 0.3, 0.7)).toMatchObject({ col: 3, row: 7 });
  });

  it('cell values: unknown below 0 and above 100, occupied from 65', () => {
    expect([-1, -128, 0, 64, 65, 100, 101].map(cellState)).toEqual([
      'unknown',
      'unknown',
      'free',
      'free',
      'occupied',
      'occupied',
      'unknown',
    ]);
  });

  it('reads a message; refuses a bad one', () => {
    const msg = {
      header: { frame_id: '/map', stamp: { secs: 0, nsecs: 0 } },
      info: { resolution: 0.5, width: 2, height: 1, origin: { position: { x: 1, y: 1, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
      data: Int8Array.from([0, 100]),
    };
    const g = gridCells(msg)!;
    expect(g.frame).toBe('map');
    expect(lookupCell(g, 1.7, 1.2).state).toBe('occupied');
    expect(gridCells({ ...msg, data: Int8Array.from([0]) })).toBeNull();
    expect(gridCells({ ...msg, info: { ...msg.info, resolution: 0 } })).toBeNull();
  });
});

describe('groundPoint', () => {
  it('meets the map plane under the pointer, from above and at an angle', () => {
    const top = new THREE.PerspectiveCamera(50, 1, 0.1, 100);
    top.up.set(0, 1, 0); // looking straight down: z-up would be degenerate
    top.position.set(3, 4, 20);
    top.lookAt(3, 4, 0);
    const c = groundPoint(top, new THREE.Vector2(0, 0))!;
    expect(c.x).toBeCloseTo(3, 6);
    expect(c.y).toBeCloseTo(4, 6);
    const tilted = new THREE.PerspectiveCamera(50, 1, 0.1, 100);
    tilted.up.set(0, 0, 1);
    tilted.position.set(0, -10, 10);
    tilted.lookAt(0, 0, 0);
    const p = groundPoint(tilted, new THREE.Vector2(0, 0))!;
    expect(p.x).toBeCloseTo(0, 6);
    expect(p.y).toBeCloseTo(0, 6);
    // Looking up at the sky: no point on the map.
    tilted.lookAt(0, 0, 20);
    expect(groundPoint(tilted, new THREE.Vector2(0, 0.9))).toBeNull();
  });

  it('ndc of a pointer over an element', () => {
    const rect = { left: 100, top: 50, width: 200, height: 100 };
    expect(ndcOf(200, 100, rect).toArray()).toEqual([0, 0]);
    expect(ndcOf(100, 50, rect).toArray()).toEqual([-1, 1]);
  });
});

describe('SceneRuntime.cellAt', () => {
  it('looks a point of another frame up in the robot’s grid through its TF', () => {
    const rt = new SceneRuntime();
    rt.model.setSubscriptions(feedSubscriptions(CORE_EXTENSIONS));
    const link = new FakeLink();
    rt.model.syncRobots(['r1'], () => link);
    expect(rt.cellAt('r1', 'map', 0.5, 0.5)).toBeNull();
    link.emit('/map', {
      header: { frame_id: 'map' },
      info: { resolution: 1, width: 3, height: 1, origin: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
      data: Int8Array.from([0, 100, -1]),
    });
    expect(rt.cellAt('r1', 'map', 1.5, 0.5)?.state).toBe('occupied');
    expect(rt.cellAt('r1', '/map', 2.5, 0.5)?.state).toBe('unknown');
    // A place given in "odom", which sits 1 m along x in the map: (0.5, 0.5) in odom is cell 1.
    expect(rt.cellAt('r1', 'odom', 0.5, 0.5)).toBeNull();
    link.emit('/tf_static', tfMsg('map', 'odom', 0, 1, 0));
    expect(rt.cellAt('r1', 'odom', 0.5, 0.5)?.state).toBe('occupied');
    rt.dispose();
  });
});
