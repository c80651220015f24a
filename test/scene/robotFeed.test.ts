import { describe, expect, it, vi } from 'vitest';
import { REFRESH_MS } from '../../src/scene/descriptionReader';
import { MarkerStore } from '../../src/scene/markerStore';
import { SceneProblems } from '../../src/scene/sceneProblems';
import { RobotFeed } from '../../src/scene/robotFeed';
import { CORE_EXTENSIONS } from '../../src/scene/coreTopics';
import { feedSubscriptions } from '../../src/scene/sceneExtension';
import { SceneWarnings } from '../../src/scene/sceneWarnings';
import { FakeLink } from '../support/fakeLink';
import { tfMsg } from '../support/rosMessages';

function feed(link = new FakeLink()) {
  const w = new SceneWarnings();
  const m = new MarkerStore(w);
  const problems = new SceneProblems();
  return { link, w, m, problems, f: new RobotFeed('r1', link, m, w, feedSubscriptions(CORE_EXTENSIONS), [], problems).start() };
}

const VALID = '<robot name="x"><link name="base_link"/></robot>';
const INVALID =
  '<robot name="x">\n<link name="base_link"/>\n<joint name="j" type="fixed"><parent link="base_link"/><child link="arm"/></joint>\n</robot>';

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

  it('checks the description: an invalid one is reported in Problems and the warnings with its line and element', async () => {
    const link = new FakeLink();
    link.robot.params.set('/robot_description', INVALID);
    const { f, w, problems } = feed(link);
    await Promise.resolve();
    await Promise.resolve();
    expect(f.urdfCheck?.ok).toBe(false);
    expect(problems.list('r1')).toEqual([
      expect.objectContaining({ kind: 'urdf-invalid', details: ['line 3, <child>: link "arm" does not exist'] }),
    ]);
    expect(w.count('urdf-error')).toBe(1);
    expect(w.snapshot()[0]!.last).toBe('r1: line 3, <child>: link "arm" does not exist');
    // the same text again changes nothing
    f.onDescription(INVALID);
    expect(f.urdfRev).toBe(1);
    expect(w.count('urdf-error')).toBe(1);
    // a corrected one clears the problem; dispose clears the robot's problems
    f.onDescription(VALID);
    expect(f.urdfCheck?.ok).toBe(true);
    expect(f.urdfRev).toBe(2);
    expect(problems.list('r1')).toEqual([]);
    f.onDescription(INVALID);
    f.dispose();
    expect(problems.list('r1')).toEqual([]);
  });

  it('reads the description again after a reconnect, every refresh period, and from the /robot_description topic', async () => {
    vi.useFakeTimers();
    try {
      const link = new FakeLink();
      link.robot.params.set('/robot_description', INVALID);
      const { f } = feed(link);
      await vi.advanceTimersByTimeAsync(0);
      expect(f.urdfCheck?.ok).toBe(false);
      // corrected while the robot was away: read on reconnect, well before the refresh period
      link.setState('reconnecting');
      link.robot.params.set('/robot_description', VALID);
      link.setState('connected');
      await vi.advanceTimersByTimeAsync(0);
      expect(f.urdfCheck?.ok).toBe(true);
      expect(f.urdfRev).toBe(2);
      // changed while connected: seen at the next refresh
      link.robot.params.set('/robot_description', VALID.replace('base_link', 'torso'));
      await vi.advanceTimersByTimeAsync(REFRESH_MS + 10);
      expect(f.urdf).toContain('torso');
      // a ROS 2 robot_state_publisher publishes it as a latched std_msgs/String
      link.emit('/robot_description', { data: VALID.replace('base_link', 'pelvis') });
      expect(f.urdf).toContain('pelvis');
      expect(f.urdfRev).toBe(4);
      f.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
