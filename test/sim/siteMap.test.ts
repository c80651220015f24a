// The simulated site: its grid, places and patrol loops, and the simulated move_base reaching every place on it
// (walls, pillars, shelving, hazard zone), with a host that moves like robot.ts does (refuses steps into occupied
// space for a 0.3 m footprint).
import { describe, expect, it } from 'vitest';
import { SimMoveBase, rectPolygon } from '../../src/sim/moveBase';
import { GRID, GRID_H, GRID_W, HAZARD_ZONE, MAP_HEIGHT_M, MAP_WIDTH_M, PLACES, PATROLS, isFree, segmentClear } from '../../src/sim/siteMap';

function drive(start: { x: number; y: number }, goal: { x: number; y: number; yaw: number }) {
  const pose = { x: start.x, y: start.y, yaw: 0 };
  let t = 0;
  const results: { status: number; text: string }[] = [];
  const mb = new SimMoveBase({
    pose: () => ({ ...pose }),
    publish: (topic, msg) => {
      if (topic === '/move_base/result') results.push((msg as { status: { status: number; text: string } }).status);
    },
    isFree: (x, y) => isFree(x, y, 0.3),
    hazards: () => [rectPolygon(HAZARD_ZONE)],
    bounds: { minX: 0, minY: 0, maxX: MAP_WIDTH_M, maxY: MAP_HEIGHT_M },
    now: () => t,
  });
  mb.onMessage('/move_base/goal', {
    goal_id: { id: 'g', stamp: { secs: 0, nsecs: 0 } },
    goal: {
      target_pose: {
        header: { frame_id: 'map' },
        pose: {
          position: { x: goal.x, y: goal.y, z: 0 },
          orientation: { x: 0, y: 0, z: Math.sin(goal.yaw / 2), w: Math.cos(goal.yaw / 2) },
        },
      },
    },
  });
  const dt = 0.02;
  for (let i = 0; i < 120 / dt && results.length === 0; i++) {
    t += dt * 1000;
    const c = mb.update(t);
    if (!c) continue;
    pose.yaw += c.w * dt;
    const nx = pose.x + Math.cos(pose.yaw) * c.v * dt;
    const ny = pose.y + Math.sin(pose.yaw) * c.v * dt;
    if (c.v !== 0 && isFree(nx, ny, 0.3)) {
      pose.x = nx;
      pose.y = ny;
    }
  }
  return { results, seconds: t / 1000 };
}

const place = (name: string) => PLACES.find((p) => p.name === name)!;

describe('site map', () => {
  it('the site map is 30 m x 20 m with walls, unknown cells; places and patrol loops are collision-free', () => {
    expect([GRID_W, GRID_H]).toEqual([300, 200]);
    expect(GRID.includes(-1)).toBe(true);
    expect(GRID[0]).toBe(100);
    for (const p of PLACES.filter((x) => x.kind !== 'hazard')) expect(isFree(p.x, p.y), p.name).toBe(true);
    for (const loop of PATROLS) {
      loop.forEach((a, i) => {
        const b = loop[(i + 1) % loop.length]!;
        expect(segmentClear(a.x, a.y, b.x, b.y, 0.3), `${a.x},${a.y} -> ${b.x},${b.y}`).toBe(true);
      });
    }
    expect(PLACES.map((p) => p.name)).toEqual(
      expect.arrayContaining(['Workstation 1', 'Workstation 2', 'Workstation 3', 'Charging dock', 'Hazard zone']),
    );
  });
});

describe('simulated move_base on the site map', () => {
  for (const [i, patrol] of PATROLS.entries()) {
    for (const name of ['Workstation 2', 'Workstation 1', 'Charging dock', 'Workstation 3']) {
      it(`robot ${i} reaches ${name}`, () => {
        const { results, seconds } = drive(patrol[0]!, place(name));
        expect(results, `after ${seconds} s`).toEqual([expect.objectContaining({ status: 3, text: 'reached' })]);
      });
    }
  }

  it('refuses the hazard zone with a reason', () => {
    const { results } = drive(PATROLS[0]![0]!, place('Hazard zone'));
    expect(results).toEqual([expect.objectContaining({ status: 4, text: 'path blocked by hazard zone' })]);
  });
});
