import { describe, expect, it } from 'vitest';
import { McapIndexedReader, McapStreamReader, TempBuffer } from '@mcap/core';
import { parse } from '@foxglove/rosmsg';
import { MessageReader, MessageWriter } from '@foxglove/rosmsg-serialization';
import { decodeClipMessage, readClip, writeClip, type ClipInputMessage } from '../../../src/features/incidents/mcapClip';
import { serializeRos1 } from '../../../src/ros/ros1Codec';
import { ros1Schema } from '../../../src/features/incidents/ros1Schemas';

const stamp = (ms: number) => ({ secs: Math.floor(ms / 1000), nsecs: (ms % 1000) * 1e6 });

function tf(ms: number, x: number) {
  return {
    transforms: [
      {
        header: { seq: 0, stamp: stamp(ms), frame_id: 'map' },
        child_frame_id: 'base_link',
        transform: { translation: { x, y: 0.5, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
      },
    ],
  };
}

// As rosbridge JSON delivers them: NaN as null, uint8[] as base64, plain number arrays.
const battery = {
  header: { seq: 3, stamp: stamp(1000), frame_id: '' },
  voltage: 24.1,
  temperature: null,
  current: -1.5,
  charge: null,
  capacity: null,
  design_capacity: 10,
  percentage: 0.5,
  power_supply_status: 2,
  power_supply_health: 1,
  power_supply_technology: 2,
  present: true,
  cell_voltage: [3.5, null],
  cell_temperature: [],
  location: 'slot',
  serial_number: 'SN1',
};
const diag = {
  header: { seq: 1, stamp: stamp(1000), frame_id: '' },
  status: [{ level: 1, name: 'motor_left', message: 'warm', hardware_id: 'm1', values: [{ key: 't', value: '71' }] }],
};
const image = { header: { seq: 1, stamp: stamp(1000), frame_id: 'cam' }, format: 'jpeg', data: 'AAECAwQ=' };

describe('ROS 1 codec', () => {
  it('writes the same bytes as @foxglove/rosmsg-serialization and reads them back', () => {
    for (const [type, msg] of [
      ['tf2_msgs/TFMessage', tf(1000, 1.25)],
      ['diagnostic_msgs/DiagnosticArray', diag],
      [
        'sensor_msgs/JointState',
        {
          header: { seq: 0, stamp: stamp(5), frame_id: '' },
          name: ['a', 'b'],
          position: new Float64Array([1, 2]),
          velocity: [],
          effort: [],
        },
      ],
    ] as const) {
      const schema = ros1Schema(type)!;
      expect(schema, type).toBeTruthy();
      const ours = serializeRos1(schema, msg);
      const defs = parse(schema.text);
      const lib = new MessageWriter(defs).writeMessage(
        JSON.parse(
          JSON.stringify(msg, (k, v) => (k === 'stamp' ? { sec: v.secs, nsec: v.nsecs } : v instanceof Float64Array ? Array.from(v) : v)),
        ),
      );
      expect(Buffer.from(ours).toString('hex'), type).toBe(Buffer.from(lib).toString('hex'));
      expect(new MessageReader(defs).readMessage(ours)).toBeTruthy();
    }
  });

  it('round-trips markers and grids through the library reader', () => {
    const marker = {
      header: { seq: 0, stamp: stamp(2000), frame_id: 'map' },
      ns: 'places',
      id: 4,
      type: 9,
      action: 0,
      pose: { position: { x: 1, y: 2, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
      scale: { x: 1, y: 1, z: 0.3 },
      color: { r: 1, g: 0.5, b: 0, a: 1 },
      lifetime: { secs: 0, nsecs: 0 },
      frame_locked: false,
      points: [{ x: 1, y: 1, z: 0 }],
      colors: [],
      text: 'Workstation 1',
      mesh_resource: '',
      mesh_use_embedded_materials: false,
    };
    const ms = ros1Schema('visualization_msgs/MarkerArray')!;
    const back = new MessageReader(parse(ms.text)).readMessage<{ markers: (typeof marker)[] }>(serializeRos1(ms, { markers: [marker] }));
    expect(back.markers[0]!.text).toBe('Workstation 1');
    expect(back.markers[0]!.points[0]).toEqual({ x: 1, y: 1, z: 0 });
    const grid = {
      header: { seq: 0, stamp: stamp(3000), frame_id: 'map' },
      info: {
        map_load_time: stamp(1000),
        resolution: 0.10000000149011612,
        width: 3,
        height: 2,
        origin: { position: { x: -1, y: -2, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
      },
      data: new Int8Array([0, 100, -1, 0, 0, 100]),
    };
    const gs = ros1Schema('nav_msgs/OccupancyGrid')!;
    const g = new MessageReader(parse(gs.text)).readMessage<{ info: { resolution: number; width: number }; data: Int8Array }>(
      serializeRos1(gs, grid),
    );
    expect(Array.from(g.data)).toEqual([0, 100, -1, 0, 0, 100]);
    expect(g.info.resolution).toBeCloseTo(0.1, 6);
  });

  it('turns null back into NaN and base64 into bytes', () => {
    const schema = ros1Schema('sensor_msgs/BatteryState')!;
    const back = new MessageReader(parse(schema.text)).readMessage<Record<string, unknown>>(serializeRos1(schema, battery));
    expect(back.charge).toBeNaN();
    expect(back.voltage).toBeCloseTo(24.1, 5);
    expect(Array.from(back.cell_voltage as Float32Array)[1]).toBeNaN();
    const img = ros1Schema('sensor_msgs/CompressedImage')!;
    const imgBack = new MessageReader(parse(img.text)).readMessage<{ data: Uint8Array }>(serializeRos1(img, image));
    expect(Array.from(imgBack.data)).toEqual([0, 1, 2, 3, 4]);
  });
});

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
