import { describe, expect, it } from 'vitest';
import { TopicStatsTracker } from '../../src/ros/topicStats';

describe('TopicStatsTracker', () => {
  it('counts and measures a steady 10 Hz rate', () => {
    const s = new TopicStatsTracker('/joint_states', 'sensor_msgs/JointState');
    const t0 = 1_000_000;
    for (let i = 0; i < 100; i++) s.record(t0 + i * 100);
    const now = t0 + 9_950;
    expect(s.count).toBe(100);
    expect(s.lastAt).toBe(t0 + 9_900);
    expect(s.rateHz(now)).toBeGreaterThan(9);
    expect(s.rateHz(now)).toBeLessThan(11);
    expect(s.snapshot(now)).toMatchObject({ topic: '/joint_states', type: 'sensor_msgs/JointState', count: 100 });
  });

  it('falls to zero when messages stop, and a single message is not 1000 Hz', () => {
    const s = new TopicStatsTracker('/x', 't');
    s.record(5_000);
    expect(s.rateHz(5_010)).toBeLessThanOrEqual(1);
    for (let i = 0; i < 80; i++) s.record(10_000 + i * 50);
    expect(s.rateHz(14_000)).toBeGreaterThan(18);
    expect(s.rateHz(14_000)).toBeLessThan(22);
    expect(s.rateHz(30_000)).toBe(0);
  });

  it('has no rate before any message', () => {
    expect(new TopicStatsTracker('/x', 't').rateHz(1)).toBe(0);
  });
});
