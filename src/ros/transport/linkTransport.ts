import { AbstractTransport, type RosbridgeMessage } from 'roslib';
import { newCounters, type DecoderCounters, type RosbridgeFrame } from '../frameDecoder';
import type { DecodeLimits } from '../limits';
import type { ProblemKind } from '../types';
import { CLOSED, CLOSING, CONNECTING, OPEN, type SocketEnd } from './socket';

/** What a transport reports to its link. One object per link, shared by every transport it creates. */
export interface LinkIngress {
  /** Console epoch ms when the frame now being dispatched arrived; read by the link's topic handlers. */
  receivedAt: number;
  /** Size of the frame now being dispatched (bytes, or characters for text). */
  frameBytes: number;
  /** Binary payload of the message now being dispatched, while a tap listens. */
  raw: Uint8Array | undefined;
  rawEncoding: 'ros1' | 'cbor' | undefined;
  /** Console epoch ms of the last frame of any kind (also malformed ones and partial fragments). */
  lastFrameAt: number;
  /** Updated in place by the decoder (inline) or from the worker's reports. */
  readonly counters: DecoderCounters;
  /** A tap listens: transports hand over binary payloads (`raw`) and the link reports every frame. */
  tapping: boolean;
  /** Topics whose messages are dropped rather than queued when the socket is backed up (motion). */
  readonly dropTopics: Set<string>;
  /** Unsent bytes above which a message for a dropTopic is dropped. */
  readonly dropAboveBytes: number;
  /** The transport of the current connection (what the link asks about the socket). */
  current: { bufferedAmount(): number } | undefined;
  /** Every frame the client sends passes here first (the link adds e.g. fragment_size). */
  outgoing(frame: Record<string, unknown>): void;
  /** Every decoded operation, before roslib dispatches it (only called while `tapping`). */
  incoming(frame: RosbridgeFrame): void;
  opened(): void;
  ended(end: SocketEnd): void;
  problem(kind: ProblemKind, text: string, topic?: string, key?: string): void;
}

/** A fresh ingress for one link; `hooks` are the link's side. */
export function newIngress(
  dropAboveBytes: number,
  hooks: Pick<LinkIngress, 'outgoing' | 'incoming' | 'opened' | 'ended' | 'problem'>,
): LinkIngress {
  return {
    receivedAt: 0,
    frameBytes: 0,
    raw: undefined,
    rawEncoding: undefined,
    lastFrameAt: 0,
    counters: newCounters(),
    tapping: false,
    dropTopics: new Set(),
    dropAboveBytes,
    current: undefined,
    outgoing: hooks.outgoing,
    incoming: hooks.incoming,
    opened: hooks.opened,
    ended: hooks.ended,
    problem: hooks.problem,
  };
}

export interface TransportOptions {
  limits?: Partial<DecodeLimits>;
  /** Read at every connection attempt (the link shortens it while probing for a robot that went away). */
  connectTimeoutMs?: () => number;
}

export { DEFAULT_CONNECT_TIMEOUT_MS } from './socket';

/**
 * A roslib transport that receives already-decoded rosbridge operations (roslib's own raw-frame handling,
 * which drops id-0 fragments, is bypassed). It tells roslib about 'close' only for connections that opened,
 * so that roslib's topics queue their re-subscribe exactly once per real disconnect. Nothing a robot sends
 * or a consumer does can throw out of it: errors become problems.
 */
export abstract class LinkTransport extends AbstractTransport {
  protected state = CONNECTING;
  private everOpened = false;

  constructor(protected readonly ingress: LinkIngress) {
    super();
    ingress.current = this;
  }

  send(message: RosbridgeMessage): void {
    if (this.state !== OPEN) return;
    const frame = message as unknown as Record<string, unknown>;
    this.ingress.outgoing(frame);
    const drop = frame.op === 'publish' && typeof frame.topic === 'string' && this.ingress.dropTopics.has(frame.topic);
    try {
      this.sendFrame(frame, drop ? this.ingress.dropAboveBytes : undefined);
    } catch (e) {
      this.ingress.problem(
        'connection',
        `could not send ${String(frame.op)}: ${e instanceof Error ? e.message : String(e)}`,
        undefined,
        'connection|send',
      );
    }
  }

  close(): void {
    if (this.state === CLOSED || this.state === CLOSING) return;
    this.state = CLOSING;
    this.closeSocket();
  }

  isConnecting(): boolean {
    return this.state === CONNECTING;
  }
  isOpen(): boolean {
    return this.state === OPEN;
  }
  isClosing(): boolean {
    return this.state === CLOSING;
  }
  isClosed(): boolean {
    return this.state === CLOSED;
  }

  /** Bytes handed to the socket and not yet sent (last known, for a socket in a worker). */
  abstract bufferedAmount(): number;
  /** `dropAbove`: drop the frame instead when the socket holds more unsent bytes than this. */
  protected abstract sendFrame(frame: Record<string, unknown>, dropAbove: number | undefined): void;
  protected abstract closeSocket(): void;

  protected didOpen(): void {
    if (this.state !== CONNECTING) return;
    this.state = OPEN;
    this.everOpened = true;
    this.ingress.opened();
    this.emit('open', {});
  }

  protected didEnd(end: SocketEnd): void {
    if (this.state === CLOSED) return;
    this.state = CLOSED;
    if (this.ingress.current === this) this.ingress.current = undefined;
    if (this.everOpened) this.emit('close', end);
    this.ingress.ended(end);
  }

  protected deliver(frame: RosbridgeFrame, receivedAt: number, bytes: number, raw?: Uint8Array, rawEncoding?: 'ros1' | 'cbor'): void {
    const ingress = this.ingress;
    ingress.receivedAt = receivedAt;
    ingress.frameBytes = bytes;
    try {
      if (ingress.tapping) {
        ingress.raw = raw;
        ingress.rawEncoding = rawEncoding;
        ingress.incoming(frame);
      }
      this.emit('message', frame);
    } catch (e) {
      // the tap or roslib's dispatch of an odd frame (consumer callbacks catch their own errors)
      ingress.problem(
        'decode',
        `could not dispatch a ${String(frame.op)} frame: ${e instanceof Error ? e.message : String(e)}`,
        undefined,
        'decode|dispatch',
      );
    }
  }
}
