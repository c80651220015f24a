import { describe, expect, it } from 'vitest';
import { NORMALIZERS, normalizeMessage } from '../../src/ros/messageNormalizers';

describe('messageNormalizers', () => {
  it('OccupancyGrid data: JSON array -> Int8Array; an Int8Array from CBOR is kept as is', () => {
    const json = { info: {}, data: [100, -1, 0] };
    normalizeMessage('nav_msgs/OccupancyGrid', json);
    expect(json.data).toBeInstanceOf(Int8Array);
    expect(Array.from(json.data as unknown as Int8Array)).toEqual([100, -1, 0]);
    const arr = new Int8Array([1, 2]);
    const cbor = { data: arr };
    normalizeMessage('nav_msgs/OccupancyGrid', cbor);
    expect(cbor.data).toBe(arr);
  });

  it('uint8[] base64 strings -> Uint8Array (CompressedImage, Image, PointCloud2)', () => {
    for (const type of ['sensor_msgs/CompressedImage', 'sensor_msgs/Image', 'sensor_msgs/PointCloud2']) {
      const m: Record<string, unknown> = { data: Buffer.from([0xff, 0xd8, 0x01]).toString('base64') };
      normalizeMessage(type, m);
      expect(m.data, type).toBeInstanceOf(Uint8Array);
      expect((m.data as Uint8Array).constructor).toBe(Uint8Array);
      expect(Array.from(m.data as Uint8Array)).toEqual([0xff, 0xd8, 0x01]);
    }
  });

  it('a Node Buffer from CBOR becomes a plain Uint8Array over the same bytes', () => {
    const b = Buffer.from([1, 2, 3]);
    const m: Record<string, unknown> = { data: b };
    normalizeMessage('sensor_msgs/CompressedImage', m);
    expect((m.data as Uint8Array).constructor).toBe(Uint8Array);
    expect((m.data as Uint8Array).buffer).toBe(b.buffer);
  });

  it('LaserScan ranges/intensities -> Float32Array with null -> NaN', () => {
    const m: Record<string, unknown> = { range_max: null, ranges: [1.5, null, 2], intensities: [] };
    normalizeMessage('sensor_msgs/LaserScan', m);
    expect(m.ranges).toBeInstanceOf(Float32Array);
    const r = m.ranges as Float32Array;
    expect(r[0]).toBe(1.5);
    expect(r[1]).toBeNaN();
    expect(m.intensities).toBeInstanceOf(Float32Array);
    expect(m.range_max).toBeNaN();
  });

  it('BatteryState: JSON nulls become NaN like CBOR gives', () => {
    const m: Record<string, unknown> = { voltage: 12.5, charge: null, capacity: null, cell_voltage: [3.9, 3.9] };
    normalizeMessage('sensor_msgs/BatteryState', m);
    expect(m.voltage).toBe(12.5);
    expect(m.charge).toBeNaN();
    expect(m.capacity).toBeNaN();
    expect(m.cell_voltage).toBeInstanceOf(Float32Array);
  });

  it('reports the typed arrays it leaves behind (for transfer) and ignores unknown types', () => {
    const found: ArrayBufferView[] = [];
    const m = { ranges: [1, null], intensities: [2, 3] };
    normalizeMessage('sensor_msgs/LaserScan', m, (a) => found.push(a));
    expect(found).toHaveLength(2);
    expect(m.ranges).toBeInstanceOf(Float32Array);
    expect(Number.isNaN((m.ranges as unknown as Float32Array)[1])).toBe(true);
    const other = { data: [1, 2] };
    normalizeMessage('std_msgs/Whatever', other);
    expect(other.data).toEqual([1, 2]);
  });

  it('JointState (the hot path) keeps JSON arrays, with null as NaN in place, and CBOR typed arrays as they are', () => {
    const found: ArrayBufferView[] = [];
    const m = { position: [1, null], velocity: [2, 3], effort: [] as unknown[] };
    const position = m.position;
    normalizeMessage('sensor_msgs/JointState', m, (a) => found.push(a));
    expect(m.position).toBe(position);
    expect(m.position[0]).toBe(1);
    expect(m.position[1]).toBeNaN();
    expect(found).toHaveLength(0);
    const cbor = { position: new Float64Array([0.5]), velocity: new Float64Array(0), effort: new Float64Array(0) };
    normalizeMessage('sensor_msgs/JointState', cbor);
    expect(cbor.position).toBeInstanceOf(Float64Array);
  });

  it('is a table others can extend', () => {
    NORMALIZERS['test_msgs/Doubled'] = (m) => {
      m.value = (m.value as number) * 2;
    };
    const m = { value: 2 };
    normalizeMessage('test_msgs/Doubled', m);
    expect(m.value).toBe(4);
    delete NORMALIZERS['test_msgs/Doubled'];
  });
});
