// The site frame: a robot with a map of its own is drawn at site ∘ (pose in its map), and a point clicked in the
// site goes back into its map frame (goal, grid lookup) by the inverse.
import { describe, expect, it } from 'vitest';
import { inSite, siteToRobotMap, siteTransformOf, SiteTransforms } from '../../src/scene/siteFrame';
import { CORE_EXTENSIONS } from '../../src/scene/coreTopics';
import { feedSubscriptions } from '../../src/scene/sceneExtension';
import { SceneRuntime } from '../../src/scene/sceneRuntime';
import { applyToPoint, fromYaw, yawOf } from '../../src/scene/tfMath';
import { FakeLink } from '../support/fakeLink';

describe('site transform composition', () => {
  it('a pose in the robot’s map lands in the site rotated and shifted', () => {
    const site = siteTransformOf({ x: 10, y: 5, yaw: Math.PI / 2 })!;
    const p = inSite(site, fromYaw(2, 0, 0.5, 0.25));
    // (2, 0) turned 90° is (0, 2); shifted by (10, 5): (10, 7); headings add.
    expect(p.tx).toBeCloseTo(10);
    expect(p.ty).toBeCloseTo(7);
    expect(p.tz).toBeCloseTo(0.5);
    expect(yawOf(p)).toBeCloseTo(Math.PI / 2 + 0.25);
    // Composition is the same as applying to the point.
    const [x, y] = applyToPoint(site, 2, 0, 0);
    expect([x, y].map((v) => +v.toFixed(9))).toEqual([10, 7]);
  });

  it('no placement, the identity or a non-finite one is no transform', () => {
    expect(siteTransformOf(undefined)).toBeNull();
    expect(siteTransformOf({ x: 0, y: 0, yaw: 0 })).toBeNull();
    expect(siteTransformOf({ x: NaN, y: 0 })).toBeNull();
    const pose = fromYaw(1, 2, 0, 0.3);
    expect(inSite(null, pose)).toBe(pose);
  });

  it('a click in the site goes back to the robot’s map: the inverse, heading included', () => {
    const site = siteTransformOf({ x: 10, y: 5, yaw: Math.PI / 2 })!;
    expect(siteToRobotMap(site, 10, 7, Math.PI / 2 + 0.25)).toMatchObject({
      x: expect.closeTo(2, 9),
      y: expect.closeTo(0, 9),
      yaw: expect.closeTo(0.25, 9),
    });
    // Round trip for an arbitrary placement and point; headings wrap to (-π, π].
    const s2 = siteTransformOf({ x: -3, y: 12, yaw: 2.5 })!;
    const back = siteToRobotMap(s2, ...(applyToPoint(s2, 4, -1, 0).slice(0, 2) as [number, number]), 2.5 + 3.5);
    expect(back.x).toBeCloseTo(4);
    expect(back.y).toBeCloseTo(-1);
    expect(back.yaw).toBeCloseTo(3.5 - 2 * Math.PI);
    expect(siteToRobotMap(null, 1, 2, 3)).toEqual({ x: 1, y: 2, yaw: 3 });
  });

  it('rebuilds a robot’s transform only when its placement changes', () => {
    let placement = { x: 1, y: 0, yaw: 0 };
    const st = new SiteTransforms(() => placement);
    const a = st.of('r1');
    expect(st.of('r1')).toBe(a);
    placement = { x: 2, y: 0, yaw: 0 };
    expect(st.of('r1')!.tx).toBe(2);
  });
});

describe('SceneRuntime with a robot placed in the site', () => {
  it('places, goals and grid lookups go through the robot’s site transform', () => {
    const rt = new SceneRuntime();
    rt.model.site.source = (id) => (id === 'own' ? { x: 20, y: 0, yaw: Math.PI / 2 } : undefined);
    rt.model.setSubscriptions(feedSubscriptions(CORE_EXTENSIONS));
    const own = new FakeLink();
    const shared = new FakeLink();
    rt.model.syncRobots(['own', 'shared'], (id) => (id === 'own' ? own : shared));
    // Its own map: 4 x 1 cells of 1 m from its origin, the last one occupied.
    own.emit('/map', {
      header: { frame_id: 'map' },
      info: { resolution: 1, width: 4, height: 1, origin: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
      data: Int8Array.from([0, 0, 0, 100]),
    });
    // A place at (3.5, 0.5) in its map is drawn at (19.5, 3.5) in the site.
    const at = rt.placeWorldPosition({ robotId: 'own', frame: 'map', x: 3.5, y: 0.5, z: 0 })!;
    expect(at.x).toBeCloseTo(19.5);
    expect(at.y).toBeCloseTo(3.5);
    // Clicking there sends the goal in its map frame, heading turned back, and finds the occupied cell.
    const goal = rt.toRobotMap('own', 19.5, 3.5, Math.PI);
    expect(goal).toMatchObject({ x: expect.closeTo(3.5, 9), y: expect.closeTo(0.5, 9), yaw: expect.closeTo(Math.PI / 2, 9), frame: 'map' });
    expect(rt.cellAt('own', goal.frame, goal.x, goal.y)?.state).toBe('occupied');
    // A robot on the shared site map: unchanged.
    expect(rt.toRobotMap('shared', 19.5, 3.5, 1)).toEqual({ x: 19.5, y: 3.5, yaw: 1, frame: 'map' });
    expect(rt.placeWorldPosition({ robotId: 'shared', frame: 'map', x: 1, y: 2, z: 0 })!.toArray()).toEqual([1, 2, 0]);
    rt.dispose();
  });
});
