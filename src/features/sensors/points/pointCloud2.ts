// sensor_msgs/PointCloud2 -> flat typed arrays (positions xyz, colours rgb 0..1) ready for a THREE.BufferGeometry.
// No per-point objects: one DataView, one reader per field resolved before the loop. Clouds above the cap are
// subsampled evenly (point k of the cap reads point floor(k * total / cap)), so a 50 MB cloud costs `cap`
// reads, not millions.
import { asBytesLoose } from './bytes';
import { TURBO_LUT_F32, lutIndex } from './colorMap';

export const PointFieldType = {
  INT8: 1,
  UINT8: 2,
  INT16: 3,
  UINT16: 4,
  INT32: 5,
  UINT32: 6,
  FLOAT32: 7,
  FLOAT64: 8,
} as const;

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 2, 5: 4, 6: 4, 7: 4, 8: 8 };

export interface PointField {
  name: string;
  offset: number;
  datatype: number;
  count?: number;
}

export interface PointCloud2Msg {
  header?: { frame_id?: string; stamp?: { secs?: number; nsecs?: number } };
  height: number;
  width: number;
  fields: PointField[];
  is_bigendian?: boolean | number;
  point_step: number;
  row_step: number;
  data: Uint8Array | string | ArrayLike<number>;
  is_dense?: boolean | number;
}

export type CloudErrorCode = 'no-xyz' | 'bad-field' | 'bad-size' | 'bad-layout';

export interface DecodedCloud {
  /** xyz per kept point; length >= 3*count. */
  positions: Float32Array;
  /** rgb 0..1 per kept point. */
  colors: Float32Array;
  /** Points kept (finite xyz, within the cap). */
  count: number;
  /** width*height of the message. */
  total: number;
  /** true when the cap made us subsample. */
  capped: boolean;
  /** How the colours were chosen. */
  colorSource: 'rgb' | 'intensity' | 'height';
  error?: undefined;
}

export type CloudResult = DecodedCloud | { error: { code: CloudErrorCode; params: Record<string, string | number> } };

export const DEFAULT_MAX_POINTS = 200_000;
/** No layer setting decodes more points than this from one message (12 MB of positions and 12 MB of colours). */
export const MAX_CLOUD_POINTS = 1_000_000;

type Reader = (dv: DataView, offset: number, le: boolean) => number;

function reader(datatype: number): Reader | undefined {
  switch (datatype) {
    case 1:
      return (dv, o) => dv.getInt8(o);
    case 2:
      return (dv, o) => dv.getUint8(o);
    case 3:
      return (dv, o, le) => dv.getInt16(o, le);
    case 4:
      return (dv, o, le) => dv.getUint16(o, le);
    case 5:
      return (dv, o, le) => dv.getInt32(o, le);
    case 6:
      return (dv, o, le) => dv.getUint32(o, le);
    case 7:
      return (dv, o, le) => dv.getFloat32(o, le);
    case 8:
      return (dv, o, le) => dv.getFloat64(o, le);
    default:
      return undefined;
  }
}

export interface DecodeCloudOptions {
  maxPoints?: number;
  /** Reuse these arrays when big enough (a layer decoding 10 Hz clouds avoids garbage). */
  positions?: Float32Array;
  colors?: Float32Array;
}

export function decodePointCloud2(msg: PointCloud2Msg, opts: DecodeCloudOptions = {}): CloudResult {
  const cap = Math.max(1, Math.min(MAX_CLOUD_POINTS, opts.maxPoints ?? DEFAULT_MAX_POINTS));
  const fields = Array.isArray(msg.fields) ? msg.fields : [];
  const byName = new Map(fields.map((f) => [f.name, f]));
  const fx = byName.get('x');
  const fy = byName.get('y');
  const fz = byName.get('z');
  if (!fx || !fy || !fz) return { error: { code: 'no-xyz', params: { fields: fields.map((f) => f.name).join(',') } } };
  const step = msg.point_step;
  const rowStep = msg.row_step;
  const width = msg.width;
  const height = msg.height;
  if (![step, rowStep, width, height].every((n) => Number.isInteger(n) && n >= 0) || (width * height > 0 && step === 0)) {
    return { error: { code: 'bad-layout', params: { point_step: String(step), row_step: String(rowStep) } } };
  }
  for (const f of [fx, fy, fz, byName.get('rgb'), byName.get('rgba'), byName.get('intensity')]) {
    if (!f) continue;
    const size = TYPE_SIZE[f.datatype];
    if (!size || !Number.isInteger(f.offset) || f.offset < 0 || f.offset + size > step) {
      return { error: { code: 'bad-field', params: { field: f.name, datatype: String(f.datatype), offset: String(f.offset) } } };
    }
  }
  if (height > 1 && rowStep < width * step) {
    return { error: { code: 'bad-layout', params: { point_step: step, row_step: rowStep } } };
  }
  const data = asBytesLoose(msg.data);
  const total = width * height;
  const need = total === 0 ? 0 : (height - 1) * rowStep + width * step;
  if (data.length < need) return { error: { code: 'bad-size', params: { got: data.length, want: need } } };

  const maxKept = Math.min(total, cap);
  const ratio = maxKept > 0 ? total / maxKept : 1;
  const positions = opts.positions && opts.positions.length >= maxKept * 3 ? opts.positions : new Float32Array(maxKept * 3);
  const colors = opts.colors && opts.colors.length >= maxKept * 3 ? opts.colors : new Float32Array(maxKept * 3);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const le = !(msg.is_bigendian === true || msg.is_bigendian === 1);
  const rx = reader(fx.datatype)!;
  const ry = reader(fy.datatype)!;
  const rz = reader(fz.datatype)!;
  const ox = fx.offset;
  const oy = fy.offset;
  const oz = fz.offset;
  const fRgb = byName.get('rgb') ?? byName.get('rgba');
  const fInt = byName.get('intensity');
  const colorSource: DecodedCloud['colorSource'] = fRgb ? 'rgb' : fInt ? 'intensity' : 'height';
  const ri = fInt ? reader(fInt.datatype)! : undefined;
  const scalar = colorSource === 'rgb' ? undefined : new Float32Array(maxKept);

  let n = 0;
  const fast = fastPath(
    data,
    le,
    step,
    rowStep,
    [fx, fy, fz, fInt].filter((f): f is PointField => !!f),
    fRgb,
  );
  if (fast) {
    // Little-endian float32 fields on 4-byte boundaries (the usual case): read through typed views, ~5x faster.
    const f32 = fast.f32;
    const u32 = fast.u32;
    const wx = ox >> 2;
    const wy = oy >> 2;
    const wz = oz >> 2;
    const wi = fInt ? fInt.offset >> 2 : 0;
    const wc = fRgb ? fRgb.offset >> 2 : 0;
    const ws = step >> 2;
    const wr = rowStep >> 2;
    for (let k = 0; k < maxKept; k++) {
      const i = ratio === 1 ? k : Math.floor(k * ratio);
      const row = (i / width) | 0;
      const base = row * wr + (i - row * width) * ws;
      const x = f32[base + wx];
      const y = f32[base + wy];
      const z = f32[base + wz];
      if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) continue;
      const p = n * 3;
      positions[p] = x;
      positions[p + 1] = y;
      positions[p + 2] = z;
      if (fRgb) {
        const bits = u32[base + wc];
        colors[p] = ((bits >>> 16) & 0xff) / 255;
        colors[p + 1] = ((bits >>> 8) & 0xff) / 255;
        colors[p + 2] = (bits & 0xff) / 255;
      } else {
        scalar![n] = fInt ? f32[base + wi] : z;
      }
      n++;
    }
  } else
    for (let k = 0; k < maxKept; k++) {
      const i = ratio === 1 ? k : Math.floor(k * ratio);
      const row = (i / width) | 0;
      const base = row * rowStep + (i - row * width) * step;
      const x = rx(dv, base + ox, le);
      const y = ry(dv, base + oy, le);
      const z = rz(dv, base + oz, le);
      if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(z)) continue;
      const p = n * 3;
      positions[p] = x;
      positions[p + 1] = y;
      positions[p + 2] = z;
      if (fRgb) {
        // PCL packs 0x00RRGGBB into the bits of a float32 (or a uint32): read the bits, never the float value.
        const bits = dv.getUint32(base + fRgb.offset, le);
        colors[p] = ((bits >>> 16) & 0xff) / 255;
        colors[p + 1] = ((bits >>> 8) & 0xff) / 255;
        colors[p + 2] = (bits & 0xff) / 255;
      } else if (ri && fInt) {
        scalar![n] = ri(dv, base + fInt.offset, le);
      } else {
        scalar![n] = z;
      }
      n++;
    }

  if (scalar) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < n; k++) {
      const v = scalar[k];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    const lut = TURBO_LUT_F32;
    for (let k = 0; k < n; k++) {
      const v = scalar[k];
      const li = (Number.isFinite(v) ? lutIndex(v, lo, hi) : 0) * 3;
      colors[k * 3] = lut[li];
      colors[k * 3 + 1] = lut[li + 1];
      colors[k * 3 + 2] = lut[li + 2];
    }
  }

  return { positions, colors, count: n, total, capped: total > cap, colorSource };
}

const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function fastPath(
  data: Uint8Array,
  le: boolean,
  step: number,
  rowStep: number,
  floats: PointField[],
  rgb: PointField | undefined,
): { f32: Float32Array; u32: Uint32Array } | null {
  if (!le || !HOST_LE || step % 4 !== 0 || rowStep % 4 !== 0) return null;
  if (!floats.every((f) => f.datatype === PointFieldType.FLOAT32 && f.offset % 4 === 0)) return null;
  if (rgb && rgb.offset % 4 !== 0) return null;
  // A CBOR or base64 decoder may hand out bytes at any offset; copy once to get an aligned buffer.
  const aligned = data.byteOffset % 4 === 0 ? data : data.slice();
  const words = aligned.byteLength >> 2;
  return {
    f32: new Float32Array(aligned.buffer, aligned.byteOffset, words),
    u32: new Uint32Array(aligned.buffer, aligned.byteOffset, words),
  };
}

/** Builds a PointCloud2 from xyz (+ optional intensity) floats: used by the simulator, tests and benches. */
export function makePointCloud2(
  xyz: ArrayLike<number>,
  opts: { intensity?: ArrayLike<number>; frameId?: string; stamp?: { secs: number; nsecs: number }; bigEndian?: boolean } = {},
): PointCloud2Msg & { data: Uint8Array } {
  const n = Math.floor(xyz.length / 3);
  const hasI = !!opts.intensity;
  const step = hasI ? 16 : 12;
  const data = new Uint8Array(n * step);
  const dv = new DataView(data.buffer);
  const le = !opts.bigEndian;
  for (let i = 0; i < n; i++) {
    const o = i * step;
    dv.setFloat32(o, xyz[i * 3], le);
    dv.setFloat32(o + 4, xyz[i * 3 + 1], le);
    dv.setFloat32(o + 8, xyz[i * 3 + 2], le);
    if (hasI) dv.setFloat32(o + 12, opts.intensity![i], le);
  }
  const fields: PointField[] = [
    { name: 'x', offset: 0, datatype: PointFieldType.FLOAT32, count: 1 },
    { name: 'y', offset: 4, datatype: PointFieldType.FLOAT32, count: 1 },
    { name: 'z', offset: 8, datatype: PointFieldType.FLOAT32, count: 1 },
  ];
  if (hasI) fields.push({ name: 'intensity', offset: 12, datatype: PointFieldType.FLOAT32, count: 1 });
  return {
    header: { frame_id: opts.frameId ?? 'base_link', stamp: opts.stamp ?? { secs: 0, nsecs: 0 } },
    height: 1,
    width: n,
    fields,
    is_bigendian: !!opts.bigEndian,
    point_step: step,
    row_step: step * n,
    data,
    is_dense: true,
  };
}
