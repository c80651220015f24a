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
        message: (frame) => this.deliver(frame, this.now),
        problem: (kind, text, topic) => ingress.problem(kind, text, topic),
      },
      { maxFrameBytes: opts.maxFrameBytes, counters: ingress.counters },
    );
    watchSocket(
      socket,
      {
        open: () => this.didOpen(),
        frame: (data) => {
          this.now = Date.now();
          this.decoder.decode(data);
        },
        end: (end) => {
          this.decoder.reset();
          this.didEnd(end);
        },
      },
      opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    );
  }

  protected sendFrame(frame: Record<string, unknown>): void {
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
