import { describe, expect, it } from 'vitest';
import { McapIndexedReader, McapStreamReader, TempBuffer } from '@mcap/core';
import { parse } from '@foxglove/rosmsg';
import { decodeClipMessage, readClip, writeClip, type ClipInputMessage } from '../../../src/features/incidents/mcapClip';
import { decompressHandlers } from '../../../src/features/incidents/clipCompression';
import { MessageReader } from '@foxglove/rosmsg-serialization';
import { battery, diag, stamp, tf } from './clipMessages';

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
    const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(bytes), decompressHandlers });
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
    const stream = new McapStreamReader({ validateCrcs: true, decompressHandlers });
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

describe('MCAP clip as evidence', () => {
  const T0 = 1_700_000_100_000;
  const jpeg = new Uint8Array(3000).map((_, i) => (i * 7) & 0xff);
  jpeg.set([0xff, 0xd8, 0xff], 0);
  const camera = { header: { seq: 1, stamp: stamp(1000), frame_id: 'cam' }, format: 'jpeg', data: jpeg };
  const twist = (x: number) => ({ linear: { x, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0.2 } });
  const input: ClipInputMessage[] = [
    { topic: '/map_meta', type: 'std_msgs/String', msg: { data: 'latched' }, receivedAt: T0 - 60_000, latched: true },
    { topic: '/camera/image/compressed', type: 'sensor_msgs/CompressedImage', msg: camera, receivedAt: T0 + 10 },
    { topic: '/cmd_vel', type: 'geometry_msgs/Twist', msg: twist(0.3), receivedAt: T0 + 20, sent: true },
    { topic: '/cmd_vel', type: 'geometry_msgs/Twist', msg: twist(0.1), receivedAt: T0 + 25 },
    { topic: '/robot/set_enabled', type: 'std_srvs/SetBool', msg: { data: false }, receivedAt: T0 + 30, sent: true },
  ];
  const screenshot = { name: 'screenshot.png', mediaType: 'image/png', data: new Uint8Array([137, 80, 78, 71]), at: T0 + 5 };

  it('keeps times, camera bytes as they came, the console mark, the incident, the latched list and the screenshot', async () => {
    const bytes = await writeClip(input, {
      info: { incidentId: 'inc-1', category: 'path blocked', pose: '{"x":1}' },
      window: { start: T0, end: T0 + 1000 },
      attachments: [screenshot],
    });
    const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(bytes), decompressHandlers });
    const chans = [...reader.channelsById.values()];
    const cmd = chans.filter((c) => c.topic === '/cmd_vel');
    expect(cmd).toHaveLength(2);
    expect(cmd.find((c) => c.metadata.get('publisher') === 'console')?.metadata.get('callerid')).toBe('/operator_console');
    expect(cmd.filter((c) => c.metadata.get('publisher') === undefined)).toHaveLength(1);
    expect(chans.find((c) => c.topic === '/robot/set_enabled')).toMatchObject({ messageEncoding: 'json' });
    const times: Record<string, bigint[]> = {};
    for await (const m of reader.readMessages()) (times[reader.channelsById.get(m.channelId)!.topic] ??= []).push(m.logTime);
    expect(times['/map_meta']).toEqual([BigInt(T0 - 60_000) * 1_000_000n]);
    expect(times['/cmd_vel']).toEqual([BigInt(T0 + 20) * 1_000_000n, BigInt(T0 + 25) * 1_000_000n]);
    const meta: Record<string, Map<string, string>> = {};
    for await (const md of reader.readMetadata()) meta[md.name] = md.metadata;
    expect(meta.incident?.get('category')).toBe('path blocked');
    expect(meta.latched?.get('/map_meta')).toBe(String(T0 - 60_000));
    expect(meta.clip?.get('window_start_ms')).toBe(String(T0));
    const att = [];
    for await (const a of reader.readAttachments()) att.push(a);
    expect(att.map((a) => [a.name, a.mediaType, [...a.data]])).toEqual([['screenshot.png', 'image/png', [137, 80, 78, 71]]]);

    const clip = await readClip(bytes);
    expect(clip.startMs).toBe(T0);
    expect(clip.latched).toEqual({ '/map_meta': T0 - 60_000 });
    const cam = clip.messages.find((m) => m.topic === '/camera/image/compressed')!;
    const decoded = decodeClipMessage(clip, cam) as { format: string; data: Uint8Array };
    expect(decoded.format).toBe('jpeg');
    expect([...decoded.data]).toEqual([...jpeg]);
    const sent = clip.messages.filter((m) => m.topic === '/cmd_vel' && clip.channels.get(m.channelId)!.sent);
    expect(sent.map((m) => m.timeMs)).toEqual([T0 + 20]);
  });

  it('writes a ROS 1 payload that arrived serialized (cbor-raw) unchanged', async () => {
    const raw = new Uint8Array([5, 0, 0, 0, 104, 101, 108, 108, 111]); // std_msgs/String "hello"
    const bytes = await writeClip([{ topic: '/chatter', type: 'std_msgs/String', msg: { data: 'ignored' }, raw, receivedAt: T0 }]);
    const clip = await readClip(bytes);
    expect([...clip.messages[0]!.data]).toEqual([...raw]);
    expect(decodeClipMessage(clip, clip.messages[0]!)).toEqual({ data: 'hello' });
  });
});
