import { CLOSED, CONNECTING, OPEN, type SocketLike } from './socket';

/**
 * An in-memory socket: the test or benchmark plays the robot. `serverOpen()` completes the handshake,
 * `receive(frame)` delivers a frame through exactly the link's decode and dispatch path, `sent` holds what
 * the link sent (parsed), `serverClose(code)` drops the connection.
 */
export class LoopbackSocket implements SocketLike {
  binaryType = 'arraybuffer';
  readyState = CONNECTING;
  /** Set by a test to play a socket whose sends are backed up. */
  bufferedAmount = 0;
  readonly sent: Record<string, unknown>[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: { code: number; reason: string }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  /** Called for every frame the link sends. */
  onSend: ((frame: Record<string, unknown>) => void) | null = null;

  constructor(readonly url = 'ws://loopback') {}

  send(data: string): void {
    if (this.readyState !== OPEN) throw new Error('LoopbackSocket: send while not open');
    const frame = JSON.parse(data) as Record<string, unknown>;
    this.sent.push(frame);
    this.onSend?.(frame);
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.onclose?.({ code, reason });
  }

  serverOpen(): void {
    this.readyState = OPEN;
    this.onopen?.({});
  }

  /** Deliver one frame as the robot would: a string (text frame) or bytes (binary frame). */
  receive(data: string | ArrayBuffer | Uint8Array): void {
    this.onmessage?.({ data });
  }

  serverClose(code = 1006, reason = ''): void {
    this.close(code, reason);
  }

  /** The handshake failed (e.g. connection refused). */
  serverRefuse(errorText = 'connect ECONNREFUSED'): void {
    this.onerror?.({ message: errorText });
    this.readyState = CLOSED;
    this.onclose?.({ code: 1006, reason: '' });
  }
}
