import type { ITransportFactory } from 'roslib';
import { DEFAULT_CONNECT_TIMEOUT_MS, LinkTransport, type LinkIngress, type TransportOptions } from './linkTransport';
import { ACK_BYTES, ACK_EVERY, ACK_MS } from './deliveryGate';
import { gatedBytes, type FromWorker, type OneFromWorker, type PortLike, type ToWorker } from './workerProtocol';

export interface WorkerLike extends PortLike<FromWorker, ToWorker> {
  terminate(): void;
  onerror?: ((ev: { message?: string; preventDefault?: () => void }) => void) | null;
  onmessageerror?: ((ev: unknown) => void) | null;
}

/** The link's Web Worker, built by Vite from linkWorker.ts. */
export function createLinkWorker(): WorkerLike {
  return new Worker(new URL('../linkWorker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike;
}

/** Main-thread side of a connection whose socket and decoder live in the link's worker. */
class WorkerTransport extends LinkTransport {
  private buffered = 0;

  constructor(
    private readonly worker: WorkerLike,
    readonly conn: number,
    ingress: LinkIngress,
  ) {
    super(ingress);
  }

  bufferedAmount(): number {
    return this.buffered;
  }

  protected sendFrame(frame: Record<string, unknown>, dropAbove: number | undefined): void {
    this.worker.postMessage(
      dropAbove === undefined ? { t: 'send', conn: this.conn, frame } : { t: 'send', conn: this.conn, frame, dropAbove },
    );
  }

  protected closeSocket(): void {
    this.worker.postMessage({ t: 'close', conn: this.conn });
  }

  handle(m: OneFromWorker): void {
    const c = this.ingress.counters;
    switch (m.t) {
      case 'msg':
        c.frames = m.frames;
        c.fragmentChars = m.held;
        this.ingress.lastFrameAt = m.receivedAt;
        this.deliver(m.frame, m.receivedAt, m.bytes, m.raw, m.rawEncoding);
        break;
      case 'alive':
        c.frames = m.frames;
        this.ingress.lastFrameAt = m.at;
        break;
      case 'buffered':
        this.buffered = m.amount;
        break;
      case 'open':
        this.didOpen();
        break;
      case 'problem':
        Object.assign(c, m.counters);
        this.ingress.problem(m.kind, m.text, m.topic, m.key);
        break;
      case 'end':
        Object.assign(c, m.counters);
        this.didEnd(m.end);
        break;
    }
  }
}

/**
 * Tells the worker what the main thread has handled, so that its delivery gate (deliveryGate.ts) holds and
 * thins the stream instead of flooding a busy page: at once after ACK_EVERY messages or ACK_BYTES, else
 * ACK_MS after the first unacknowledged one.
 */
class Acker {
  private n = 0;
  private bytes = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly worker: () => WorkerLike | undefined) {}

  handled(m: OneFromWorker): void {
    if (m.t !== 'msg' && m.t !== 'open' && m.t !== 'end') return;
    this.n++;
    if (m.t === 'msg') this.bytes += gatedBytes(m);
    if (this.n >= ACK_EVERY || this.bytes >= ACK_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), ACK_MS);
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.n > 0) this.worker()?.postMessage({ t: 'ack', n: this.n, bytes: this.bytes });
    this.n = 0;
    this.bytes = 0;
  }
}

/** One worker per link; every (re)connection is a new WorkerTransport talking to it. */
export function workerTransportFactory(
  ingress: LinkIngress,
  opts: TransportOptions & { createWorker?: () => WorkerLike } = {},
): { factory: ITransportFactory; dispose(): void; setTapping(on: boolean): void } {
  let worker: WorkerLike | undefined;
  let current: WorkerTransport | undefined;
  let nextConn = 0;
  const acker = new Acker(() => worker);
  const factory: ITransportFactory = async (url) => {
    if (!worker) {
      const w = (opts.createWorker ?? createLinkWorker)();
      worker = w;
      const handle = (data: OneFromWorker) => {
        try {
          if (current && data.conn === current.conn) current.handle(data);
        } catch (e) {
          ingress.problem(
            'decode',
            `the link failed on a message from its worker: ${e instanceof Error ? e.message : String(e)}`,
            undefined,
            'decode|internal',
          );
        } finally {
          acker.handled(data);
        }
      };
      w.onmessage = ({ data }) => {
        if (data.t !== 'batch') return handle(data);
        for (const m of data.items) handle(m);
      };
      // An error inside the worker must not surface on the page as an uncaught error.
      w.onerror = (ev) => {
        ev.preventDefault?.();
        ingress.problem('decode', `the link worker failed: ${ev.message ?? 'unknown error'}`, undefined, 'decode|worker');
      };
      w.onmessageerror = () => ingress.problem('decode', 'a message from the link worker could not be read', undefined, 'decode|worker');
    }
    current = new WorkerTransport(worker, nextConn++, ingress);
    worker.postMessage({
      t: 'connect',
      conn: current.conn,
      url,
      limits: opts.limits,
      connectTimeoutMs: opts.connectTimeoutMs?.() ?? DEFAULT_CONNECT_TIMEOUT_MS,
      tapping: ingress.tapping,
    });
    return current;
  };
  return {
    factory,
    dispose() {
      acker.flush();
      worker?.terminate();
      worker = undefined;
    },
    setTapping(on: boolean) {
      worker?.postMessage({ t: 'tap', on });
    },
  };
}
