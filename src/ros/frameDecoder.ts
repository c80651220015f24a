import { decodeCborFrame } from './cborFrame';
import { scanCbor } from './cborScan';
import { FragmentReassembler, type Eviction, type FragmentFrame } from './fragmentReassembler';
import { LimitError, PRESCAN_BYTES, resolveLimits, type DecodeLimits } from './limits';
import { normalizeMessage, type TypedArrayFound } from './messageNormalizers';
import { pngFrameText } from './pngFrame';
import { deserializeRos1 } from './ros1Definitions';
import { checkShape, scanJson, topicHint } from './shapeGuard';
import type { Compression, ProblemKind } from './types';

/** A decoded rosbridge operation (publish, service_response, ...), ready for roslib's Ros.handleMessage. */
export interface RosbridgeFrame {
  op: string;
  [key: string]: unknown;
}

export interface DecoderSink {
  /**
   * One decoded operation. `transfer` lists the typed arrays put in it (only when collecting transfers);
   * `bytes` is the size of the frame that carried it; `raw` is the binary payload as it arrived (only
   * while `keepRaw` is on).
   */
  message(
    frame: RosbridgeFrame,
    transfer: ArrayBufferView[] | undefined,
    bytes: number,
    raw?: Uint8Array,
    rawEncoding?: 'ros1' | 'cbor',
  ): void;
  /** `key` groups repeats of one problem (see ProblemLog.add). */
  problem(kind: ProblemKind, text: string, topic?: string, key?: string): void;
}

export interface DecoderCounters {
  frames: number;
  malformed: number;
  oversized: number;
  fragmentsDropped: number;
  /** Characters held in partial fragmented messages right now. */
  fragmentChars: number;
}

export interface FrameDecoderOptions {
  /** Frames (or reassembled fragment texts) larger than this are dropped and counted. Default 64 MB. */
  maxFrameBytes?: number;
  /** Every bound (maxFrameBytes, when given, wins over limits.frameBytes). */
  limits?: Partial<DecodeLimits>;
  /** Collect the typed arrays of each message (the worker transfers their buffers). */
  collectTransfers?: boolean;
  /** Counters to update (shared across reconnects); a fresh set when omitted. */
  counters?: DecoderCounters;
  now?: () => number;
}

export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024;

interface SubscriptionInfo {
  type: string;
  compression: Compression;
}

function preview(text: string): string {
  const t = text.length > 60 ? `${text.slice(0, 60)}...` : text;
  return JSON.stringify(t);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

export function newCounters(): DecoderCounters {
  return { frames: 0, malformed: 0, oversized: 0, fragmentsDropped: 0, fragmentChars: 0 };
}

/**
 * Turns raw WebSocket frames into rosbridge operations: JSON text, CBOR binary (RFC 8746 typed arrays),
 * PNG-packed JSON, server fragments (id 0, float total), cbor-raw (ROS 1 bytes, deserialized with the
 * bundled definitions), then applies the per-type normalizers. Pure: no sockets, no timers, no DOM.
 * It learns each topic's type and compression from the outgoing subscribe frames (`noteOutgoing`).
 *
 * Every size a frame declares is checked against DecodeLimits before it is allocated: large frames are
 * scanned (scanJson / scanCbor) before they are parsed, small ones (which cannot allocate much) checked
 * after; PNG dimensions come from the header; base64 and ROS 1 array lengths before decoding them.
 */
export class FrameDecoder {
  readonly counters: DecoderCounters;
  readonly limits: DecodeLimits;
  /** Hand the binary payload of each message to the sink (a tap is listening). */
  keepRaw = false;
  private readonly subscriptions = new Map<string, SubscriptionInfo>();
  private readonly reassembler: FragmentReassembler;
  private readonly collect: boolean;
  private transfer: ArrayBufferView[] | undefined = undefined;
  private readonly found: TypedArrayFound;
  /** Size of the frame being decoded, and its binary payload while keepRaw is on. */
  private frameBytes = 0;
  private raw: Uint8Array | undefined = undefined;

  constructor(
    private readonly sink: DecoderSink,
    opts: FrameDecoderOptions = {},
  ) {
    this.counters = opts.counters ?? newCounters();
    this.limits = resolveLimits(opts.limits, opts.maxFrameBytes);
    this.collect = opts.collectTransfers ?? false;
    const l = this.limits;
    this.reassembler = new FragmentReassembler({
      maxChars: l.frameBytes,
      maxPending: l.fragmentsPending,
      maxHeldChars: l.fragmentBytes,
      maxAgeMs: l.fragmentAgeMs,
      now: opts.now,
    });
    this.found = this.collect ? (a) => this.transfer?.push(a) : () => {};
  }

  /** Watch what the client sends, to know the type and compression of every subscribed topic. */
  noteOutgoing(frame: { op?: unknown; topic?: unknown; type?: unknown; compression?: unknown }): void {
    if (typeof frame.topic !== 'string') return;
    if (frame.op === 'subscribe' && typeof frame.type === 'string') {
      const compression = typeof frame.compression === 'string' ? (frame.compression as Compression) : 'none';
      this.subscriptions.set(frame.topic, { type: frame.type, compression });
    } else if (frame.op === 'unsubscribe') {
      this.subscriptions.delete(frame.topic);
    }
  }

  /** A new connection: partial fragments of the old one can never complete. */
  reset(): void {
    this.counters.fragmentsDropped += this.reassembler.reset();
    this.counters.fragmentChars = 0;
  }

  decode(data: unknown): void {
    this.counters.frames++;
    if (this.reassembler.pending > 0) this.evicted(this.reassembler.expire());
    if (typeof data === 'string') {
      this.frameBytes = data.length;
      this.raw = undefined;
      this.text(data, 'frame');
      return;
    }
    let bytes: Uint8Array;
    if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else return this.malformed(`frame of unexpected kind ${Object.prototype.toString.call(data)}`);
    this.frameBytes = bytes.byteLength;
    this.raw = this.keepRaw ? bytes : undefined;
    if (bytes.byteLength > this.limits.frameBytes)
      return this.oversized(new LimitError('frameBytes', 'frame', bytes.byteLength, this.limits.frameBytes));
    let decoded: unknown;
    try {
      if (bytes.byteLength > PRESCAN_BYTES) scanCbor(bytes, this.limits);
      decoded = decodeCborFrame(bytes);
      if (bytes.byteLength <= PRESCAN_BYTES) checkShape(decoded, this.limits);
    } catch (e) {
      if (e instanceof LimitError) return this.oversized(e);
      if (isStackOverflow(e))
        return this.oversized(new LimitError('depth', 'nesting too deep to decode', this.limits.depth + 1, this.limits.depth));
      return this.malformed(`binary frame is not CBOR (${errorText(e)})`);
    }
    this.handle(decoded, 0);
  }

  /** JSON text of a frame, or of what a fragment sequence or a PNG carried (those may not nest further). */
  private text(text: string, source: 'frame' | 'fragments' | 'png'): void {
    const what = source === 'frame' ? 'frame' : source === 'png' ? 'PNG pixels' : 'reassembled fragments';
    if (text.length > this.limits.frameBytes)
      return this.oversized(new LimitError('frameBytes', what, text.length, this.limits.frameBytes), topicHint(text));
    let parsed: unknown;
    try {
      if (text.length > PRESCAN_BYTES) scanJson(text, this.limits);
      parsed = JSON.parse(text);
      if (text.length <= PRESCAN_BYTES) checkShape(parsed, this.limits);
    } catch (e) {
      if (e instanceof LimitError) return this.oversized(e, topicHint(text));
      if (source === 'frame') return this.malformed(`text frame is not JSON: ${preview(text)}`);
      if (source === 'png') return this.malformed(`PNG pixels are not JSON: ${preview(text)}`);
      this.counters.fragmentsDropped++;
      return this.sink.problem('fragment', `reassembled fragments are not JSON: ${preview(text)}`, undefined, 'fragment|json');
    }
    this.handle(parsed, source === 'frame' ? 0 : 1);
  }

  private handle(value: unknown, depth: number): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || typeof (value as RosbridgeFrame).op !== 'string') {
      return this.malformed(`frame without "op": ${preview(JSON.stringify(value) ?? String(value))}`);
    }
    const frame = value as RosbridgeFrame;
    switch (frame.op) {
      case 'publish':
        return this.publish(frame);
      case 'fragment':
        return depth === 0 ? this.fragment(frame) : this.malformed('fragment nested inside a fragment or PNG');
      case 'png':
        return depth === 0 ? this.png(frame) : this.malformed('PNG nested inside a fragment or PNG');
      default:
        this.sink.message(frame, undefined, this.frameBytes);
    }
  }

  private publish(frame: RosbridgeFrame): void {
    const topic = frame.topic;
    if (typeof topic !== 'string') return this.malformed('publish frame without a topic');
    const sub = this.subscriptions.get(topic);
    let raw = this.raw;
    let rawEncoding: 'ros1' | 'cbor' | undefined = raw ? 'cbor' : undefined;
    if (sub && sub.compression === 'cbor-raw') {
      const payload = frame.msg as { bytes?: unknown } | undefined;
      if (payload && payload.bytes instanceof Uint8Array) {
        if (raw) {
          raw = payload.bytes;
          rawEncoding = 'ros1';
        }
        try {
          frame.msg = deserializeRos1(sub.type, payload.bytes, this.limits.arrayLength);
        } catch (e) {
          this.sink.problem(
            'decode',
            `cannot decode cbor-raw message on ${topic} (${sub.type}): ${errorText(e)}`,
            topic,
            `decode|${topic}`,
          );
          return;
        }
      }
    }
    if (this.collect) this.transfer = [];
    try {
      if (sub) normalizeMessage(sub.type, frame.msg, this.found, this.limits);
    } catch (e) {
      this.transfer = undefined;
      if (e instanceof LimitError) return this.oversized(e, topic);
      this.sink.problem('decode', `cannot read a message on ${topic} as ${sub?.type ?? '?'}: ${errorText(e)}`, topic, `decode|${topic}`);
      return;
    }
    const transfer = this.transfer;
    this.transfer = undefined;
    this.sink.message(frame, transfer, this.frameBytes, raw, rawEncoding);
  }

  private fragment(frame: RosbridgeFrame): void {
    const r = this.reassembler.push(frame as FragmentFrame);
    this.counters.fragmentChars = this.reassembler.heldChars;
    this.evicted(r.evicted);
    const hint = typeof frame.data === 'string' && frame.num === 0 ? topicHint(frame.data) : undefined;
    if (r.kind === 'dropped') {
      this.counters.fragmentsDropped++;
      this.sink.problem(
        'fragment',
        `dropped a fragmented message${hint ? ` on ${hint}` : ''}: ${r.reason}`,
        hint,
        `fragment|${hint ?? ''}`,
      );
      return;
    }
    if (r.broken !== undefined) {
      this.counters.fragmentsDropped++;
      this.sink.problem('fragment', `dropped a fragmented message: ${r.broken}`, undefined, 'fragment|broken');
    }
    if (r.kind === 'partial') return;
    this.frameBytes = r.text.length;
    this.text(r.text, 'fragments');
  }

  private evicted(e: Eviction | undefined): void {
    if (!e) return;
    this.counters.fragmentsDropped += e.count;
    this.counters.fragmentChars = this.reassembler.heldChars;
    this.sink.problem(
      'fragment',
      `dropped ${e.count} unfinished fragmented message${e.count === 1 ? '' : 's'} (${e.chars.toLocaleString('en')} characters): ${e.reason}`,
      undefined,
      'fragment|evicted',
    );
  }

  private png(frame: RosbridgeFrame): void {
    if (typeof frame.data !== 'string') return this.malformed('png frame without base64 data');
    let text: string;
    try {
      text = pngFrameText(frame.data, this.limits.pngBytes);
    } catch (e) {
      if (e instanceof LimitError) return this.oversized(e);
      return this.malformed(`png frame does not hold a PNG (${errorText(e)})`);
    }
    this.frameBytes = text.length;
    this.text(text, 'png');
  }

  private malformed(text: string): void {
    this.counters.malformed++;
    this.sink.problem('malformed-frame', text, undefined, 'malformed-frame');
  }

  private oversized(e: LimitError, topic?: string): void {
    this.counters.oversized++;
    const where = topic ? `a message on ${topic}` : 'a frame';
    const type = topic ? this.subscriptions.get(topic)?.type : undefined;
    this.sink.problem(
      e.limit === 'frameBytes' ? 'oversized-frame' : 'limit',
      `refused ${where}${type ? ` (${type})` : ''}, ${this.frameBytes.toLocaleString('en')} bytes: ${e.message}`,
      topic,
      `limit|${topic ?? ''}|${e.limit}`,
    );
  }
}
