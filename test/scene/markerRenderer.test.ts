// The per-frame upkeep behind the marker layer, run in Node (three.js objects need no GL here).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as THREE from 'three';
import { MarkerRenderer } from '../../src/scene/markerRenderer';
import { CORE_EXTENSIONS } from '../../src/scene/coreTopics';
import { feedSubscriptions } from '../../src/scene/sceneExtension';
import { SceneModel } from '../../src/scene/sceneModel';
import { FakeLink } from '../support/fakeLink';
import { marker, tfMsg } from '../support/rosMessages';

describe('MarkerRenderer', () => {
  let model: SceneModel;
  let link: FakeLink;
  let root: THREE.Group;
  let objects: Map<string, THREE.Object3D>;
  let r: MarkerRenderer;
  let disposed: string[];
  beforeEach(() => {
    model = new SceneModel();
    model.setSubscriptions(feedSubscriptions(CORE_EXTENSIONS));
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

  it('counts changes: placing, adding and dropping do, frames in which every marker stands still do not', () => {
    link.emit('/semantic_map', { markers: [marker({ id: 1 }), marker({ id: 2 })] }, 1000);
    r.update(model, 1000);
    const placed = r.changes;
    expect(placed).toBeGreaterThan(0);
    for (let i = 1; i < 10; i++) r.update(model, 1000 + i);
    expect(r.changes).toBe(placed);
    link.emit('/semantic_map', { markers: [marker({ id: 3 })] }, 1100);
    r.update(model, 1100);
    expect(r.changes).toBeGreaterThan(placed);
    const added = r.changes;
    link.emit('/semantic_map', { markers: [marker({ id: 1, action: 2 })] }, 1200);
    r.update(model, 1200);
    expect(r.changes).toBeGreaterThan(added);
    // A frame_locked marker moves with its frame: a frame in which its frame moved is a change.
    link.emit('/tf', tfMsg('map', 'base_link', 1, 0, 0), 1300);
    link.emit(
      '/semantic_map',
      { markers: [marker({ id: 9, frame_locked: true, header: { stamp: { secs: 1, nsecs: 0 }, frame_id: 'base_link' } })] },
      1300,
    );
    r.update(model, 1300);
    const locked = r.changes;
    // Its frame did not move: no change.
    r.update(model, 1301);
    expect(r.changes).toBe(locked);
    link.emit('/tf', tfMsg('map', 'base_link', 1.1, 2, 0), 1310);
    r.update(model, 1310);
    expect(r.changes).toBeGreaterThan(locked);
    // A marker whose frame cannot be placed is hidden once: that is one change, not one per frame.
    link.emit('/semantic_map', { markers: [marker({ id: 10, header: { stamp: { secs: 1, nsecs: 0 }, frame_id: 'nowhere' } })] }, 1320);
    r.update(model, 1320);
    const hidden = r.changes;
    r.update(model, 1321);
    r.update(model, 1322);
    expect(r.changes).toBe(hidden);
    expect(objects.get('r1/places/10')!.visible).toBe(false);
  });

  it("keeps each marker's matrix itself (three does not recompose standing markers every frame), also when it moves", () => {
    link.emit('/tf', tfMsg('map', 'base_link', 1, 0, 0), 1000);
    const locked = marker({ id: 1, frame_locked: true, header: { stamp: { secs: 1, nsecs: 0 }, frame_id: 'base_link' } });
    link.emit('/semantic_map', { markers: [locked, marker({ id: 2 })] }, 1000);
    r.update(model, 1000);
    const x = (o: THREE.Object3D) => new THREE.Vector3().setFromMatrixPosition(o.matrix).x;
    for (const o of objects.values()) {
      expect(o.matrixAutoUpdate).toBe(false);
      expect(x(o)).toBeCloseTo(o.position.x);
    }
    link.emit('/tf', tfMsg('map', 'base_link', 1.1, 5, 0), 1100);
    r.update(model, 1100);
    expect(x(objects.get('r1/places/1')!)).toBeCloseTo(6);
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
