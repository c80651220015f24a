// At reduced detail a robot's round URDF primitives (urdf-loader's 30-segment spheres and cylinders) are drawn
// with shared coarse twins: same size and place, a fraction of the triangles; back at full detail each mesh gets
// its own geometry again, and disposing a body never disposes a twin other robots draw with.
import * as THREE from 'three';
import { describe, expect, it, vi } from 'vitest';
import { DetailGovernor } from '../../src/scene/detailGovernor';
import { bodyTriangles, disposeBody, setBodyCoarse } from '../../src/scene/robotBody';
import { buildUrdfBody } from '../../src/scene/urdfBody';
import { humanoidUrdf } from '../../src/sim/humanoid';
import { installXmlDomShim } from '../support/xmlDomShim';

installXmlDomShim();

const body = () => buildUrdfBody(humanoidUrdf('atlas-1', [1, 0.5, 0]), undefined).robot;

function triangles(root: THREE.Object3D): number {
  let n = 0;
  root.traverseVisible((o) => {
    const g = (o as THREE.Mesh).isMesh ? (o as THREE.Mesh).geometry : undefined;
    if (g) n += (g.index ? g.index.count : g.getAttribute('position').count) / 3;
  });
  return n;
}

const worldBox = (root: THREE.Object3D) => {
  root.updateMatrixWorld(true);
  return new THREE.Box3().setFromObject(root);
};

describe('coarse twins of round URDF primitives', () => {
  it('draw the humanoid with a fraction of the triangles, at the same size and place; full detail restores each geometry', () => {
    const robot = body();
    const full = triangles(robot);
    const own = new Map<THREE.Object3D, THREE.BufferGeometry>();
    robot.traverse((o) => (o as THREE.Mesh).isMesh && own.set(o, (o as THREE.Mesh).geometry));
    const fullBox = worldBox(robot);
    const matrices = new Map<THREE.Object3D, number[]>();
    robot.traverse((o) => matrices.set(o, o.matrixWorld.toArray()));

    const swapped = setBodyCoarse(robot, true);
    expect(swapped).toBeGreaterThan(10);
    const coarse = triangles(robot);
    console.log(`humanoid body: ${full} triangles in full, ${coarse} coarse (${swapped} round primitives)`);
    expect(coarse).toBeLessThan(full / 4);
    // Same place and size: every object's world matrix is unchanged, the body's bounds within a few per cent.
    robot.updateMatrixWorld(true);
    robot.traverse((o) => expect(o.matrixWorld.toArray()).toEqual(matrices.get(o)));
    const coarseBox = worldBox(robot);
    const size = fullBox.getSize(new THREE.Vector3());
    expect(coarseBox.min.distanceTo(fullBox.min)).toBeLessThan(0.03 * size.length());
    expect(coarseBox.max.distanceTo(fullBox.max)).toBeLessThan(0.03 * size.length());
    // Boxes keep their own geometry; twins are shared between robots.
    const other = body();
    setBodyCoarse(other, true);
    const sphereOf = (r: THREE.Object3D) => {
      let g: THREE.BufferGeometry | undefined;
      r.traverse((o) => {
        if ((o as THREE.Mesh).isMesh && (o as THREE.Mesh).geometry instanceof THREE.SphereGeometry) g ??= (o as THREE.Mesh).geometry;
      });
      return g;
    };
    expect(sphereOf(other)).toBe(sphereOf(robot));
    expect(setBodyCoarse(robot, true)).toBe(swapped);

    setBodyCoarse(robot, false);
    expect(triangles(robot)).toBe(full);
    robot.traverse((o) => (o as THREE.Mesh).isMesh && expect((o as THREE.Mesh).geometry).toBe(own.get(o)));
  });

  it('bodyTriangles says what the body draws in full and with its twins, whichever it draws now', () => {
    const robot = body();
    const full = triangles(robot);
    setBodyCoarse(robot, true);
    const coarse = triangles(robot);
    expect(bodyTriangles(robot)).toEqual({ fine: full, coarse });
    setBodyCoarse(robot, false);
    expect(bodyTriangles(robot)).toEqual({ fine: full, coarse });
    // What a prediction is told when the meshes settle (RobotLayer.tsx): fewer triangles from level 1 on.
    const g = new DetailGovernor({ slowMs: 20 });
    g.predictive = true;
    g.observe(10, 1);
    const { fine, coarse: c } = bodyTriangles(robot);
    g.expect((level) => (level >= 1 ? c : fine));
    // About 13,000 triangles at the software estimate (0.001 ms each) on a 10 ms frame: over 20 ms in full.
    expect(full * 0.001 + 10).toBeGreaterThan(20);
    expect(g.coarseBodies).toBe(true);
  });

  it('disposing a coarse body disposes its own geometries, never the shared twins', () => {
    const robot = body();
    const own: THREE.BufferGeometry[] = [];
    robot.traverse((o) => (o as THREE.Mesh).isMesh && own.push((o as THREE.Mesh).geometry));
    setBodyCoarse(robot, true);
    const twins = new Set<THREE.BufferGeometry>();
    robot.traverse((o) => {
      const g = (o as THREE.Mesh).geometry;
      if ((o as THREE.Mesh).isMesh && !own.includes(g)) twins.add(g);
    });
    expect(twins.size).toBe(2);
    const twinDispose = [...twins].map((t) => vi.spyOn(t, 'dispose'));
    const ownDispose = own.map((g) => vi.spyOn(g, 'dispose'));
    disposeBody(robot);
    for (const s of twinDispose) expect(s).not.toHaveBeenCalled();
    for (const s of ownDispose) expect(s).toHaveBeenCalledTimes(1);
  });

  it('the governor asks for them from level 1, and not while the person holds full detail', () => {
    const g = new DetailGovernor({ settleFrames: 1 });
    expect(g.coarseBodies).toBe(false);
    g.observe(500);
    expect(g.effective).toBe(1);
    expect(g.coarseBodies).toBe(true);
    g.full = true;
    expect(g.coarseBodies).toBe(false);
  });
});
