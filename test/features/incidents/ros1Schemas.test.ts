// The incident clips' ROS 1 schemas, written through the link's ROS 1 codec and checked against the library.
import { describe, expect, it } from 'vitest';
import { parse } from '@foxglove/rosmsg';
import { MessageReader, MessageWriter } from '@foxglove/rosmsg-serialization';
import { ros1Schema } from '../../../src/features/incidents/ros1Schemas';
import { serializeRos1 } from '../../../src/ros/ros1Codec';
import { battery, diag, image, stamp, tf } from './clipMessages';

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
