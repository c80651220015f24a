// rosbridge 0.11.17 protocol pieces: per-connection state, per-topic subscription state, the ops' field checks
// with rosbridge's (Python) error texts, the incoming-buffer JSON extraction, and per-message encoding.
import type { WebSocket } from 'ws';
import { cborPublish, cborRawPublish, pngFrame } from './encoding';
import { publishJson } from './rosJson';

export const OPS = [
  'call_service',
  'advertise',
  'unadvertise',
  'publish',
  'subscribe',
  'unsubscribe',
  'fragment',
  'advertise_service',
  'service_response',
  'unadvertise_service',
] as const;
export const OPS_REPR = `[${OPS.map((o) => `'${o}'`).join(', ')}]`;

export interface Topic {
  name: string;
  type: string;
  latched?: object;
  subs: Set<ConnSub>;
  local: Set<(msg: Record<string, unknown>) => void>;
  /** Nodes publishing (robot nodes or "rosbridge_websocket" for clients). */
  publishers: Set<string>;
  subscriberNodes: Set<string>;
  /** Topic owned by the robot: never removed from the graph. */
  fixed: boolean;
}

interface SubOpts {
  throttle: number;
  queue: number;
  compression: string;
}

export class ConnSub {
  sids = new Map<string, SubOpts>();
  throttle = 0;
  queue = 0;
  compression = 'none';
  lastSent = -Infinity;
  pending: object[] = [];
  timer: NodeJS.Timeout | undefined;
  constructor(
    readonly conn: Conn,
    readonly topic: Topic,
  ) {}
  recompute(): void {
    const all = [...this.sids.values()];
    this.throttle = Math.min(...all.map((o) => o.throttle));
    this.queue = Math.max(...all.map((o) => o.queue));
    const c = all.map((o) => o.compression);
    this.compression = c.includes('cbor-raw') ? 'cbor-raw' : c.includes('cbor') ? 'cbor' : c.includes('png') ? 'png' : 'none';
  }
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }
}

export class Conn {
  buffer = '';
  fragmentSize: number | undefined;
  subs = new Map<string, ConnSub>();
  /** Topics whose subscribe failed (rosbridge still logs their unsubscribe). */
  deadSubs = new Set<string>();
  pubs = new Map<string, { type: string; latch: boolean }>();
  frags = new Map<string, { parts: Array<string | undefined>; got: number; t0: number }>();
  readonly connectedAt = Date.now();
  constructor(
    readonly id: number,
    readonly ws: WebSocket,
    readonly address: string,
  ) {}
}

export type Msg = Record<string, unknown>;
export const isObj = (v: unknown): v is Msg => v !== null && typeof v === 'object' && !Array.isArray(v);

export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'string' ? `'${x}'` : pyStr(x))).join(', ')}]`;
  if (typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `'${k}': ${typeof x === 'string' ? `'${x}'` : pyStr(x)}`)
      .join(', ')}}`;
  return String(v);
}

const PY_TYPES = { str: "(<class 'str'>,)", int: "(<class 'int'>,)", bool: "(<class 'bool'>,)" };
type FieldSpec = [mandatory: boolean, name: string, kind: keyof typeof PY_TYPES];
const FIELDS: Record<string, FieldSpec[]> = {
  subscribe: [
    [true, 'topic', 'str'],
    [false, 'type', 'str'],
    [false, 'throttle_rate', 'int'],
    [false, 'fragment_size', 'int'],
    [false, 'queue_length', 'int'],
    [false, 'compression', 'str'],
  ],
  unsubscribe: [[true, 'topic', 'str']],
  advertise: [
    [true, 'topic', 'str'],
    [true, 'type', 'str'],
    [false, 'latch', 'bool'],
    [false, 'queue_size', 'int'],
  ],
  unadvertise: [[true, 'topic', 'str']],
  publish: [
    [true, 'topic', 'str'],
    [false, 'latch', 'bool'],
    [false, 'queue_size', 'int'],
  ],
  call_service: [
    [true, 'service', 'str'],
    [false, 'fragment_size', 'int'],
    [false, 'compression', 'str'],
  ],
};
const KIND_OK: Record<keyof typeof PY_TYPES, (v: unknown) => boolean> = {
  str: (v) => typeof v === 'string',
  int: (v) => typeof v === 'boolean' || (typeof v === 'number' && Number.isInteger(v)),
  bool: (v) => typeof v === 'boolean',
};

export class OpError extends Error {
  constructor(
    message: string,
    readonly after: string[] = [],
  ) {
    super(message);
  }
}

export function checkFields(op: string, msg: Msg): void {
  for (const [mandatory, name, kind] of FIELDS[op] ?? []) {
    if (!(name in msg)) {
      if (mandatory) throw new OpError(`Expected a ${name} field but none was found.`);
      continue;
    }
    if (!KIND_OK[kind](msg[name]))
      throw new OpError(`Expected field ${name} to be one of ${PY_TYPES[kind]}. Invalid value: ${pyStr(msg[name])}`);
  }
}

/** Index of the "}" closing the object that starts at `s` (string-aware), or -1. */
function matchingBrace(text: string, s: number): number {
  let depth = 0;
  let inStr = false;
  for (let i = s; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inStr) {
      if (ch === 92)
        i++; // backslash: skip the escaped char
      else if (ch === 34) inStr = false;
    } else if (ch === 34) inStr = true;
    else if (ch === 123 || ch === 91) depth++;
    else if (ch === 125 || ch === 93) {
      depth--;
      if (depth === 0) return ch === 125 ? i : -1;
      if (depth < 0) return -1;
    }
  }
  return -1;
}

/** Garbage kept longer than this is dropped (the real server would grow without bound). */
const MAX_BUFFER = 1024 * 1024;

/**
 * rosbridge 0.11's buffer: the whole buffer as JSON, else, from each "{" in turn, the object that parses and
 * has an op (rosbridge tries every "{...}" slice; only the slice ending at the matching brace can parse, so
 * that is the one tried here). Text before it is thrown away, text after it is kept.
 */
export function extractMessage(buffer: string): { msg: unknown; rest: string } {
  try {
    return { msg: JSON.parse(buffer), rest: '' };
  } catch {
    let msg: unknown;
    let restAfter = buffer;
    for (let s = buffer.indexOf('{'); s >= 0; s = buffer.indexOf('{', s + 1)) {
      const e = matchingBrace(buffer, s);
      if (e < 0) continue;
      try {
        const m: unknown = JSON.parse(buffer.slice(s, e + 1));
        if (isObj(m) && m.op !== undefined && m.op !== null) return { msg: m, rest: buffer.slice(e + 1) };
        if (msg === undefined) {
          msg = m;
          restAfter = buffer.slice(e + 1);
        }
      } catch {
        /* keep looking */
      }
      if (msg !== undefined) break;
    }
    // an object without op is reported like rosbridge does; unlike rosbridge it is not reported again next time
    if (msg !== undefined) return { msg, rest: restAfter };
    return { msg: undefined, rest: buffer.length > MAX_BUFFER ? '' : buffer };
  }
}

export type Encoded = string | Uint8Array | Error;
const encCache = new WeakMap<object, Map<string, Encoded>>();

/** The frame for one published message under a subscription's compression (JSON/PNG/CBOR cached per message). */
export function encodeFor(topic: string, type: string, compression: string, msg: object): Encoded | undefined {
  if (compression === 'cbor-raw') {
    try {
      return cborRawPublish(topic, type, msg, Date.now());
    } catch (e) {
      return e as Error;
    }
  }
  let cache = encCache.get(msg);
  if (!cache) {
    cache = new Map();
    encCache.set(msg, cache);
  }
  const key = `${compression}|${topic}`;
  let enc = cache.get(key);
  if (enc === undefined) {
    try {
      if (compression === 'cbor') enc = cborPublish(topic, type, msg);
      else {
        const json = publishJson(topic, type, msg);
        enc = compression === 'png' ? pngFrame(json) : json;
      }
    } catch (e) {
      enc = e as Error;
    }
    cache.set(key, enc);
  }
  return enc;
}
