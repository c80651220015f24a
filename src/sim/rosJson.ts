// Type-aware JSON for published messages, byte-for-byte like the recorded rosbridge 0.11.17 text: compact,
// "/" written as "\/", float fields with Python's float repr (0.0, -1.0, 1e-07), NaN/Inf as null, uint8[] as
// base64. Types without a definition fall back to plain JSON (numbers as JavaScript writes them).
import { getDef, type FieldDef } from './msgDefs';

const FLOATS = new Set(['float32', 'float64']);
const BYTES = new Set(['uint8', 'char']);

/** Python repr() of a float (what json.dumps writes), e.g. 1 -> "1.0", 1e-7 -> "1e-07". */
export function pyRepr(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  if (n === 0) return Object.is(n, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(n);
  if (abs >= 1e16 || abs < 1e-4) return n.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  const s = String(n);
  return s.includes('.') ? s : `${s}.0`;
}

function plain(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (ArrayBuffer.isView(x) ? Array.from(x as unknown as ArrayLike<number>) : x)) ?? 'null';
}

function scalar(f: FieldDef, v: unknown): string {
  if (f.isComplex) return msgJson(f.type, v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return 'null';
    return FLOATS.has(f.type) ? pyRepr(v) : String(v);
  }
  if (f.type === 'time' || f.type === 'duration') {
    const t = (v ?? {}) as { secs?: number; nsecs?: number };
    return `{"secs":${t.secs ?? 0},"nsecs":${t.nsecs ?? 0}}`;
  }
  return plain(v);
}

function field(f: FieldDef, v: unknown): string {
  if (!f.isArray) return scalar(f, v);
  if (BYTES.has(f.type)) {
    if (typeof v === 'string') return JSON.stringify(v);
    const bytes = v instanceof Uint8Array ? v : Uint8Array.from((v ?? []) as number[]);
    return `"${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}"`;
  }
  if (!v || typeof (v as ArrayLike<unknown>).length !== 'number') return plain(v);
  const a = v as ArrayLike<unknown>;
  if (!f.isComplex && !FLOATS.has(f.type) && f.type !== 'string' && f.type !== 'bool' && ArrayBuffer.isView(v)) {
    return `[${(v as unknown as Int8Array).join(',')}]`; // integer typed array (e.g. OccupancyGrid.data)
  }
  const parts = new Array<string>(a.length);
  for (let i = 0; i < a.length; i++) parts[i] = scalar(f, a[i]);
  return `[${parts.join(',')}]`;
}

/** JSON of a message of `type` (fields in definition order), without the "/" escaping. */
export function msgJson(type: string, msg: unknown): string {
  const def = getDef(type);
  if (!def || msg === null || typeof msg !== 'object' || Array.isArray(msg)) return plain(msg);
  const m = msg as Record<string, unknown>;
  const parts: string[] = [];
  for (const f of def.fields) if (m[f.name] !== undefined) parts.push(`"${f.name}":${field(f, m[f.name])}`);
  return `{${parts.join(',')}}`;
}

/** The text of a {"op":"publish"} frame exactly as rosbridge writes it. */
export function publishJson(topic: string, type: string, msg: unknown): string {
  return `{"op":"publish","topic":${JSON.stringify(topic)},"msg":${msgJson(type, msg)}}`
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
