// Evidence clips as MCAP files (ros1 profile): schema encoding "ros1msg" with the full gendeps text, message
// encoding "ros1", log time = console receive time. Types without a known definition are kept as JSON channels
// (schema-less, message encoding "json") so nothing received is dropped. Parameters such as
// /robot_description go into a "rosparams" metadata record.
import { McapIndexedReader, McapWriter, TempBuffer } from '@mcap/core';
import { md5 as rosMd5 } from '@foxglove/rosmsg';
import { deserializeRos1Message, serializeRos1, type Ros1Schema } from '../../ros';
import { ros1Schema, schemaFromText } from './ros1Schemas';

export interface ClipInputMessage {
  topic: string;
  type: string;
  msg: unknown;
  receivedAt: number;
}

export interface WriteClipOptions {
  /** Written as MCAP metadata "rosparams" (name -> string value). */
  params?: Record<string, string>;
  /** Written as MCAP metadata "incident". */
  info?: Record<string, string>;
}

const enc = new TextEncoder();
const dec = new TextDecoder();

// Epoch nanoseconds exceed 2^53: convert in two parts so whole milliseconds survive exactly.
function msToNs(ms: number): bigint {
  const whole = Math.floor(ms);
  return BigInt(whole) * 1_000_000n + BigInt(Math.round((ms - whole) * 1e6));
}

function nsToMs(ns: bigint): number {
  return Number(ns / 1_000_000n) + Number(ns % 1_000_000n) / 1e6;
}

/** JSON for schema-less channels: typed arrays as arrays, bigints as numbers, NaN as null. */
function toJson(msg: unknown): string {
  return JSON.stringify(msg, (_k, v: unknown) => {
    if (typeof v === 'bigint') return Number(v);
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>, (x) => Number(x));
    return v;
  });
}

export async function writeClip(messages: readonly ClipInputMessage[], opts: WriteClipOptions = {}): Promise<Uint8Array> {
  const buffer = new TempBuffer();
  const writer = new McapWriter({ writable: buffer, chunkSize: 1024 * 1024 });
  await writer.start({ profile: 'ros1', library: 'operator-console' });
  const schemaIds = new Map<string, number>();
  const channels = new Map<string, { id: number; schema: Ros1Schema | null; seq: number }>();
  for (const m of messages) {
    const key = `${m.topic}\u0000${m.type}`;
    let ch = channels.get(key);
    if (!ch) {
      const schema = ros1Schema(m.type);
      let schemaId = 0;
      const metadata = new Map<string, string>();
      if (schema) {
        schemaId = schemaIds.get(m.type) ?? 0;
        if (!schemaId) {
          schemaId = await writer.registerSchema({ name: m.type, encoding: 'ros1msg', data: enc.encode(schema.text) });
          schemaIds.set(m.type, schemaId);
        }
        try {
          metadata.set('md5sum', rosMd5(schema.definitions));
        } catch {
          // md5 is a convenience for rosbag tools; the schema text alone is enough to decode
        }
      } else {
        metadata.set('ros_type', m.type);
      }
      const id = await writer.registerChannel({
        topic: m.topic,
        messageEncoding: schema ? 'ros1' : 'json',
        schemaId,
        metadata,
      });
      ch = { id, schema, seq: 0 };
      channels.set(key, ch);
    }
    let data: Uint8Array;
    try {
      data = ch.schema ? serializeRos1(ch.schema, m.msg) : enc.encode(toJson(m.msg));
    } catch {
      continue; // a message that does not fit its declared type is not evidence of anything useful
    }
    const t = msToNs(m.receivedAt);
    await writer.addMessage({ channelId: ch.id, sequence: ch.seq++, logTime: t, publishTime: t, data });
  }
  if (opts.params && Object.keys(opts.params).length > 0) {
    await writer.addMetadata({ name: 'rosparams', metadata: new Map(Object.entries(opts.params)) });
  }
  if (opts.info) await writer.addMetadata({ name: 'incident', metadata: new Map(Object.entries(opts.info)) });
  await writer.end();
  return buffer.get();
}

export interface ClipChannel {
  id: number;
  topic: string;
  /** ROS type (schema name; for JSON channels the "ros_type" metadata). */
  type: string;
  encoding: string;
  schema: Ros1Schema | null;
}

export interface ClipMessage {
  channelId: number;
  topic: string;
  type: string;
  /** Epoch ms (log time). */
  timeMs: number;
  data: Uint8Array;
}

export interface Clip {
  channels: Map<number, ClipChannel>;
  /** In log-time order. */
  messages: ClipMessage[];
  startMs: number;
  endMs: number;
  params: Record<string, string>;
  info: Record<string, string>;
}

/** Reads a clip (any indexed MCAP with ros1 or json channels) fully into memory. */
export async function readClip(bytes: Uint8Array): Promise<Clip> {
  const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(bytes) });
  const channels = new Map<number, ClipChannel>();
  for (const [id, c] of reader.channelsById) {
    const s = c.schemaId ? reader.schemasById.get(c.schemaId) : undefined;
    let schema: Ros1Schema | null = null;
    if (s && s.encoding === 'ros1msg' && c.messageEncoding === 'ros1') schema = schemaFromText(s.name, dec.decode(s.data));
    channels.set(id, {
      id,
      topic: c.topic,
      type: s?.name ?? c.metadata.get('ros_type') ?? '',
      encoding: c.messageEncoding,
      schema,
    });
  }
  const messages: ClipMessage[] = [];
  for await (const m of reader.readMessages()) {
    const ch = channels.get(m.channelId);
    if (!ch) continue;
    messages.push({ channelId: m.channelId, topic: ch.topic, type: ch.type, timeMs: nsToMs(m.logTime), data: m.data });
  }
  messages.sort((a, b) => a.timeMs - b.timeMs);
  const params: Record<string, string> = {};
  const info: Record<string, string> = {};
  for await (const md of reader.readMetadata()) {
    const into = md.name === 'rosparams' ? params : md.name === 'incident' ? info : undefined;
    if (into) for (const [k, v] of md.metadata) into[k] = v;
  }
  const startMs = messages.length ? messages[0]!.timeMs : 0;
  const endMs = messages.length ? messages[messages.length - 1]!.timeMs : 0;
  return { channels, messages, startMs, endMs, params, info };
}

/** Decodes one clip message into rosbridge's shapes; throws for an unknown encoding. */
export function decodeClipMessage(clip: Clip, m: ClipMessage): unknown {
  const ch = clip.channels.get(m.channelId);
  if (!ch) throw new Error(`no channel ${m.channelId}`);
  if (ch.schema) return deserializeRos1Message(ch.schema, m.data);
  if (ch.encoding === 'json') return JSON.parse(dec.decode(m.data)) as unknown;
  throw new Error(`cannot decode ${ch.encoding} on ${ch.topic}`);
}
