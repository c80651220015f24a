import { describe, expect, it } from 'vitest';
import { McapIndexedReader, McapStreamReader, TempBuffer } from '@mcap/core';
import { parse } from '@foxglove/rosmsg';
import { decodeClipMessage, readClip, writeClip, type ClipInputMessage } from '../../../src/features/incidents/mcapClip';
import { MessageReader } from '@foxglove/rosmsg-serialization';
import { battery, diag, tf } from './clipMessages';

describe('MCAP clip', () => {
  const msgs: ClipInputMessage[] = [];
  for (let i = 0; i < 50; i++)
    msgs.push({ topic: '/tf', type: 'tf2_msgs/TFMessage', msg: tf(1000 + i * 100, i * 0.1), receivedAt: 1_700_000_000_000 + i * 100 });
  msgs.push({ topic: '/battery', type: 'sensor_msgs/BatteryState', msg: battery, receivedAt: 1_700_000_000_050 });
  msgs.push({ topic: '/diagnostics', type: 'diagnostic_msgs/DiagnosticArray', msg: diag, receivedAt: 1_700_000_000_060 });
  msgs.push({ topic: '/custom', type: 'my_pkg/Unknown', msg: { a: 1, b: new Float32Array([1, 2]) }, receivedAt: 1_700_000_000_070 });
  msgs.sort((a, b) => a.receivedAt - b.receivedAt);

  it('opens with @mcap/core: schemas, channels, counts, time range, a message equal after decoding', async () => {
    const bytes = await writeClip(msgs, { params: { '/robot_description': '<robot name="r"/>' }, info: { incidentId: 'x' } });
    const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(bytes) });
    expect(reader.header.profile).toBe('ros1');
    const schemas = [...reader.schemasById.values()];
    expect(schemas.map((s) => s.name).sort()).toEqual([
      'diagnostic_msgs/DiagnosticArray',
      'sensor_msgs/BatteryState',
      'tf2_msgs/TFMessage',
    ]);
    expect(schemas.every((s) => s.encoding === 'ros1msg')).toBe(true);
    const tfSchema = new TextDecoder().decode(schemas.find((s) => s.name === 'tf2_msgs/TFMessage')!.data);
    expect(tfSchema).toContain('MSG: geometry_msgs/TransformStamped');
    expect(tfSchema).toContain('MSG: std_msgs/Header');
    // md5sums as ROS 1 computes them (rosbag tools compare them): byte stays byte in DiagnosticStatus.
    const md5 = Object.fromEntries([...reader.channelsById.values()].map((c) => [c.topic, c.metadata.get('md5sum')]));
    expect(md5['/tf']).toBe('94810edda583a504dfda3829e70d7eec');
    expect(md5['/diagnostics']).toBe('60810da900de1dd6ddd437c3503511da');
    expect(md5['/battery']).toBe('4ddae7f048e32fda22cac764685e3974');
    expect(new TextDecoder().decode(schemas.find((s) => s.name === 'diagnostic_msgs/DiagnosticArray')!.data)).toContain('byte level');
    const topics = [...reader.channelsById.values()].map((c) => `${c.topic}:${c.messageEncoding}`).sort();
    expect(topics).toEqual(['/battery:ros1', '/custom:json', '/diagnostics:ros1', '/tf:ros1']);
    expect(reader.statistics?.messageCount).toBe(53n);
    expect(reader.statistics?.messageStartTime).toBe(1_700_000_000_000n * 1_000_000n);
    expect(reader.statistics?.messageEndTime).toBe((1_700_000_000_000n + 4900n) * 1_000_000n);
    const tfChannel = [...reader.channelsById.values()].find((c) => c.topic === '/tf')!;
    let n = 0;
    for await (const m of reader.readMessages({ topics: ['/tf'] })) {
      if (n === 7) {
        const defs = parse(tfSchema);
        const decoded = new MessageReader(defs).readMessage<{
          transforms: { transform: { translation: { x: number } }; header: { stamp: { sec: number; nsec: number } } }[];
        }>(m.data);
        expect(decoded.transforms[0]!.transform.translation.x).toBeCloseTo(0.7, 10);
        expect(decoded.transforms[0]!.header.stamp).toEqual({ sec: 1, nsec: 700_000_000 });
      }
      expect(m.channelId).toBe(tfChannel.id);
      n++;
    }
    expect(n).toBe(50);
    // A streaming reader (CRC-checked) sees the same file end to end.
    const stream = new McapStreamReader({ validateCrcs: true });
    stream.append(bytes);
    let records = 0;
    let messages = 0;
    for (let r; (r = stream.nextRecord());) {
      records++;
      if (r.type === 'Message') messages++;
    }
    expect(stream.done()).toBe(true);
    expect(messages).toBe(53);
    expect(records).toBeGreaterThan(53);
  });

  it('reads back with readClip into rosbridge shapes', async () => {
    const clip = await readClip(await writeClip(msgs, { params: { '/robot_description': '<robot name="r"/>' } }));
    expect(clip.messages).toHaveLength(53);
    expect(clip.params['/robot_description']).toContain('<robot');
    expect(clip.endMs - clip.startMs).toBe(4900);
    const d = clip.messages.find((m) => m.topic === '/diagnostics')!;
    expect(decodeClipMessage(clip, d)).toEqual({
      header: { seq: 1, stamp: { secs: 1, nsecs: 0 }, frame_id: '' },
      status: [{ level: 1, name: 'motor_left', message: 'warm', hardware_id: 'm1', values: [{ key: 't', value: '71' }] }],
    });
    const c = clip.messages.find((m) => m.topic === '/custom')!;
    expect(decodeClipMessage(clip, c)).toEqual({ a: 1, b: [1, 2] });
  });
});
