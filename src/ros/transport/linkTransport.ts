import { AbstractTransport, type RosbridgeMessage } from 'roslib';
import type { DecoderCounters, RosbridgeFrame } from '../frameDecoder';
import type { ProblemKind } from '../types';
import { CLOSED, CLOSING, CONNECTING, OPEN, type SocketEnd } from './socket';

/** What a transport reports to its link. One object per link, shared by every transport it creates. */
export interface LinkIngress {
  /** Console epoch ms when the frame now being dispatched arrived; read by the link's topic handlers. */
  receivedAt: number;
  /** Updated in place by the decoder (inline) or from the worker's reports. */
  readonly counters: DecoderCounters;
  /** Every frame the client sends passes here first (the link adds e.g. fragment_size). */
  outgoing(frame: Record<string, unknown>): void;
  opened(): void;
  ended(end: SocketEnd): void;
  problem(kind: ProblemKind, text: string, topic?: string): void;
}

export interface TransportOptions {
  maxFrameBytes?: number;
  connectTimeoutMs?: number;
}

export { DEFAULT_CONNECT_TIMEOUT_MS } from './socket';

/**
 * A roslib transport that receives already-decoded rosbridge operations (roslib's own raw-frame handling,
 * which drops id-0 fragments, is bypassed). It tells roslib about 'close' only for connections that opened,
 * so that roslib's topics queue their re-subscribe exactly once per real disconnect.
 */
export abstract class LinkTransport extends AbstractTransport {
  protected state = CONNECTING;
  private everOpened = false;

  constructor(protected readonly ingress: LinkIngress) {
    super();
  }

  send(message: RosbridgeMessage): void {
    if (this.state !== OPEN) return;
    const frame = message as unknown as Record<string, unknown>;
    this.ingress.outgoing(frame);
    this.sendFrame(frame);
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

  protected abstract sendFrame(frame: Record<string, unknown>): void;
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
    if (this.everOpened) this.emit('close', end);
    this.ingress.ended(end);
  }

  protected deliver(frame: RosbridgeFrame, receivedAt: number): void {
    this.ingress.receivedAt = receivedAt;
    this.emit('message', frame);
  }
}
