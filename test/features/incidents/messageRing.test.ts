import { describe, expect, it } from 'vitest';
import { MessageRing, estimateBytes } from '../../../src/features/incidents/messageRing';

function joint(i: number) {
  return { header: { seq: i, stamp: { secs: i, nsecs: 0 }, frame_id: '' }, name: ['a', 'b'], position: new Float64Array(16) };
}

describe('MessageRing', () => {
  it('keeps at most the last 30 s of a 100 Hz stream', () => {
    const ring = new MessageRing({ maxSeconds: 30 });
    const t0 = 1_000_000;
    for (let i = 0; i < 100 * 120; i++) ring.push('/joint_states', 'sensor_msgs/JointState', joint(i), t0 + i * 10);
    const span = ring.span()!;
    expect(span.to).toBe(t0 + (100 * 120 - 1) * 10);
    expect(span.to - span.from).toBeLessThanOrEqual(30_000);
    expect(span.to - span.from).toBeGreaterThanOrEqual(29_990);
    expect(ring.size).toBe(3001);
    expect(ring.evicted).toBe(100 * 120 - 3001);
  });

  it('keeps total bytes under the byte bound under a 100 Hz stream', () => {
    const one = estimateBytes(joint(0));
    const ring = new MessageRing({ maxSeconds: 30, maxBytes: one * 500 + 10 });
    for (let i = 0; i < 100 * 60; i++) {
      ring.push('/joint_states', 'sensor_msgs/JointState', joint(i), i * 10);
      expect(ring.bytes).toBeLessThanOrEqual(one * 500 + 10);
    }
    expect(ring.size).toBe(500);
    const span = ring.span()!;
    expect(span.to - span.from).toBe(4990);
  });

  it('drops a single message bigger than the budget', () => {
    const ring = new MessageRing({ maxBytes: 1000 });
    ring.push('/img', 'sensor_msgs/Image', { data: new Uint8Array(5000) }, 1);
    expect(ring.size).toBe(0);
  });

  it('snapshot gives the window plus, once each, the last message of topics silent in it, at its real time and marked latched', () => {
    const ring = new MessageRing({ maxSeconds: 10 });
    ring.push('/tf_static', 'tf2_msgs/TFMessage', { transforms: [] }, 0);
    ring.push('/map', 'nav_msgs/OccupancyGrid', { n: 1 }, 5);
    ring.push('/map', 'nav_msgs/OccupancyGrid', { n: 2 }, 7);
    for (let t = 0; t <= 60_000; t += 100) ring.push('/tf', 'tf2_msgs/TFMessage', { t }, t);
    const snap = ring.snapshot(52_000, 58_000);
    const latched = snap.filter((m) => m.latched);
    expect(latched.map((m) => [m.topic, m.receivedAt])).toEqual([
      ['/tf_static', 0],
      ['/map', 7],
    ]);
    expect(latched[1]!.msg).toEqual({ n: 2 });
    const tfs = snap.filter((m) => m.topic === '/tf');
    expect(tfs.every((m) => !m.latched)).toBe(true);
    expect(tfs[0]!.msg).toEqual({ t: 52_000 });
    expect(tfs[tfs.length - 1]!.msg).toEqual({ t: 58_000 });
    expect(tfs.length).toBe(61);
    // Every message keeps its own receive time.
    for (const m of tfs) expect(m.receivedAt).toBe((m.msg as { t: number }).t);
    for (let i = 1; i < snap.length; i++) expect(snap[i]!.receivedAt).toBeGreaterThanOrEqual(snap[i - 1]!.receivedAt);
    // The ring itself is not changed by a snapshot.
    expect(ring.snapshot(52_000, 58_000).filter((m) => m.latched)).toHaveLength(2);
  });

  it('what the console sent is kept in its window, marked sent, and never carried in as latched state', () => {
    const ring = new MessageRing({ maxSeconds: 10 });
    ring.add({ topic: '/cmd_vel', type: 'geometry_msgs/Twist', msg: { linear: { x: 1 } }, receivedAt: 100, bytes: 40, sent: true });
    ring.add({ topic: '/cmd_vel', type: 'geometry_msgs/Twist', msg: { linear: { x: 2 } }, receivedAt: 30_000, bytes: 40, sent: true });
    for (let t = 0; t <= 30_000; t += 1000) ring.push('/odom', 'nav_msgs/Odometry', { t }, t);
    const snap = ring.snapshot(25_000, 30_000);
    const cmd = snap.filter((m) => m.topic === '/cmd_vel');
    expect(cmd).toHaveLength(1);
    expect(cmd[0]).toMatchObject({ sent: true, receivedAt: 30_000, msg: { linear: { x: 2 } } });
    expect(snap.some((m) => m.latched)).toBe(false);
  });

  it('byte budget: the oldest leave first, a smaller budget applies at once, and what it holds is counted', () => {
    const ring = new MessageRing({ maxSeconds: 1000, maxBytes: 10_000 });
    for (let i = 0; i < 100; i++)
      ring.add({ topic: '/camera/compressed', type: 'sensor_msgs/CompressedImage', msg: i, receivedAt: i, bytes: 1000 });
    expect(ring.bytes).toBe(10_000);
    expect(ring.size).toBe(10);
    expect(ring.span()).toEqual({ from: 90, to: 99 });
    ring.setMaxBytes(3_000);
    expect(ring.bytes).toBe(3_000);
    expect(ring.span()).toEqual({ from: 97, to: 99 });
    // The evicted camera frame is kept aside (latched state), not counted in the window's bytes.
    expect(ring.carriedBytes).toBe(1000);
  });
});
