// Evidence clips as MCAP files (ros1 profile): schema encoding "ros1msg" with the full gendeps text, message
// encoding "ros1", log time = the console's own receive (or send) time of each message. Types without a known
// definition are kept as JSON channels (schema-less, message encoding "json") so nothing is dropped. What the
// console sent goes on the same topic in a channel of its own marked publisher=console (callerid
// /operator_console). Chunks are LZ4-compressed (clipCompression.ts says why LZ4). Metadata records:
// "incident" (the incident record), "clip" (the window), "latched" (topic -> real receive time, epoch ms, of
// each message included from before the window), "rosparams" (e.g. /robot_description). The screenshot of
// the 3D view is an attachment.
import { McapIndexedReader, McapWriter, TempBuffer } from '@mcap/core';
import { md5 as rosMd5 } from '@foxglove/rosmsg';
import { deserializeRos1Message, serializeRos1, type Ros1Schema } from '../../ros';
import { compressChunk, decompressHandlers } from './clipCompression';
import { ros1Schema, schemaFromText } from './ros1Schemas';

export interface ClipInputMessage {
  topic: string;
  type: string;
  msg: unknown;
  receivedAt: number;
  /** The console sent it (goes in the topic's publisher=console channel). */
  sent?: boolean;
  /** The ROS 1 serialized message as it arrived: written unchanged when the type's schema is known. */
  raw?: Uint8Array;
  /** From before the window (latched state), listed in the "latched" metadata. */
  latched?: boolean;
}

export interface ClipAttachment {
  name: string;
  mediaType: string;
  data: Uint8Array;
  /** Epoch ms. */
  at: number;
}

export interface WriteClipOptions {
  /** Written as MCAP metadata "rosparams" (name -> string value). */
  params?: Record<string, string>;
  /** Written as MCAP metadata "incident". */
  info?: Record<string, string>;
  /** The clip's window (epoch ms), written as metadata "clip". */
  window?: { start: number; end: number };
  attachments?: ClipAttachment[];
  /** Chunk compression (default true: LZ4). */
  compress?: boolean;
}

/** The channel metadata value that marks what the console sent, and its ROS caller id. */
export const CONSOLE_PUBLISHER = 'console';
export const CONSOLE_CALLERID = '/operator_console';

const enc = new TextEncoder();
const dec = new TextDecoder();
const CHUNK_BYTES = 1024 * 1024;
const YIELD_BYTES = CHUNK_BYTES;

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

interface OpenChannel {
  id: number;
  schema: Ros1Schema | null;
  seq: number;
}

/** Schemas and channels registered as messages come (one channel per topic, type and publisher). */
class ClipChannels {
  private readonly schemaIds = new Map<string, number>();
  private readonly channels = new Map<string, OpenChannel>();
  constructor(private readonly writer: McapWriter) {}

  async of(m: ClipInputMessage): Promise<OpenChannel> {
    const key = `${m.topic}\u0000${m.type}\u0000${m.sent ? 1 : 0}`;
    const known = this.channels.get(key);
    if (known) return known;
    const schema = ros1Schema(m.type);
    const metadata = new Map<string, string>();
    let schemaId = 0;
    if (schema) {
      schemaId = await this.schemaId(m.type, schema);
      try {
        metadata.set('md5sum', rosMd5(schema.definitions));
      } catch {
        // md5 is a convenience for rosbag tools; the schema text alone is enough to decode
      }
    } else {
      metadata.set('ros_type', m.type);
    }
    if (m.sent) {
      metadata.set('publisher', CONSOLE_PUBLISHER);
      metadata.set('callerid', CONSOLE_CALLERID);
    }
    const id = await this.writer.registerChannel({ topic: m.topic, messageEncoding: schema ? 'ros1' : 'json', schemaId, metadata });
    const ch = { id, schema, seq: 0 };
    this.channels.set(key, ch);
    return ch;
  }

  private async schemaId(type: string, schema: Ros1Schema): Promise<number> {
    let id = this.schemaIds.get(type);
    if (id === undefined) {
      id = await this.writer.registerSchema({ name: type, encoding: 'ros1msg', data: enc.encode(schema.text) });
      this.schemaIds.set(type, id);
    }
    return id;
  }
}

function encodeFor(ch: OpenChannel, m: ClipInputMessage): Uint8Array {
  if (!ch.schema) return enc.encode(toJson(m.msg));
  return m.raw ?? serializeRos1(ch.schema, m.msg);
}

async function writeRecords(writer: McapWriter, opts: WriteClipOptions, latched: Map<string, string>): Promise<void> {
  if (opts.params && Object.keys(opts.params).length > 0) {
    await writer.addMetadata({ name: 'rosparams', metadata: new Map(Object.entries(opts.params)) });
  }
  if (opts.info) await writer.addMetadata({ name: 'incident', metadata: new Map(Object.entries(opts.info)) });
  if (opts.window) {
    const w = new Map([
      ['window_start_ms', String(opts.window.start)],
      ['window_end_ms', String(opts.window.end)],
    ]);
    await writer.addMetadata({ name: 'clip', metadata: w });
  }
  if (latched.size > 0) await writer.addMetadata({ name: 'latched', metadata: latched });
  for (const a of opts.attachments ?? []) {
    const t = msToNs(a.at);
    await writer.addAttachment({ name: a.name, mediaType: a.mediaType, logTime: t, createTime: t, data: a.data });
  }
}

export async function writeClip(messages: readonly ClipInputMessage[], opts: WriteClipOptions = {}): Promise<Uint8Array> {
  const buffer = new TempBuffer();
  const writer = new McapWriter({
    writable: buffer,
    chunkSize: CHUNK_BYTES,
    compressChunk: opts.compress === false ? undefined : compressChunk,
  });
  await writer.start({ profile: 'ros1', library: 'operator-console' });
  const channels = new ClipChannels(writer);
  const latched = new Map<string, string>();
  let sinceYield = 0;
  for (const m of messages) {
    const ch = await channels.of(m);
    let data: Uint8Array;
    try {
      data = encodeFor(ch, m);
    } catch {
      continue; // a message that does not fit its declared type is not evidence of anything useful
    }
    if (m.latched) latched.set(m.topic, String(m.receivedAt));
    const t = msToNs(m.receivedAt);
    await writer.addMessage({ channelId: ch.id, sequence: ch.seq++, logTime: t, publishTime: t, data });
    // A chunk is compressed about every MiB: let the UI paint between chunks of a large clip.
    sinceYield += data.byteLength;
    if (sinceYield >= YIELD_BYTES) {
      sinceYield = 0;
      await new Promise((r) => setTimeout(r, 0));
    }
  }
  await writeRecords(writer, opts, latched);
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
  /** True for the console's own messages (channel metadata publisher=console). */
  sent: boolean;
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
  /** The window's start (metadata "clip"), else the first message; latched messages may lie before it. */
  startMs: number;
  endMs: number;
  params: Record<string, string>;
  info: Record<string, string>;
  /** Topic -> real receive time (epoch ms) of the messages included from before the window. */
  latched: Record<string, number>;
}

/** Reads a clip (any indexed MCAP with ros1 or json channels) fully into memory. */
export async function readClip(bytes: Uint8Array): Promise<Clip> {
  const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(bytes), decompressHandlers });
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
      sent: c.metadata.get('publisher') === CONSOLE_PUBLISHER,
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
  const clipMeta: Record<string, string> = {};
  const latched: Record<string, number> = {};
  for await (const md of reader.readMetadata()) {
    const into = md.name === 'rosparams' ? params : md.name === 'incident' ? info : md.name === 'clip' ? clipMeta : undefined;
    if (into) for (const [k, v] of md.metadata) into[k] = v;
    if (md.name === 'latched') for (const [k, v] of md.metadata) latched[k] = Number(v);
  }
  const first = messages.length ? messages[0]!.timeMs : 0;
  const windowStart = Number(clipMeta.window_start_ms);
  const startMs = Number.isFinite(windowStart) && clipMeta.window_start_ms !== undefined ? Math.max(first, windowStart) : first;
  const endMs = messages.length ? Math.max(startMs, messages[messages.length - 1]!.timeMs) : 0;
  return { channels, messages, startMs, endMs, params, info, latched };
}

/** Decodes one clip message into rosbridge's shapes; throws for an unknown encoding. */
export function decodeClipMessage(clip: Clip, m: ClipMessage): unknown {
  const ch = clip.channels.get(m.channelId);
  if (!ch) throw new Error(`no channel ${m.channelId}`);
  if (ch.schema) return deserializeRos1Message(ch.schema, m.data);
  if (ch.encoding === 'json') return JSON.parse(dec.decode(m.data)) as unknown;
  throw new Error(`cannot decode ${ch.encoding} on ${ch.topic}`);
}
