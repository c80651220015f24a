import type { ITransportFactory } from 'roslib';
import { LinkTransport, type LinkIngress, type TransportOptions } from './linkTransport';
import type { FromWorker, PortLike, ToWorker } from './workerProtocol';

export interface WorkerLike extends PortLike<FromWorker, ToWorker> {
  terminate(): void;
}

/** The link's Web Worker, built by Vite from linkWorker.ts. */
export function createLinkWorker(): WorkerLike {
  return new Worker(new URL('../linkWorker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
}

/** Main-thread side of a connection whose socket and decoder live in the link's worker. */
class WorkerTransport extends LinkTransport {
  constructor(
    private readonly worker: WorkerLike,
    readonly conn: number,
    ingress: LinkIngress,
  ) {
    super(ingress);
  }

  protected sendFrame(frame: Record<string, unknown>): void {
    this.worker.postMessage({ t: 'send', conn: this.conn, frame });
  }

  protected closeSocket(): void {
    this.worker.postMessage({ t: 'close', conn: this.conn });
  }

  handle(m: FromWorker): void {
    const c = this.ingress.counters;
    switch (m.t) {
      case 'msg':
        c.frames = m.frames;
        this.deliver(m.frame, m.receivedAt);
        break;
      case 'open':
        this.didOpen();
        break;
      case 'problem':
        Object.assign(c, m.counters);
        this.ingress.problem(m.kind, m.text, m.topic);
        break;
      case 'end':
        Object.assign(c, m.counters);
        this.didEnd(m.end);
        break;
    }
  }
}

/** One worker per link; every (re)connection is a new WorkerTransport talking to it. */
export function workerTransportFactory(
  ingress: LinkIngress,
  opts: TransportOptions & { createWorker?: () => WorkerLike } = {},
): { factory: ITransportFactory; dispose(): void } {
  let worker: WorkerLike | undefined;
  let current: WorkerTransport | undefined;
  let nextConn = 0;
  const factory: ITransportFactory = async (url) => {
    if (!worker) {
      worker = (opts.createWorker ?? createLinkWorker)();
      worker.onmessage = ({ data }) => {
        if (current && data.conn === current.conn) current.handle(data);
      };
    }
    current = new WorkerTransport(worker, nextConn++, ingress);
    worker.postMessage({
      t: 'connect',
      conn: current.conn,
      url,
      maxFrameBytes: opts.maxFrameBytes,
      connectTimeoutMs: opts.connectTimeoutMs,
    });
    return current;
  };
  return {
    factory,
    dispose() {
      worker?.terminate();
      worker = undefined;
    },
  };
}
