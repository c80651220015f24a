import { describe, expect, it } from 'vitest';
import { decode as cborDecode } from 'cbor-x';
import { MessageReader } from '@foxglove/rosmsg-serialization';
import type { MessageDefinition } from '@foxglove/message-definition';
import {
  CborStringArrayBug,
  FieldTypeMismatch,
  NonexistentField,
  cborPublish,
  fragmentText,
  pngFrame,
  populate,
  ros1Serialize,
  toRosJson,
} from '../../src/sim/encoding';
import { foxgloveDefs } from '../../src/sim/msgDefs';
import { decodeSimPng } from './replay';

describe('JSON text frames', () => {
  it('escapes "/" as "\\/", writes NaN/Inf as null, int8[] as arrays and uint8[] as base64', () => {
    const text = toRosJson({
      op: 'publish',
      topic: '/battery',
      msg: { charge: NaN, x: Infinity, data: new Int8Array([100, -1]), img: new Uint8Array([1, 2, 3]) },
    });
    expect(text).toBe('{"op":"publish","topic":"\\/battery","msg":{"charge":null,"x":null,"data":[100,-1],"img":"AQID"}}');
    expect(JSON.parse(text)).toEqual({ op: 'publish', topic: '/battery', msg: { charge: null, x: null, data: [100, -1], img: 'AQID' } });
  });

  it('widens float32 fields when populating (0.1 -> 0.10000000149011612) and fills missing fields with zeros', () => {
    const grid = populate('nav_msgs/MapMetaData', { resolution: 0.1 });
    expect(grid.resolution).toBe(0.10000000149011612);
    expect(populate('geometry_msgs/Twist', { linear: { x: 0 } })).toEqual({ linear: { x: 0, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
  });

  it("raises rosbridge's texts for wrong types and unknown fields; accepts positional args", () => {
    expect(() => populate('std_srvs/SetBoolRequest', { data: 'yes please' })).toThrow(FieldTypeMismatch);
    expect(() => populate('std_srvs/SetBoolRequest', { data: 'x' })).toThrow(
      "std_srvs/SetBoolRequest message requires a bool for field data, but got a <class 'str'>",
    );
    expect(() => populate('std_srvs/SetBoolRequest', { data: true, bogus: 1 })).toThrow(NonexistentField);
    expect(() => populate('std_srvs/SetBoolRequest', { data: true, bogus: 1 })).toThrow(
      'Message type std_srvs/SetBoolRequest does not have a field bogus',
    );
    expect(populate('std_srvs/SetBoolRequest', [true])).toEqual({ data: true });
  });
});

describe('server-side fragments', () => {
  it('have id 0, num 0..n-1 and a float total = (len-1)/size + 1, and reassemble to the text', () => {
    const text = 'x'.repeat(871) + '}';
    const frames = fragmentText(text, 400).map(
      (f) => JSON.parse(f) as { op: string; id: number; data: string; num: number; total: number },
    );
    expect(frames.length).toBe(3);
    expect(frames.map((f) => f.id)).toEqual([0, 0, 0]);
    expect(frames.map((f) => f.num)).toEqual([0, 1, 2]);
    expect(frames[0]!.total).toBe(3.1775); // as recorded in scenario 11 for an 872-char message
    expect(frames.map((f) => f.data).join('')).toBe(text);
    expect(fragmentText('y'.repeat(801), 400)[0]).toContain('"total":3.0}'); // Python float repr
  });
});

describe('CBOR', () => {
  it('encodes numeric arrays as RFC 8746 typed arrays and keeps NaN', () => {
    const battery = cborDecode(
      cborPublish('/battery', 'sensor_msgs/BatteryState', { charge: NaN, cell_voltage: [Math.fround(3.9)], cell_temperature: [] }),
    ) as { msg: Record<string, unknown> };
    expect(battery.msg.charge).toBeNaN();
    expect(battery.msg.cell_voltage).toBeInstanceOf(Float32Array);
    expect((battery.msg.cell_voltage as Float32Array)[0]).toBe(Math.fround(3.9));
    expect(battery.msg.cell_temperature).toBeInstanceOf(Float32Array);
    const map = cborDecode(cborPublish('/map', 'nav_msgs/OccupancyGrid', { data: [100, -1, 0] })) as { msg: { data: unknown } };
    expect(map.msg.data).toBeInstanceOf(Int8Array);
    const img = cborDecode(cborPublish('/img', 'sensor_msgs/CompressedImage', { format: 'jpeg', data: new Uint8Array([1, 2]) })) as {
      msg: { data: unknown };
    };
    expect(img.msg.data).toBeInstanceOf(Uint8Array);
  });

  it('float64[] becomes Float64Array (when the message has no string[])', () => {
    const js = cborDecode(
      cborPublish('/joint_states', 'sensor_msgs/JointState', { name: [], position: [1.5], velocity: [], effort: [] }),
    ) as { msg: { position: unknown } };
    expect(js.msg.position).toBeInstanceOf(Float64Array);
  });

  it("reproduces the 0.11.17 bug: a non-empty string[] field fails with 'str' object has no attribute '__slots__'", () => {
    expect(() => cborPublish('/joint_states', 'sensor_msgs/JointState', { name: ['a'], position: [0], velocity: [], effort: [] })).toThrow(
      CborStringArrayBug,
    );
    expect(() => cborPublish('/joint_states', 'sensor_msgs/JointState', { name: ['a'] })).toThrow(
      "'str' object has no attribute '__slots__'",
    );
  });
});

describe('PNG and cbor-raw', () => {
  it('PNG frame: RGB, floor(sqrt(len/3)) wide, JSON padded with "\\n"', () => {
    const json = toRosJson({ op: 'publish', topic: '/battery', msg: { a: 1 } });
    const f = JSON.parse(pngFrame(json)) as { op: string; data: string };
    expect(f.op).toBe('png');
    const d = decodeSimPng(f.data);
    expect(d.text).toBe(json);
    expect(d.width).toBe(Math.floor(Math.sqrt(json.length / 3)));
    expect(d.height).toBe(Math.ceil(json.length / 3 / d.width));
  });

  it('ROS 1 serialisation round-trips a BatteryState', () => {
    const msg = {
      header: { seq: 1, stamp: { secs: 5, nsecs: 6 }, frame_id: '' },
      voltage: Math.fround(48.5),
      charge: NaN,
      cell_voltage: [Math.fround(4)],
      cell_temperature: [],
      location: 'torso',
      serial_number: 'AT-0001',
    };
    const bytes = ros1Serialize('sensor_msgs/BatteryState', populate('sensor_msgs/BatteryState', { ...msg, charge: 0 }))!;
    const back = new MessageReader(foxgloveDefs('sensor_msgs/BatteryState') as unknown as MessageDefinition[]).readMessage<
      Record<string, unknown>
    >(bytes);
    expect(back.voltage).toBe(Math.fround(48.5));
    expect(back.serial_number).toBe('AT-0001');
  });
});
