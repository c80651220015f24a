import { decodeCborFrame } from './cborFrame';
import { FragmentReassembler, type FragmentFrame } from './fragmentReassembler';
import { normalizeMessage, type TypedArrayFound } from './messageNormalizers';
import { pngFrameText } from './pngFrame';
import { deserializeRos1 } from './ros1Definitions';
import type { Compression, ProblemKind } from './types';

/** A decoded rosbridge operation (publish, service_response, ...), ready for roslib's Ros.handleMessage. */
export interface RosbridgeFrame {
  op: string;
  [key: string]: unknown;
}

export interface DecoderSink {
  /** One decoded operation. `transfer` lists the typed arrays put in it (only when collecting transfers). */
  message(frame: RosbridgeFrame, transfer: ArrayBufferView[] | undefined): void;
  problem(kind: ProblemKind, text: string, topic?: string): void;
}

export interface DecoderCounters {
  frames: number;
  malformed: number;
  oversized: number;
  fragmentsDropped: number;
}

export interface FrameDecoderOptions {
  /** Frames (or reassembled fragment texts) larger than this are dropped and counted. Default 64 MB. */
  maxFrameBytes?: number;
  /** Collect the typed arrays of each message (the worker transfers their buffers). */
  collectTransfers?: boolean;
  /** Counters to update (shared across reconnects); a fresh set when omitted. */
  counters?: DecoderCounters;
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

/**
 * Turns raw WebSocket frames into rosbridge operations: JSON text, CBOR binary (RFC 8746 typed arrays),
 * PNG-packed JSON, server fragments (id 0, float total), cbor-raw (ROS 1 bytes, deserialized with the
 * bundled definitions), then applies the per-type normalizers. Pure: no sockets, no timers, no DOM.
 * It learns each topic's type and compression from the outgoing subscribe frames (`noteOutgoing`).
 */
export class FrameDecoder {
  readonly counters: DecoderCounters;
  private readonly subscriptions = new Map<string, SubscriptionInfo>();
  private readonly reassembler: FragmentReassembler;
  private readonly maxBytes: number;
  private readonly collect: boolean;
  private transfer: ArrayBufferView[] | undefined = undefined;
  private readonly found: TypedArrayFound;

  constructor(
    private readonly sink: DecoderSink,
    opts: FrameDecoderOptions = {},
  ) {
    this.counters = opts.counters ?? { frames: 0, malformed: 0, oversized: 0, fragmentsDropped: 0 };
    this.maxBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.collect = opts.collectTransfers ?? false;
    this.reassembler = new FragmentReassembler(this.maxBytes);
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
  }

  decode(data: unknown): void {
    this.counters.frames++;
    if (typeof data === 'string') {
      if (data.length > this.maxBytes) return this.oversized(data.length);
      let parsed: unknown;
      try {
        parsed = JSON.parse(data);
      } catch {
        return this.malformed(`text frame is not JSON: ${preview(data)}`);
      }
      this.handle(parsed, 0);
      return;
    }
    let bytes: Uint8Array;
    if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else return this.malformed(`frame of unexpected kind ${Object.prototype.toString.call(data)}`);
    if (bytes.byteLength > this.maxBytes) return this.oversized(bytes.byteLength);
    let decoded: unknown;
    try {
      decoded = decodeCborFrame(bytes);
    } catch (e) {
      return this.malformed(`binary frame is not CBOR (${errorText(e)})`);
    }
    this.handle(decoded, 0);
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
        this.sink.message(frame, undefined);
    }
  }

  private publish(frame: RosbridgeFrame): void {
    const topic = frame.topic;
    if (typeof topic !== 'string') return this.malformed('publish frame without a topic');
    const sub = this.subscriptions.get(topic);
    if (sub && sub.compression === 'cbor-raw') {
      const raw = frame.msg as { bytes?: unknown } | undefined;
      if (raw && raw.bytes instanceof Uint8Array) {
        try {
          frame.msg = deserializeRos1(sub.type, raw.bytes);
        } catch (e) {
          this.sink.problem('decode', `cannot decode cbor-raw message on ${topic} (${sub.type}): ${errorText(e)}`, topic);
          return;
        }
      }
    }
    if (this.collect) this.transfer = [];
    if (sub) normalizeMessage(sub.type, frame.msg, this.found);
    const transfer = this.transfer;
    this.transfer = undefined;
    this.sink.message(frame, transfer);
  }

  private fragment(frame: RosbridgeFrame): void {
    const r = this.reassembler.push(frame as FragmentFrame);
    if (r.kind === 'dropped') {
      this.counters.fragmentsDropped++;
      this.sink.problem('fragment', `dropped a fragmented message: ${r.reason}`);
      return;
    }
    if (r.broken !== undefined) {
      this.counters.fragmentsDropped++;
      this.sink.problem('fragment', `dropped a fragmented message: ${r.broken}`);
    }
    if (r.kind === 'partial') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(r.text);
    } catch {
      this.counters.fragmentsDropped++;
      this.sink.problem('fragment', `reassembled fragments are not JSON: ${preview(r.text)}`);
      return;
    }
    this.handle(parsed, 1);
  }

  private png(frame: RosbridgeFrame): void {
    if (typeof frame.data !== 'string') return this.malformed('png frame without base64 data');
    let text: string;
    try {
      text = pngFrameText(frame.data);
    } catch (e) {
      return this.malformed(`png frame does not hold a PNG (${errorText(e)})`);
    }
    if (text.length > this.maxBytes) return this.oversized(text.length);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.malformed(`PNG pixels are not JSON: ${preview(text)}`);
    }
    this.handle(parsed, 1);
  }

  private malformed(text: string): void {
    this.counters.malformed++;
    this.sink.problem('malformed-frame', text);
  }

  private oversized(size: number): void {
    this.counters.oversized++;
    this.sink.problem('oversized-frame', `dropped a ${size}-byte frame (limit ${this.maxBytes} bytes)`);
  }
}
