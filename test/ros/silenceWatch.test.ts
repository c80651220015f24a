import { describe, expect, it } from 'vitest';
import { SilenceWatch, silentText, type WatchedTopic } from '../../src/ros/silenceWatch';
import { TopicStatsTracker } from '../../src/ros/topicStats';
import type { ProblemKind, TopicInfo } from '../../src/ros/types';

function setup(topics: TopicInfo[] | Error, publishers?: Record<string, string[]>) {
  let now = 10_000;
  const reports: { kind: ProblemKind; message: string; topic: string }[] = [];
  let calls = 0;
  const watch = new SilenceWatch({
    silenceMs: 5000,
    now: () => now,
    listTopics: async () => {
      calls++;
      if (topics instanceof Error) throw topics;
      return topics;
    },
    publishers: publishers
      ? async (topic) => {
          calls++;
          return publishers[topic] ?? [];
        }
      : undefined,
    report: (kind, message, topic) => reports.push({ kind, message, topic }),
  });
  const item = (topic: string, type: string, compression?: 'cbor'): WatchedTopic => ({
    topic,
    type,
    compression,
    stats: new TopicStatsTracker(topic, type),
    watchFrom: now,
  });
  return { watch, reports, item, advance: (ms: number) => (now += ms), now: () => now, calls: () => calls };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('SilenceWatch', () => {
  it('flags a subscription with no data after silenceMs, once, and explains it', async () => {
    const s = setup([{ name: '/battery', type: 'sensor_msgs/BatteryState' }]);
    const items = [s.item('/battery', 'std_msgs/String'), s.item('/gone', 'std_msgs/String'), s.item('/ok', 'std_msgs/String')];
    s.advance(4999);
    s.watch.check(items, 10_000);
    expect(s.reports).toHaveLength(0);
    items[2].stats.record(s.now());
    s.advance(2);
    s.watch.check(items, 10_000);
    await settle();
    expect(s.reports).toEqual([
      { kind: 'silent-topic', message: 'no data on /battery (type std_msgs/String?)', topic: '/battery' },
      { kind: 'silent-topic', message: 'no data on /gone (type std_msgs/String?)', topic: '/gone' },
      {
        kind: 'wrong-type',
        message: '/battery is sensor_msgs/BatteryState on the robot, subscribed as std_msgs/String',
        topic: '/battery',
      },
      { kind: 'silent-topic', message: 'nobody publishes /gone', topic: '/gone' },
    ]);
    expect(s.calls()).toBe(1);
    s.advance(10_000);
    s.watch.check(items, 10_000);
    await settle();
    expect(s.reports).toHaveLength(4); // not repeated while still silent
  });

  it('counts only connected time, and does not flag a latched topic that already delivered', () => {
    const s = setup([]);
    const latched = s.item('/map', 'nav_msgs/OccupancyGrid');
    latched.stats.record(s.now());
    s.advance(60_000);
    s.watch.check([latched], undefined); // not connected: nothing to say
    s.watch.check([latched], 10_000);
    expect(s.reports).toHaveLength(0);
    const fresh = s.item('/x', 't');
    s.watch.check([fresh], s.now() - 1000); // connected a second ago
    expect(s.reports).toHaveLength(0);
  });

  it('without rosapi the plain text stays', async () => {
    const s = setup(new Error('no rosapi'));
    const it1 = s.item('/x', 'std_msgs/String');
    s.advance(6000);
    s.watch.check([it1], 10_000);
    await settle();
    expect(it1.stats.silentReason).toBe(silentText('/x', 'std_msgs/String'));
  });

  it('published with the same type and cbor: hints at the encoder; listed but unpublished: nobody publishes it', async () => {
    const s = setup(
      [
        { name: '/joint_states', type: 'sensor_msgs/JointState' },
        { name: '/points', type: 'sensor_msgs/PointCloud2' },
      ],
      { '/joint_states': ['/robot'] },
    );
    const js = s.item('/joint_states', 'sensor_msgs/JointState', 'cbor');
    const points = s.item('/points', 'sensor_msgs/PointCloud2', 'cbor');
    s.advance(6000);
    s.watch.check([js, points], 10_000);
    await settle();
    expect(js.stats.silentReason).toBe(
      '/joint_states is published by /robot, but nothing arrives; its rosbridge may be failing to encode it as cbor; try compression "none"',
    );
    expect(points.stats.silentReason).toBe('nobody publishes /points');
  });

  it('rosapi that cannot say who publishes leaves the plain text (it is what is true)', async () => {
    const s = setup([{ name: '/joint_states', type: 'sensor_msgs/JointState' }]);
    const js = s.item('/joint_states', 'sensor_msgs/JointState', 'cbor');
    s.advance(6000);
    s.watch.check([js], 10_000);
    await settle();
    expect(js.stats.silentReason).toBe(silentText('/joint_states', 'sensor_msgs/JointState'));
  });

  it('ROS 2 type names (pkg/msg/Type) match ROS 1-style subscriptions', async () => {
    const s = setup([{ name: '/battery', type: 'sensor_msgs/msg/BatteryState' }], { '/battery': ['/robot'] });
    const b = s.item('/battery', 'sensor_msgs/BatteryState');
    s.advance(6000);
    s.watch.check([b], 10_000);
    await settle();
    expect(b.stats.silentReason).toBe("/battery is published by /robot, but nothing arrives (the robot's rosbridge log may say why)");
  });
});

describe('SilenceWatch and quiet event topics', () => {
  it('never reports a topic whose consumers all expect silence', () => {
    const reports: string[] = [];
    let now = 10_000;
    const watch = new SilenceWatch({ silenceMs: 1000, now: () => now, listTopics: async () => [], report: (_k, m) => reports.push(m) });
    const stats = { silentReason: undefined as string | undefined, lastAt: undefined as number | undefined };
    const item = {
      topic: '/operator/request',
      type: 'std_msgs/String',
      stats,
      watchFrom: 0,
      expectSilence: true,
    } as unknown as WatchedTopic;
    now += 5000;
    watch.check([item], 0);
    expect(reports).toEqual([]);
    (item as { expectSilence: boolean }).expectSilence = false;
    watch.check([item], 0);
    expect(reports).toEqual(['no data on /operator/request (type std_msgs/String?)']);
  });
});
