import { describe, expect, it } from 'vitest';
import { MarkerStore, MAX_MARKER_POINTS } from '../../src/scene/markerStore';
import type { Marker } from '../../src/scene/rosMsgs';
import { marker } from '../support/rosMessages';
import { SceneWarnings } from '../../src/scene/sceneWarnings';

describe('MarkerStore lifecycle', () => {
  it('adds, modifies (same identity), deletes', () => {
    const s = new MarkerStore();
    s.apply('r1', marker({ id: 1 }), 0);
    s.apply('r1', marker({ id: 2 }), 0);
    expect(s.size).toBe(2);
    const rev = s.get('r1/places/1')!.rev;
    s.apply('r1', marker({ id: 1, action: 0, pose: { position: { x: 5, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } }), 1);
    expect(s.size).toBe(2);
    expect(s.get('r1/places/1')!.pose.tx).toBe(5);
    expect(s.get('r1/places/1')!.rev).toBeGreaterThan(rev);
    s.apply('r1', marker({ id: 1, action: 2 }), 2);
    expect(s.get('r1/places/1')).toBeUndefined();
    expect(s.size).toBe(1);
  });

  it('re-publishing an unchanged marker refreshes its lifetime but changes nothing drawn', () => {
    const s = new MarkerStore();
    s.apply('r1', marker({ id: 1, lifetime: { secs: 1, nsecs: 0 } }), 0);
    const v = s.version;
    const rev = s.get('r1/places/1')!.rev;
    s.apply('r1', marker({ id: 1, lifetime: { secs: 1, nsecs: 0 } }), 800);
    expect(s.version).toBe(v);
    expect(s.get('r1/places/1')!.rev).toBe(rev);
    expect(s.prune(1500)).toBe(0);
    s.apply('r1', marker({ id: 1, color: { r: 0, g: 1, b: 0, a: 1 } }), 900);
    expect(s.version).toBe(v + 1);
  });

  it('keeps identities per robot and ns', () => {
    const s = new MarkerStore();
    s.apply('r1', marker({ id: 1 }), 0);
    s.apply('r2', marker({ id: 1 }), 0);
    s.apply('r1', marker({ id: 1, ns: 'labels', type: 9, text: 'A' }), 0);
    expect(s.size).toBe(3);
    s.apply('r2', marker({ id: 1, action: 2 }), 0);
    expect(s.get('r1/places/1')).toBeDefined();
  });

  it('DELETEALL clears one robot (or one ns of it) only', () => {
    const s = new MarkerStore();
    for (let i = 0; i < 3; i++) {
      s.apply('r1', marker({ id: i }), 0);
      s.apply('r1', marker({ id: i, ns: 'hazards' }), 0);
      s.apply('r2', marker({ id: i }), 0);
    }
    s.apply('r1', marker({ id: 0, ns: 'hazards', action: 3 }), 0);
    expect([...s.all()].filter((e) => e.robotId === 'r1').length).toBe(3);
    s.apply('r1', marker({ id: 0, ns: '', action: 3 }), 0);
    expect([...s.all()].every((e) => e.robotId === 'r2')).toBe(true);
    expect(s.size).toBe(3);
  });

  it('DELETEALL followed by adds in one array leaves the adds', () => {
    const s = new MarkerStore();
    s.apply('r1', marker({ id: 9 }), 0);
    s.applyArray('r1', { markers: [marker({ id: 0, ns: '', action: 3 }), marker({ id: 1 })] }, 0);
    expect([...s.all()].map((e) => e.id)).toEqual([1]);
  });

  it('expires markers after their lifetime (console clock), lifetime 0 lives forever', () => {
    const s = new MarkerStore();
    s.apply('r1', marker({ id: 1, lifetime: { secs: 1, nsecs: 500_000_000 } }), 1000);
    s.apply('r1', marker({ id: 2 }), 1000);
    expect(s.prune(2400)).toBe(0);
    expect(s.prune(2500)).toBe(1);
    expect(s.get('r1/places/1')).toBeUndefined();
    expect(s.prune(1e12)).toBe(0);
    // Re-publishing refreshes the lifetime.
    s.apply('r1', marker({ id: 3, lifetime: { secs: 1, nsecs: 0 } }), 0);
    s.apply('r1', marker({ id: 3, lifetime: { secs: 1, nsecs: 0 } }), 900);
    expect(s.prune(1500)).toBe(0);
  });

  it('records frame_locked and the frame without a leading slash', () => {
    const s = new MarkerStore();
    s.apply('r1', marker({ id: 1, frame_locked: true, header: { stamp: { secs: 1, nsecs: 0 }, frame_id: '/base_link' } }), 0);
    const e = s.get('r1/places/1')!;
    expect(e.frameLocked).toBe(true);
    expect(e.frame).toBe('base_link');
  });

  it('toggles namespaces without losing markers, bumping version', () => {
    const s = new MarkerStore();
    s.apply('r1', marker({ id: 1 }), 0);
    s.apply('r1', marker({ id: 1, ns: 'labels', type: 9 }), 0);
    const v = s.version;
    s.setNamespaceVisible('labels', false);
    expect(s.version).toBe(v + 1);
    expect([...s.visible()].map((e) => e.ns)).toEqual(['places']);
    s.setNamespaceVisible('labels', false);
    expect(s.version).toBe(v + 1);
    s.setNamespaceVisible('labels', true);
    expect([...s.visible()].length).toBe(2);
    expect(s.namespaces()).toEqual(['labels', 'places']);
  });

  it('skips bad poses, absurd scales, unknown types; the rest stays', () => {
    const w = new SceneWarnings();
    const s = new MarkerStore(w);
    s.apply('r1', marker({ id: 0 }), 0);
    s.apply('r1', marker({ id: 1, pose: { position: { x: NaN, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } }), 0);
    s.apply('r1', marker({ id: 2, pose: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 0 } } }), 0);
    s.apply('r1', marker({ id: 3, scale: { x: 1e5, y: 1, z: 1 } }), 0);
    s.apply('r1', marker({ id: 4, scale: { x: null as unknown as number, y: 1, z: 1 } }), 0);
    s.apply('r1', marker({ id: 5, type: 42 }), 0);
    s.apply('r1', marker({ id: 6, pose: { position: { x: 1e300, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } }), 0);
    s.apply('r1', null, 0);
    s.applyArray('r1', { markers: null } as unknown as { markers: Marker[] }, 0);
    expect(s.size).toBe(1);
    expect(w.count('bad-pose')).toBe(3);
    expect(w.count('absurd-scale')).toBe(2);
    expect(w.count('bad-marker')).toBe(3);
  });

  it('a bad update of an existing marker removes the stale one', () => {
    const s = new MarkerStore(new SceneWarnings());
    s.apply('r1', marker({ id: 1 }), 0);
    s.apply('r1', marker({ id: 1, scale: { x: Infinity, y: 1, z: 1 } }), 0);
    expect(s.size).toBe(0);
  });

  it('caps a million points at 100k with a warning and drops NaN points', () => {
    const w = new SceneWarnings();
    const s = new MarkerStore(w);
    const pts = new Array(1_000_000);
    for (let i = 0; i < pts.length; i++) pts[i] = { x: i, y: 0, z: 0 };
    s.apply('r1', marker({ id: 1, type: 8, points: pts }), 0);
    expect(s.get('r1/places/1')!.points.length).toBe(MAX_MARKER_POINTS * 3);
    expect(w.count('too-many-points')).toBe(1);
    s.apply(
      'r1',
      marker({
        id: 2,
        type: 4,
        points: [
          { x: 0, y: 0, z: 0 },
          { x: NaN, y: 0, z: 0 },
          { x: 1, y: 1, z: 1 },
        ],
        colors: [],
      }),
      0,
    );
    expect(s.get('r1/places/2')!.points.length).toBe(6);
    expect(w.count('bad-points')).toBe(1);
  });

  it('keeps per-point colours only when the count matches', () => {
    const s = new MarkerStore();
    const c = { r: 0, g: 1, b: 0, a: 1 };
    s.apply(
      'r1',
      marker({
        id: 1,
        type: 6,
        points: [
          { x: 0, y: 0, z: 0 },
          { x: 1, y: 0, z: 0 },
        ],
        colors: [c, c],
      }),
      0,
    );
    s.apply(
      'r1',
      marker({
        id: 2,
        type: 6,
        points: [
          { x: 0, y: 0, z: 0 },
          { x: 1, y: 0, z: 0 },
        ],
        colors: [c],
      }),
      0,
    );
    expect(s.get('r1/places/1')!.colors!.length).toBe(8);
    expect(s.get('r1/places/2')!.colors).toBeNull();
  });

  it("removeRobot drops a robot's markers", () => {
    const s = new MarkerStore();
    s.apply('r1', marker({ id: 1 }), 0);
    s.apply('r2', marker({ id: 1 }), 0);
    s.removeRobot('r1');
    expect([...s.all()].map((e) => e.robotId)).toEqual(['r2']);
  });
});
