import { base64ToBytes } from './base64';
import { LimitError } from './limits';

/**
 * Per-type normalisation, applied once in the decoding layer so that consumers get the same shapes whether
 * JSON, CBOR, PNG or cbor-raw carried the message:
 *  - numeric arrays become typed arrays (CBOR already gives them; JSON gives plain arrays),
 *  - uint8[] becomes Uint8Array (JSON gives a base64 string),
 *  - float fields that JSON turned from NaN/Inf into null become NaN (CBOR keeps NaN).
 * To support another type, add an entry to NORMALIZERS. A normalizer edits the message in place and
 * reports every typed array it leaves in the message through `found` (the worker transfers their buffers).
 */
export type TypedArrayFound = (array: ArrayBufferView) => void;
/** Bounds a normalizer checks before it allocates (see DecodeLimits). */
export interface NormalizeLimits {
  /** Bytes of one uint8[] field once decoded from base64. */
  bytesField: number;
}
export type Normalizer = (msg: Record<string, unknown>, found: TypedArrayFound, limits: NormalizeLimits) => void;

const UNBOUNDED: NormalizeLimits = { bytesField: Number.POSITIVE_INFINITY };

const ignore: TypedArrayFound = () => {};

function num(value: unknown): number {
  return typeof value === 'number' ? value : Number.NaN;
}

export function floatsOrNaN(msg: Record<string, unknown>, fields: readonly string[]): void {
  for (const f of fields) if (f in msg && typeof msg[f] !== 'number') msg[f] = Number.NaN;
}

type NumericCtor = Int8ArrayConstructor | Float32ArrayConstructor | Float64ArrayConstructor;

// Zero-length typed arrays cannot be written to, so one per kind is shared (JointState.effort is often []).
const EMPTY = new Map<NumericCtor, ArrayBufferView>([
  [Int8Array, new Int8Array(0)],
  [Float32Array, new Float32Array(0)],
  [Float64Array, new Float64Array(0)],
]);

/** Arrays (with null meaning NaN) or typed arrays of any kind -> typed array of `Ctor`. */
export function typedArray<C extends NumericCtor>(value: unknown, Ctor: C): InstanceType<C> {
  if (value instanceof Ctor) return value as InstanceType<C>;
  if (Array.isArray(value)) {
    if (value.length === 0) return EMPTY.get(Ctor) as InstanceType<C>;
    const out = new Ctor(value.length);
    for (let i = 0; i < value.length; i++) out[i] = num(value[i]);
    return out as InstanceType<C>;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Ctor.from(value as unknown as ArrayLike<number>) as InstanceType<C>;
  return new Ctor(0) as InstanceType<C>;
}

/**
 * uint8[]: base64 string (JSON), Uint8Array/Buffer (CBOR) or plain array -> Uint8Array. A base64 text that
 * would decode to more than `maxBytes` is refused (LimitError) before it is decoded.
 */
export function bytes(value: unknown, maxBytes = Number.POSITIVE_INFINITY): Uint8Array {
  if (typeof value === 'string') {
    const padding = value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0;
    const declared = Math.floor((value.length * 3) / 4) - padding;
    if (declared > maxBytes) throw new LimitError('bytesField', 'base64 byte field', declared, maxBytes);
    return base64ToBytes(value);
  }
  if (value instanceof Uint8Array)
    return value.constructor === Uint8Array ? value : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (Array.isArray(value)) return Uint8Array.from(value as number[]);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return new Uint8Array(0);
}

/** JSON arrays in place: null (NaN or Inf on the robot) -> NaN. Typed arrays (CBOR) are left alone. */
export function nullsToNaN(value: unknown): void {
  if (!Array.isArray(value)) return;
  for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'number') value[i] = Number.NaN;
}

function setTyped<C extends NumericCtor>(msg: Record<string, unknown>, field: string, Ctor: C, found: TypedArrayFound): void {
  if (!(field in msg)) return;
  const arr = typedArray(msg[field], Ctor);
  msg[field] = arr;
  found(arr);
}

function setBytes(msg: Record<string, unknown>, field: string, found: TypedArrayFound, limits: NormalizeLimits): void {
  if (!(field in msg)) return;
  const arr = bytes(msg[field], limits.bytesField);
  msg[field] = arr;
  found(arr);
}

const BATTERY_FLOATS = ['voltage', 'temperature', 'current', 'charge', 'capacity', 'design_capacity', 'percentage'] as const;
const SCAN_FLOATS = ['angle_min', 'angle_max', 'angle_increment', 'time_increment', 'scan_time', 'range_min', 'range_max'] as const;

export const NORMALIZERS: Record<string, Normalizer> = {
  'nav_msgs/OccupancyGrid': (m, found) => setTyped(m, 'data', Int8Array, found),
  'sensor_msgs/CompressedImage': (m, found, limits) => setBytes(m, 'data', found, limits),
  'sensor_msgs/Image': (m, found, limits) => setBytes(m, 'data', found, limits),
  'sensor_msgs/PointCloud2': (m, found, limits) => setBytes(m, 'data', found, limits),
  'sensor_msgs/LaserScan': (m, found) => {
    floatsOrNaN(m, SCAN_FLOATS);
    setTyped(m, 'ranges', Float32Array, found);
    setTyped(m, 'intensities', Float32Array, found);
  },
  'sensor_msgs/BatteryState': (m, found) => {
    floatsOrNaN(m, BATTERY_FLOATS);
    setTyped(m, 'cell_voltage', Float32Array, found);
    setTyped(m, 'cell_temperature', Float32Array, found);
  },
  // The hottest message (30 joints at 50-100 Hz per robot): nulls become NaN in place rather than copying into
  // typed arrays, which cost ~15% of the whole ingest path. Consumers read ArrayLike<number> either way.
  'sensor_msgs/JointState': (m) => {
    nullsToNaN(m.position);
    nullsToNaN(m.velocity);
    nullsToNaN(m.effort);
  },
};

/** Normalise `msg` of ROS type `type` in place (no-op for types without an entry). Throws LimitError. */
export function normalizeMessage(
  type: string | undefined,
  msg: unknown,
  found: TypedArrayFound = ignore,
  limits: NormalizeLimits = UNBOUNDED,
): void {
  if (type === undefined || msg === null || typeof msg !== 'object') return;
  const fn = NORMALIZERS[type];
  if (fn) fn(msg as Record<string, unknown>, found, limits);
}
