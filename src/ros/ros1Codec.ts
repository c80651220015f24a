// ROS 1 wire (de)serialisation for evidence clips, interpreted from message definitions.
//
// Why not @foxglove/rosmsg-serialization's MessageWriter/MessageReader at run time: both compile code with
// eval/new Function, which the renderer's Content-Security-Policy (script-src 'self') forbids. This small
// interpreter writes the same bytes (a unit test checks it against MessageWriter and reads back with
// MessageReader) and understands what rosbridge hands us: NaN as null, uint8[] as base64, time as
// {secs, nsecs}, numeric arrays as plain arrays or typed arrays.
import { base64ToBytes } from './base64';
import type { parse as parseRosmsg } from '@foxglove/rosmsg';

type MessageDefinition = ReturnType<typeof parseRosmsg>[number];

/** A type with its parsed definitions (root first) and the full definition text. */
export interface Ros1Schema {
  type: string;
  definitions: MessageDefinition[];
  text: string;
}

type Field = MessageDefinition['definitions'][number];

// ---------- shared ----------

const PRIMITIVE_SIZE: Record<string, number> = {
  bool: 1,
  int8: 1,
  uint8: 1,
  byte: 1,
  char: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  float32: 4,
  float64: 8,
  int64: 8,
  uint64: 8,
  time: 8,
  duration: 8,
};

class Types {
  private byName = new Map<string, MessageDefinition>();
  constructor(readonly schema: Ros1Schema) {
    for (const d of schema.definitions) if (d.name) this.byName.set(d.name, d);
  }
  get(name: string): MessageDefinition {
    const exact = this.byName.get(name);
    if (exact) return exact;
    for (const [n, d] of this.byName) if (n.endsWith(`/${name}`)) return d;
    throw new Error(`definition ${name} missing from schema ${this.schema.type}`);
  }
  root(): MessageDefinition {
    return this.schema.definitions[0]!;
  }
}

// ---------- writing ----------

class ByteWriter {
  buf = new Uint8Array(256);
  view = new DataView(this.buf.buffer);
  pos = 0;
  private enc = new TextEncoder();
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
  u32(v: number): void {
    this.ensure(4);
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
  }
  string(v: string): void {
    const b = this.enc.encode(v);
    this.u32(b.length);
    this.bytes(b);
  }
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}

function num(v: unknown, float: boolean): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  return float ? Number.NaN : 0; // null: JSON's NaN/Inf; undefined: a field rosbridge left out
}

function timeParts(v: unknown): [number, number] {
  const o = (v ?? {}) as Record<string, unknown>;
  return [num(o.secs ?? o.sec, false), num(o.nsecs ?? o.nsec, false)];
}

function writePrimitive(w: ByteWriter, type: string, v: unknown): void {
  if (type === 'string') return w.string(typeof v === 'string' ? v : v == null ? '' : String(v));
  const size = PRIMITIVE_SIZE[type];
  if (size === undefined) throw new Error(`unknown primitive ${type}`);
  w.ensure(size);
  const dv = w.view;
  const p = w.pos;
  switch (type) {
    case 'bool':
      dv.setUint8(p, v ? 1 : 0);
      break;
    case 'int8':
    case 'byte':
      dv.setInt8(p, num(v, false));
      break;
    case 'uint8':
    case 'char':
      dv.setUint8(p, num(v, false));
      break;
    case 'int16':
      dv.setInt16(p, num(v, false), true);
      break;
    case 'uint16':
      dv.setUint16(p, num(v, false), true);
      break;
    case 'int32':
      dv.setInt32(p, num(v, false), true);
      break;
    case 'uint32':
      dv.setUint32(p, num(v, false), true);
      break;
    case 'float32':
      dv.setFloat32(p, num(v, true), true);
      break;
    case 'float64':
      dv.setFloat64(p, num(v, true), true);
      break;
    case 'int64':
      dv.setBigInt64(p, typeof v === 'bigint' ? v : BigInt(Math.trunc(num(v, false))), true);
      break;
    case 'uint64':
      dv.setBigUint64(p, typeof v === 'bigint' ? v : BigInt(Math.trunc(num(v, false))), true);
      break;
    case 'time':
    case 'duration': {
      const [s, ns] = timeParts(v);
      if (type === 'time') {
        dv.setUint32(p, s, true);
        dv.setUint32(p + 4, ns, true);
      } else {
        dv.setInt32(p, s, true);
        dv.setInt32(p + 4, ns, true);
      }
      break;
    }
  }
  w.pos += size;
}

/** Array-ish input -> indexable list; uint8[]/char[] also accept base64 (rosbridge JSON). */
function arrayOf(v: unknown, elemType: string): ArrayLike<unknown> {
  if (typeof v === 'string' && (elemType === 'uint8' || elemType === 'char' || elemType === 'int8' || elemType === 'byte')) {
    return base64ToBytes(v);
  }
  if (Array.isArray(v)) return v;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return v as unknown as ArrayLike<unknown>;
  return [];
}

function writeField(w: ByteWriter, types: Types, f: Field, v: unknown): void {
  if (f.isArray) {
    let items = arrayOf(v, f.type);
    const fixed = f.arrayLength;
    if (fixed === undefined) w.u32(items.length);
    else if (items.length !== fixed) {
      const padded = new Array<unknown>(fixed);
      for (let i = 0; i < fixed; i++) padded[i] = i < items.length ? items[i] : undefined;
      items = padded;
    }
    if ((f.type === 'uint8' || f.type === 'char') && items instanceof Uint8Array) {
      w.bytes(items);
      return;
    }
    for (let i = 0; i < items.length; i++) writeValue(w, types, f, items[i]);
    return;
  }
  writeValue(w, types, f, v);
}

function writeValue(w: ByteWriter, types: Types, f: Field, v: unknown): void {
  if (f.isComplex) writeMessageBody(w, types, types.get(f.type), v);
  else writePrimitive(w, f.type, v);
}

function writeMessageBody(w: ByteWriter, types: Types, def: MessageDefinition, v: unknown): void {
  const obj = (v !== null && typeof v === 'object' ? v : {}) as Record<string, unknown>;
  for (const f of def.definitions) {
    if (f.isConstant) continue;
    writeField(w, types, f, obj[f.name]);
  }
}

const typesCache = new WeakMap<Ros1Schema, Types>();
function typesFor(schema: Ros1Schema): Types {
  let t = typesCache.get(schema);
  if (!t) {
    t = new Types(schema);
    typesCache.set(schema, t);
  }
  return t;
}

/** Serialises a message as rosbridge delivered it (JSON or CBOR shapes) into ROS 1 bytes. */
export function serializeRos1(schema: Ros1Schema, msg: unknown): Uint8Array {
  const types = typesFor(schema);
  const w = new ByteWriter();
  writeMessageBody(w, types, types.root(), msg);
  return w.finish();
}

// ---------- reading ----------

class ByteReader {
  view: DataView;
  pos = 0;
  private dec = new TextDecoder();
  constructor(
    readonly buf: Uint8Array,
    readonly maxArray: number,
  ) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  need(n: number): void {
    if (this.pos + n > this.buf.length) throw new RangeError(`message truncated at byte ${this.pos} (+${n})`);
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  string(): string {
    const n = this.u32();
    this.need(n);
    const s = this.dec.decode(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }
}

function readPrimitive(r: ByteReader, type: string): unknown {
  if (type === 'string') return r.string();
  const size = PRIMITIVE_SIZE[type];
  if (size === undefined) throw new Error(`unknown primitive ${type}`);
  r.need(size);
  const dv = r.view;
  const p = r.pos;
  r.pos += size;
  switch (type) {
    case 'bool':
      return dv.getUint8(p) !== 0;
    case 'int8':
    case 'byte':
      return dv.getInt8(p);
    case 'uint8':
    case 'char':
      return dv.getUint8(p);
    case 'int16':
      return dv.getInt16(p, true);
    case 'uint16':
      return dv.getUint16(p, true);
    case 'int32':
      return dv.getInt32(p, true);
    case 'uint32':
      return dv.getUint32(p, true);
    case 'float32':
      return dv.getFloat32(p, true);
    case 'float64':
      return dv.getFloat64(p, true);
    case 'int64':
      return dv.getBigInt64(p, true);
    case 'uint64':
      return dv.getBigUint64(p, true);
    case 'time':
      return { secs: dv.getUint32(p, true), nsecs: dv.getUint32(p + 4, true) };
    default: // duration
      return { secs: dv.getInt32(p, true), nsecs: dv.getInt32(p + 4, true) };
  }
}

const TYPED: Record<string, { new (buf: ArrayBuffer): ArrayBufferView; BYTES_PER_ELEMENT: number }> = {
  int8: Int8Array,
  byte: Int8Array,
  uint8: Uint8Array,
  char: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  float32: Float32Array,
  float64: Float64Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
};

/** Fewest bytes one element of `f` takes (0 for an empty message), to bound a declared array length. */
function minElementSize(types: Types, f: Field, seen = new Set<string>()): number {
  if (!f.isComplex) return f.type === 'string' ? 4 : (PRIMITIVE_SIZE[f.type] ?? 1);
  if (seen.has(f.type)) return 0;
  seen.add(f.type);
  let sum = 0;
  for (const g of types.get(f.type).definitions) {
    if (g.isConstant) continue;
    sum += g.isArray ? (g.arrayLength === undefined ? 4 : g.arrayLength * minElementSize(types, g, seen)) : minElementSize(types, g, seen);
  }
  seen.delete(f.type);
  return sum;
}

const minSizeCache = new WeakMap<Field, number>();

function readField(r: ByteReader, types: Types, f: Field): unknown {
  if (!f.isArray) return f.isComplex ? readMessageBody(r, types, types.get(f.type)) : readPrimitive(r, f.type);
  const n = f.arrayLength ?? r.u32();
  // The length is the sender's claim: check it against the limit and the bytes left before allocating.
  if (n > r.maxArray) throw new RangeError(`array ${f.name} declares ${n} elements, limit ${r.maxArray}`);
  let min = minSizeCache.get(f);
  if (min === undefined) minSizeCache.set(f, (min = Math.max(1, minElementSize(types, f))));
  if (n * min > r.buf.length - r.pos)
    throw new RangeError(`array ${f.name} declares ${n} elements, more than the ${r.buf.length - r.pos} bytes left`);
  const Typed = f.isComplex ? undefined : TYPED[f.type];
  if (Typed) {
    const len = n * Typed.BYTES_PER_ELEMENT;
    r.need(len);
    // Copy: the source offset is rarely aligned for the element size. Hosts are little-endian like ROS 1.
    const copy = r.buf.slice(r.pos, r.pos + len);
    r.pos += len;
    return new Typed(copy.buffer);
  }
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = f.isComplex ? readMessageBody(r, types, types.get(f.type)) : readPrimitive(r, f.type);
  return out;
}

function readMessageBody(r: ByteReader, types: Types, def: MessageDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of def.definitions) {
    if (f.isConstant) continue;
    out[f.name] = readField(r, types, f);
  }
  return out;
}

/**
 * Reads ROS 1 bytes into rosbridge's shapes (time as {secs, nsecs}, numeric arrays as typed arrays).
 * Declared array lengths above `maxArrayLength` or beyond the bytes present throw before allocating.
 */
export function deserializeRos1Message(
  schema: Ros1Schema,
  bytes: Uint8Array,
  maxArrayLength = Number.POSITIVE_INFINITY,
): Record<string, unknown> {
  const types = typesFor(schema);
  const r = new ByteReader(bytes, maxArrayLength);
  const msg = readMessageBody(r, types, types.root());
  if (r.pos !== bytes.length) throw new Error(`${bytes.length - r.pos} trailing bytes after ${schema.type}`);
  return msg;
}
