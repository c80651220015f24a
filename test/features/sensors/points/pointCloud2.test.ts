import { describe, expect, it } from 'vitest';
import {
  decodePointCloud2,
  makePointCloud2,
  PointFieldType,
  type PointCloud2Msg,
} from '../../../../src/features/sensors/points/pointCloud2';

function ok(r: ReturnType<typeof decodePointCloud2>) {
  if ('error' in r && r.error) throw new Error(`decode error ${r.error.code}`);
  return r as Exclude<typeof r, { error: object }>;
}

describe('PointCloud2 decoding', () => {
  it('x,y,z float32 little-endian, intensity colours', () => {
    const msg = makePointCloud2([1, 2, 3, 4, 5, 6], { intensity: [0, 100] });
    const r = ok(decodePointCloud2(msg));
    expect(r.count).toBe(2);
    expect(Array.from(r.positions.subarray(0, 6))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.colorSource).toBe('intensity');
    expect(Array.from(r.colors.subarray(0, 3))).not.toEqual(Array.from(r.colors.subarray(3, 6)));
  });

  it('big-endian data', () => {
    const r = ok(decodePointCloud2(makePointCloud2([1.5, -2, 3], { bigEndian: true })));
    expect(Array.from(r.positions.subarray(0, 3))).toEqual([1.5, -2, 3]);
  });

  it('honours offsets, mixed datatypes, point_step padding and row_step padding; packed rgb', () => {
    // point: [pad 2][z int16][x float64][y uint8][pad 3][rgb float32-bits] = 20 bytes; 2x2 cloud; rows padded by 4
    const step = 20;
    const rowStep = step * 2 + 4;
    const data = new Uint8Array(rowStep * 2);
    const dv = new DataView(data.buffer);
    const pts = [
      [1, 2, 3, 0xff0000],
      [4, 5, 6, 0x00ff00],
      [7, 8, 9, 0x0000ff],
      [10, 11, 12, 0x808080],
    ];
    pts.forEach(([x, y, z, rgb], i) => {
      const o = Math.floor(i / 2) * rowStep + (i % 2) * step;
      dv.setInt16(o + 2, z, true);
      dv.setFloat64(o + 4, x, true);
      dv.setUint8(o + 12, y);
      dv.setUint32(o + 16, rgb, true);
    });
    const msg: PointCloud2Msg = {
      height: 2,
      width: 2,
      point_step: step,
      row_step: rowStep,
      is_bigendian: false,
      fields: [
        { name: 'z', offset: 2, datatype: PointFieldType.INT16, count: 1 },
        { name: 'x', offset: 4, datatype: PointFieldType.FLOAT64, count: 1 },
        { name: 'y', offset: 12, datatype: PointFieldType.UINT8, count: 1 },
        { name: 'rgb', offset: 16, datatype: PointFieldType.FLOAT32, count: 1 },
      ],
      data,
    };
    const r = ok(decodePointCloud2(msg));
    expect(r.count).toBe(4);
    expect(Array.from(r.positions.subarray(0, 12))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(r.colorSource).toBe('rgb');
    expect(Array.from(r.colors.subarray(0, 3))).toEqual([1, 0, 0]);
    expect(Array.from(r.colors.subarray(6, 9))).toEqual([0, 0, 1]);
    // base64 (rosbridge JSON) gives the same
    const r64 = ok(decodePointCloud2({ ...msg, data: Buffer.from(data).toString('base64') }));
    expect(Array.from(r64.positions.subarray(0, 12))).toEqual(Array.from(r.positions.subarray(0, 12)));
  });

  it('skips NaN points (non-dense clouds)', () => {
    const r = ok(decodePointCloud2(makePointCloud2([NaN, 0, 0, 1, 1, 1, 0, Infinity, 0])));
    expect(r.count).toBe(1);
    expect(Array.from(r.positions.subarray(0, 3))).toEqual([1, 1, 1]);
    expect(r.total).toBe(3);
  });

  it('caps by subsampling, and says so', () => {
    const n = 10_000;
    const xyz = new Float32Array(n * 3).map((_, i) => i);
    const r = ok(decodePointCloud2(makePointCloud2(xyz), { maxPoints: 1000 }));
    expect(r.capped).toBe(true);
    expect(r.count).toBe(1000);
    expect(r.total).toBe(n);
    // a non-integer ratio still fills the cap exactly, spread over the whole cloud
    const r2 = ok(decodePointCloud2(makePointCloud2(xyz), { maxPoints: 6000 }));
    expect(r2.count).toBe(6000);
    expect(r2.positions[(6000 - 1) * 3]).toBeGreaterThan(0.99 * 3 * (n - 2));
  });

  it('bad clouds are error values: no xyz, field past point_step, short data', () => {
    const good = makePointCloud2([1, 2, 3]);
    expect(decodePointCloud2({ ...good, fields: good.fields.filter((f) => f.name !== 'z') })).toMatchObject({ error: { code: 'no-xyz' } });
    expect(decodePointCloud2({ ...good, fields: [...good.fields.slice(0, 2), { name: 'z', offset: 10, datatype: 7 }] })).toMatchObject({
      error: { code: 'bad-field' },
    });
    expect(decodePointCloud2({ ...good, width: 5, row_step: 60 })).toMatchObject({
      error: { code: 'bad-size', params: { got: 12, want: 60 } },
    });
    expect(decodePointCloud2({ ...good, fields: [...good.fields.slice(0, 2), { name: 'z', offset: 8, datatype: 99 }] })).toMatchObject({
      error: { code: 'bad-field' },
    });
  });

  it('a 50 MB cloud is subsampled to the cap (npm run bench times it)', () => {
    const n = Math.ceil((50 * 1024 * 1024) / 16);
    const msg = makePointCloud2(new Float32Array(3), { intensity: [1] });
    const data = new Uint8Array(n * 16);
    const r = ok(decodePointCloud2({ ...msg, width: n, row_step: n * 16, data }));
    expect(r.count).toBeLessThanOrEqual(200_000);
    expect(r.capped).toBe(true);
    expect(r.total).toBe(n);
  });
});
