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

  it('snapshot gives the window plus the last latched message of each topic before it', () => {
    const ring = new MessageRing({ maxSeconds: 10 });
    ring.push('/tf_static', 'tf2_msgs/TFMessage', { transforms: [] }, 0);
    ring.push('/map', 'nav_msgs/OccupancyGrid', { n: 1 }, 5);
    for (let t = 0; t <= 60_000; t += 100) ring.push('/tf', 'tf2_msgs/TFMessage', { t }, t);
    const snap = ring.snapshot(52_000, 58_000);
    const initial = snap.filter((m) => m.receivedAt === 52_000);
    expect(initial.map((m) => m.topic).sort()).toEqual(['/map', '/tf', '/tf_static']);
    const tfs = snap.filter((m) => m.topic === '/tf');
    expect(tfs[0]!.msg).toEqual({ t: 52_000 });
    expect(tfs[tfs.length - 1]!.msg).toEqual({ t: 58_000 });
    expect(tfs.length).toBe(61);
    for (let i = 1; i < snap.length; i++) expect(snap[i]!.receivedAt).toBeGreaterThanOrEqual(snap[i - 1]!.receivedAt);
  });
});
