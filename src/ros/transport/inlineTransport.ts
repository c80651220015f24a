import type { ITransportFactory } from 'roslib';
import { FrameDecoder } from '../frameDecoder';
import { DEFAULT_CONNECT_TIMEOUT_MS, LinkTransport, type LinkIngress, type TransportOptions } from './linkTransport';
import { defaultSocketFactory, watchSocket, type SocketFactory, type SocketLike } from './socket';

/**
 * Decodes on the calling thread: used in Node (tests, bench, CLI) and wherever no Worker exists. The socket
 * comes from `socketFactory`, so a LoopbackSocket can stand in for the robot.
 */
export class InlineTransport extends LinkTransport {
  private readonly decoder: FrameDecoder;
  private now = 0;

  constructor(
    private readonly socket: SocketLike,
    ingress: LinkIngress,
    opts: TransportOptions = {},
  ) {
    super(ingress);
    this.decoder = new FrameDecoder(
      {
        message: (frame, _transfer, bytes, raw, rawEncoding) => this.deliver(frame, this.now, bytes, raw, rawEncoding),
        problem: (kind, text, topic, key) => ingress.problem(kind, text, topic, key),
      },
      { limits: opts.limits, counters: ingress.counters },
    );
    watchSocket(
      socket,
      {
        open: () => this.didOpen(),
        frame: (data) => {
          this.now = Date.now();
          ingress.lastFrameAt = this.now;
          this.decoder.keepRaw = ingress.tapping;
          try {
            this.decoder.decode(data);
          } catch (e) {
            ingress.problem(
              'decode',
              `the link failed on a frame: ${e instanceof Error ? e.message : String(e)}`,
              undefined,
              'decode|internal',
            );
          }
        },
        end: (end) => {
          this.decoder.reset();
          this.didEnd(end);
        },
      },
      opts.connectTimeoutMs?.() ?? DEFAULT_CONNECT_TIMEOUT_MS,
    );
  }

  bufferedAmount(): number {
    return (this.socket as { bufferedAmount?: number }).bufferedAmount ?? 0;
  }

  protected sendFrame(frame: Record<string, unknown>, dropAbove: number | undefined): void {
    if (dropAbove !== undefined && this.bufferedAmount() > dropAbove) {
      this.ingress.problem(
        'connection',
        `socket backed up (${this.bufferedAmount()} bytes unsent): dropped a message for ${String(frame.topic)}`,
        String(frame.topic),
        'connection|backed-up',
      );
      return;
    }
    this.decoder.noteOutgoing(frame);
    this.socket.send(JSON.stringify(frame));
  }

  protected closeSocket(): void {
    this.socket.close(1000, 'closed by operator');
  }
}

export function inlineTransportFactory(
  ingress: LinkIngress,
  opts: TransportOptions & { socketFactory?: SocketFactory } = {},
): ITransportFactory {
  const makeSocket = opts.socketFactory ?? defaultSocketFactory;
  return async (url) => new InlineTransport(await makeSocket(url), ingress, opts);
}
