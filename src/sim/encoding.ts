// Wire encodings of ROS 1 rosbridge 0.11.17: JSON with "\/" escapes, CBOR with RFC 8746 typed arrays
// (and its string[] bug), PNG-wrapped JSON, cbor-raw, server-side fragments; plus message population
// (defaults, float32 widening, rosbridge's type errors) for client-sent messages and service requests.
import { Encoder } from 'cbor-x';
import { encode as encodePng } from 'fast-png';
import { MessageWriter } from '@foxglove/rosmsg-serialization';
import type { MessageDefinition } from '@foxglove/message-definition';
import { foxgloveDefs, getDef, type FieldDef } from './msgDefs';

// ---------------------------------------------------------------- JSON

function jsonReplacer(_k: string, v: unknown): unknown {
  if (ArrayBuffer.isView(v)) {
    if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
    return Array.from(v as unknown as ArrayLike<number>);
  }
  return v;
}

/** rosbridge's JSON text: compact, NaN/Inf -> null, typed arrays -> arrays (uint8 -> base64), "/" -> "\/". */
export function toRosJson(frame: unknown): string {
  return JSON.stringify(frame, jsonReplacer).replace(/\//g, '\\/');
}

/** Python float repr for a JS number (adds ".0" to integral values). */
export function pyFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? 'Infinity' : '-Infinity';
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? `${n}.0` : String(n);
}

// ---------------------------------------------------------------- fragments

/** Server-side fragments exactly as rosbridge 0.11 writes them (ujson: "/" escaped too): id 0, float total = (len-1)/size + 1. */
export function fragmentText(text: string, size: number): string[] {
  const total = pyFloat((text.length - 1) / size + 1);
  const out: string[] = [];
  for (let i = 0, n = 0; i < text.length; i += size, n++) {
    out.push(
      `{"op":"fragment","id":0,"data":${JSON.stringify(text.slice(i, i + size)).replace(/\//g, '\\/')},"num":${n},"total":${total}}`,
    );
  }
  return out;
}

// ---------------------------------------------------------------- PNG

/** {"op":"png","data":<base64 PNG>}: RGB image floor(sqrt(len/3)) wide, padded with "\n". */
export function pngFrame(jsonText: string): string {
  const bytes = Buffer.from(jsonText, 'utf8');
  const len = bytes.length;
  const width = Math.max(1, Math.floor(Math.sqrt(len / 3)));
  const height = Math.max(1, Math.ceil(len / 3 / width));
  const data = new Uint8Array(width * height * 3).fill(10);
  data.set(bytes);
  const png = encodePng({ width, height, data, channels: 3, depth: 8 });
  return toRosJson({ op: 'png', data: Buffer.from(png).toString('base64') });
}

// ---------------------------------------------------------------- CBOR

const cborEncoder = new Encoder({ useRecords: false, tagUint8Array: false, variableMapSize: true } as ConstructorParameters<
  typeof Encoder
>[0]);

/** The exception rosbridge 0.11.17 raises for string[] under CBOR. */
export class CborStringArrayBug extends Error {
  constructor() {
    super("'str' object has no attribute '__slots__'");
  }
}

const TYPED: Record<string, (a: ArrayLike<number>) => unknown> = {
  int8: (a) => Int8Array.from(a),
  byte: (a) => Int8Array.from(a),
  uint8: (a) => Uint8Array.from(a),
  char: (a) => Uint8Array.from(a),
  int16: (a) => Int16Array.from(a),
  uint16: (a) => Uint16Array.from(a),
  int32: (a) => Int32Array.from(a),
  uint32: (a) => Uint32Array.from(a),
  float32: (a) => Float32Array.from(a),
  float64: (a) => Float64Array.from(a),
};

function cborValue(f: FieldDef, v: unknown): unknown {
  if (f.isArray) {
    if (f.type === 'string') {
      if (Array.isArray(v) && v.length > 0) throw new CborStringArrayBug();
      return v;
    }
    const conv = TYPED[f.type];
    if (conv) {
      if (f.type === 'uint8' && typeof v === 'string') return new Uint8Array(Buffer.from(v, 'base64'));
      return conv(v as ArrayLike<number>);
    }
    if (f.isComplex && Array.isArray(v)) return v.map((x) => cborMsg(f.type, x));
    return v;
  }
  if (f.isComplex) return cborMsg(f.type, v);
  return v;
}

function cborMsg(type: string, msg: unknown): unknown {
  const def = getDef(type);
  if (!def || msg === null || typeof msg !== 'object') return msg;
  const src = msg as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of def.fields) out[f.name] = cborValue(f, src[f.name]);
  return out;
}

/** CBOR publish frame; throws CborStringArrayBug for messages with non-empty string[] fields. */
export function cborPublish(topic: string, type: string, msg: unknown): Uint8Array {
  return cborEncoder.encode({ op: 'publish', topic, msg: cborMsg(type, msg) });
}

export function cborEncode(v: unknown): Uint8Array {
  return cborEncoder.encode(v);
}

// ---------------------------------------------------------------- cbor-raw

const writers = new Map<string, MessageWriter | null>();

function toFoxglove(type: string, msg: unknown): unknown {
  const def = getDef(type);
  if (!def || msg === null || typeof msg !== 'object') return msg;
  const src = msg as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of def.fields) {
    const v = src[f.name];
    const conv = (x: unknown): unknown => {
      if (f.type === 'time' || f.type === 'duration') {
        const t = (x ?? {}) as { secs?: number; nsecs?: number };
        return { sec: t.secs ?? 0, nsec: t.nsecs ?? 0 };
      }
      return f.isComplex ? toFoxglove(f.type, x) : x;
    };
    if (f.isArray && f.type === 'uint8' && typeof v === 'string') out[f.name] = new Uint8Array(Buffer.from(v, 'base64'));
    else out[f.name] = f.isArray && Array.isArray(v) ? v.map(conv) : f.isArray ? v : conv(v);
  }
  return out;
}

/** ROS 1 serialization of a message, or undefined if the type has no definition here. */
export function ros1Serialize(type: string, msg: unknown): Uint8Array | undefined {
  let w = writers.get(type);
  if (w === undefined) {
    const defs = foxgloveDefs(type);
    w = defs ? new MessageWriter(defs as unknown as MessageDefinition[]) : null;
    writers.set(type, w);
  }
  if (!w) return undefined;
  return w.writeMessage(toFoxglove(type, msg));
}

export function cborRawPublish(topic: string, type: string, msg: unknown, nowMs: number): Uint8Array | undefined {
  const bytes = ros1Serialize(type, msg);
  if (!bytes) return undefined;
  const secs = Math.floor(nowMs / 1000);
  return cborEncoder.encode({ op: 'publish', topic, msg: { secs, nsecs: Math.round((nowMs - secs * 1000) * 1e6), bytes } });
}

// ---------------------------------------------------------------- population (client -> ROS)

export class FieldTypeMismatch extends Error {
  readonly kind = 'FieldTypeMismatchException';
}
export class NonexistentField extends Error {
  readonly kind = 'NonexistentFieldException';
}

export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (typeof v === 'string') return "<class 'str'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (Array.isArray(v)) return "<class 'list'>";
  return "<class 'dict'>";
}

const INT_TYPES = new Set(['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'byte', 'char']);

function defaultFor(f: FieldDef, root: string): unknown {
  if (f.isArray) {
    if (!f.arrayLength) return [];
    const one = { ...f, isArray: false };
    return Array.from({ length: f.arrayLength }, () => defaultFor(one, root));
  }
  if (f.isComplex) return populate(f.type, {}, root, []);
  if (f.type === 'time' || f.type === 'duration') return { secs: 0, nsecs: 0 };
  if (f.type === 'string') return '';
  if (f.type === 'bool') return false;
  return 0;
}

function populateScalar(f: FieldDef, v: unknown, root: string, path: string[]): unknown {
  const mismatch = (): never => {
    throw new FieldTypeMismatch(`${root} message requires a ${f.type} for field ${path.join('.')}, but got a ${pyTypeName(v)}`);
  };
  if (f.isComplex) {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) mismatch();
    return populate(f.type, v, root, path);
  }
  switch (f.type) {
    case 'bool':
      if (typeof v !== 'boolean') mismatch();
      return v;
    case 'string':
      if (typeof v !== 'string') mismatch();
      return v;
    case 'float32':
      if (typeof v !== 'number') mismatch();
      return Math.fround(v as number);
    case 'float64':
      if (typeof v !== 'number') mismatch();
      return v;
    case 'time':
    case 'duration': {
      if (v === null || typeof v !== 'object') mismatch();
      const t = v as Record<string, unknown>;
      return { secs: typeof t.secs === 'number' ? t.secs : 0, nsecs: typeof t.nsecs === 'number' ? t.nsecs : 0 };
    }
    default:
      if (INT_TYPES.has(f.type) && (typeof v !== 'number' || !Number.isInteger(v))) mismatch();
      return v;
  }
}

/**
 * Fill a message like rosbridge's message_conversion does: missing fields get defaults, float32 is widened,
 * wrong types and unknown fields throw with rosbridge's texts. `value` may be a positional list.
 * Types without a definition are passed through unchanged.
 */
export function populate(type: string, value: unknown, root: string = type, path: string[] = []): Record<string, unknown> {
  const def = getDef(type);
  if (!def) return (value ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let src: Record<string, unknown>;
  if (Array.isArray(value)) {
    src = {};
    def.fields.forEach((f, i) => {
      if (i < value.length) src[f.name] = value[i];
    });
  } else src = (value ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(src)) {
    if (!def.fields.some((f) => f.name === k))
      throw new NonexistentField(`Message type ${root} does not have a field ${[...path, k].join('.')}`);
  }
  for (const f of def.fields) {
    const v = src[f.name];
    const p = [...path, f.name];
    if (v === undefined) {
      out[f.name] = defaultFor(f, root);
      continue;
    }
    if (f.isArray) {
      if ((f.type === 'uint8' || f.type === 'char') && typeof v === 'string') {
        out[f.name] = new Uint8Array(Buffer.from(v, 'base64'));
        continue;
      }
      if (!Array.isArray(v))
        throw new FieldTypeMismatch(`${root} message requires a ${f.type}[] for field ${p.join('.')}, but got a ${pyTypeName(v)}`);
      const one = { ...f, isArray: false };
      out[f.name] = v.map((x) => populateScalar(one, x, root, p));
      if (f.type === 'uint8' || f.type === 'char') out[f.name] = Uint8Array.from(out[f.name] as number[]);
    } else out[f.name] = populateScalar(f, v, root, p);
  }
  return out;
}
