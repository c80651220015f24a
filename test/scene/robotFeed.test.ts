import { describe, expect, it, vi } from 'vitest';
import { MarkerStore } from '../../src/scene/markerStore';
import { RobotFeed } from '../../src/scene/robotFeed';
import { CORE_EXTENSIONS } from '../../src/scene/coreTopics';
import { feedSubscriptions } from '../../src/scene/sceneExtension';
import { SceneWarnings } from '../../src/scene/sceneWarnings';
import { FakeLink } from '../support/fakeLink';
import { tfMsg } from '../support/rosMessages';

function feed(link = new FakeLink()) {
  const w = new SceneWarnings();
  const m = new MarkerStore(w);
  return { link, w, m, f: new RobotFeed('r1', link, m, w, feedSubscriptions(CORE_EXTENSIONS)).start() };
}

describe('RobotFeed', () => {
  it('keeps the latest joint positions, skipping NaN/null ones with a warning', () => {
    const { link, w, f } = feed();
    link.emit('/joint_states', { header: {}, name: ['a', 'b', 'c'], position: [1, 2, 3] });
    link.emit('/joint_states', { header: {}, name: ['a', 'b', 'c'], position: [4, null, NaN] });
    expect(f.joints.get('a')).toBe(4);
    expect(f.joints.get('b')).toBe(2);
    expect(f.joints.get('c')).toBe(3);
    expect(w.count('bad-joint-state')).toBe(1);
    // Float64Array positions (CBOR) work too.
    link.emit('/joint_states', { header: {}, name: ['a'], position: new Float64Array([7]) });
    expect(f.joints.get('a')).toBe(7);
  });

  it("names the robot and the frames of a NaN/Inf transform, in the scene warning and in the robot's Problems", () => {
    const { link, w } = feed();
    const bad = tfMsg('map', 'base_link', 1, NaN, 0);
    link.emit('/tf', bad);
    expect(w.count('bad-transform')).toBe(1);
    expect(w.snapshot()[0].last).toBe('r1: map -> base_link: NaN/Inf or a zero rotation');
    expect(link.problems().map((p) => `${p.kind} ${p.message}`)).toEqual([
      'bad-data transform map -> base_link skipped: NaN/Inf or a zero rotation',
    ]);
  });

  it('survives garbage on every topic without throwing', () => {
    const { link, w } = feed();
    for (const topic of ['/tf', '/tf_static', '/joint_states', '/semantic_map']) {
      expect(() => link.emit(topic, null)).not.toThrow();
      expect(() => link.emit(topic, {})).not.toThrow();
      expect(() => link.emit(topic, { transforms: 5, markers: 'x', name: 3 })).not.toThrow();
    }
    expect(w.total()).toBeGreaterThan(0);
  });

  it('feeds /tf_static as static edges', () => {
    const { link, f } = feed();
    link.emit('/tf_static', tfMsg('base_link', 'head', 0, 0, 0), 0);
    link.emit('/tf', tfMsg('map', 'base_link', 5, 1, 0), 0);
    const r = f.tf.lookup('map', 'head', undefined, 100000);
    expect(r.ok).toBe(true);
  });

  it('fetches /robot_description, retrying until it exists, and stops on dispose', async () => {
    vi.useFakeTimers();
    try {
      const link = new FakeLink();
      const { f } = feed(link);
      await vi.advanceTimersByTimeAsync(0);
      expect(f.urdf).toBeNull();
      expect(f.urdfError).toBe('no /robot_description');
      link.robot.params.set('/robot_description', '<robot name="x"><link name="base_link"/></robot>');
      await vi.advanceTimersByTimeAsync(1100);
      expect(f.urdf).toContain('<robot');
      expect(f.urdfRev).toBe(1);
      f.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
