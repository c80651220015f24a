import { FrameDecoder, newCounters } from '../frameDecoder';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  defaultSocketFactory,
  watchSocket,
  type SocketEnd,
  type SocketFactory,
  type SocketLike,
} from './socket';
import { DeliveryGate } from './deliveryGate';
import { Outbox } from './outbox';
import { gatedBytes, type FromWorker, type GatedMessage, type PortLike, type ToWorker } from './workerProtocol';

/** While the socket holds unsent bytes, how often the worker looks again (there is no event for it). */
const BUFFER_POLL_MS = 50;
/** At most this often an 'alive' report for frames that produced no message. */
const ALIVE_MS = 100;
/** At most this often a report of messages the gate dropped while the main thread was behind. */
const DROP_REPORT_MS = 2000;

type ProblemMsg = Extract<FromWorker, { t: 'problem' }>;
type MsgOut = Extract<FromWorker, { t: 'msg' }>;
interface Gated {
  m: GatedMessage;
  transfer?: Transferable[];
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function transferList(views: ArrayBufferView[] | undefined): Transferable[] | undefined {
  if (!views || views.length === 0) return undefined;
  const buffers = new Set<ArrayBuffer>();
  for (const v of views) if (v.buffer instanceof ArrayBuffer && v.buffer.byteLength > 0) buffers.add(v.buffer);
  return buffers.size > 0 ? [...buffers] : undefined;
}

/** Posted without waiting for company: everything but topic messages (responses, results, open, end). */
function urgent(m: GatedMessage): boolean {
  return m.t !== 'msg' || m.frame.op !== 'publish';
}

function unsentOf(s: SocketLike | undefined): number {
  return s?.bufferedAmount ?? 0;
}

/**
 * The inside of a link worker: owns the WebSocket and the decoder, posts decoded operations to the main
 * thread and transfers the buffers of their typed arrays (so a 4 MB map is moved, not copied).
 * Nothing a robot sends may throw out of here (an uncaught error in a worker reaches the page): a message
 * that cannot be posted becomes a problem.
 */
class LinkWorkerHost {
  private conn = -1;
  private socket: SocketLike | undefined;
  private decoder: FrameDecoder | undefined;
  private tapping = false;
  private readonly counters = newCounters();
  private bufferTimer: ReturnType<typeof setInterval> | undefined;
  private lastBuffered = 0;
  /** Messages wait here while the main thread has not caught up (see deliveryGate.ts). */
  private readonly gate = new DeliveryGate<Gated>((g, bytes) => this.outbox.add(g, bytes, g.transfer, urgent(g.m)));
  /** What passed the gate goes to the main thread in batches (see outbox.ts). */
  private readonly outbox = new Outbox<Gated>((items, transfer) => this.deliverBatch(items, transfer));
  private dropReportAt = 0;
  private dropTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly port: PortLike<ToWorker, FromWorker>,
    private readonly socketFactory: SocketFactory,
  ) {}

  receive(m: ToWorker): void {
    try {
      if (m.t === 'connect') void this.connect(m).catch((e: unknown) => this.problem('connection', `connecting failed: ${errorText(e)}`));
      else if (m.t === 'tap') this.tapping = m.on;
      else if (m.t === 'ack') this.acked(m.n, m.bytes);
      else if (m.conn === this.conn) {
        if (m.t === 'send') this.send(m);
        else if (m.t === 'close') this.socket?.close(1000, 'closed by operator');
      }
    } catch (e) {
      this.problem('connection', `the link worker failed: ${errorText(e)}`, undefined, 'connection|worker');
    }
  }

  /** Posts at once, after what waits in the outbox (so the main thread sees everything in order). */
  private post(m: FromWorker, transfer?: Transferable[]): boolean {
    this.outbox.flush();
    return this.postNow(m, transfer);
  }

  private postNow(m: FromWorker, transfer?: Transferable[]): boolean {
    try {
      this.port.postMessage(m, transfer);
      return true;
    } catch {
      return false;
    }
  }

  /** A message frame, or the connection's 'open'/'end': in order, through the gate. */
  private gated(m: GatedMessage, bytes = 0, topic?: string, transfer?: Transferable[]): void {
    this.gate.offer({ m, transfer }, bytes, topic);
    if (this.gate.hasDropped) this.reportDrops();
  }

  private deliverBatch(items: Gated[], transfer: Transferable[]): void {
    if (items.length === 1) return this.deliver(items[0]!);
    const m: FromWorker = { t: 'batch', items: items.map((g) => g.m) };
    // One that cannot be posted (or a buffer that cannot be moved) must not cost the others: then one by one.
    if (!this.postNow(m, transfer.length > 0 ? transfer : undefined)) for (const g of items) this.deliver(g);
  }

  private deliver({ m, transfer }: Gated): void {
    // A buffer shared by two views cannot be transferred twice: then it is copied.
    if (this.postNow(m, transfer) || (transfer && this.postNow(m)) || m.t !== 'msg') return;
    const topic = typeof m.frame.topic === 'string' ? m.frame.topic : undefined;
    this.problem(
      'decode',
      `a ${m.frame.op} frame${topic ? ` on ${topic}` : ''} could not be passed to the console (${m.bytes} bytes)`,
      topic,
      `decode|post|${topic ?? ''}`,
    );
  }

  private acked(n: number, bytes: number): void {
    this.gate.ack(n, bytes);
    if (this.gate.hasDropped) this.reportDrops();
  }

  /** Says what the gate dropped: at once, then at most every DROP_REPORT_MS (a timer reports the rest). */
  private reportDrops(): void {
    const now = Date.now();
    const wait = this.dropReportAt + DROP_REPORT_MS - now;
    if (wait > 0) {
      this.dropTimer ??= setTimeout(() => {
        this.dropTimer = undefined;
        this.reportDrops();
      }, wait);
      return;
    }
    const dropped = this.gate.takeDropped();
    if (dropped.size === 0) return;
    this.dropReportAt = now;
    for (const [topic, n] of dropped)
      this.problem(
        'memory',
        `the console fell behind the robot: dropped ${n} older message${n === 1 ? '' : 's'} on ${topic} and kept the newest`,
        topic,
        `memory|behind|${topic}`,
      );
  }

  private problem(kind: ProblemMsg['kind'], text: string, topic?: string, key?: string): void {
    this.post({ t: 'problem', conn: this.conn, kind, text, topic, key, counters: { ...this.counters } });
  }

  private async connect(m: Extract<ToWorker, { t: 'connect' }>): Promise<void> {
    this.outbox.flush();
    this.socket?.close();
    this.conn = m.conn;
    this.gate.reset();
    this.tapping = m.tapping ?? this.tapping;
    const conn = m.conn;
    const counters = this.counters;
    let now = 0;
    let posted = false;
    let aliveAt = 0;
    const decoder = new FrameDecoder(
      {
        message: (frame, transfer, bytes, raw, rawEncoding) => {
          posted = true;
          const msg: MsgOut = { t: 'msg', conn, frame, receivedAt: now, frames: counters.frames, bytes, held: counters.fragmentChars };
          if (raw) {
            msg.raw = raw;
            msg.rawEncoding = rawEncoding;
          }
          // Only topic messages may be dropped when the main thread is behind; never responses or results.
          const topic = frame.op === 'publish' && typeof frame.topic === 'string' ? frame.topic : undefined;
          this.gated(msg, gatedBytes(msg), topic, transferList(transfer));
        },
        problem: (kind, text, topic, key) => this.problem(kind, text, topic, key),
      },
      { limits: m.limits, collectTransfers: true, counters },
    );
    this.decoder = decoder;
    let s: SocketLike;
    try {
      s = await this.socketFactory(m.url);
    } catch (e) {
      this.gated({ t: 'end', conn, end: { everOpened: false, error: errorText(e) }, counters: { ...counters } });
      return;
    }
    if (this.conn !== conn) return s.close();
    this.socket = s;
    this.lastBuffered = 0;
    const frame = (data: unknown) => {
      now = Date.now();
      posted = false;
      decoder.keepRaw = this.tapping;
      try {
        decoder.decode(data);
      } catch (e) {
        this.problem('decode', `the link failed on a frame: ${errorText(e)}`, undefined, 'decode|internal');
      }
      if (!posted && now - aliveAt >= ALIVE_MS) {
        aliveAt = now;
        this.post({ t: 'alive', conn, at: now, frames: counters.frames });
      }
    };
    const end = (e: SocketEnd) => {
      decoder.reset();
      this.gated({ t: 'end', conn, end: e, counters: { ...counters } });
    };
    watchSocket(s, { open: () => this.gated({ t: 'open', conn }), frame, end }, m.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  }

  private send(m: Extract<ToWorker, { t: 'send' }>): void {
    const socket = this.socket;
    if (!socket) return;
    const unsent = unsentOf(socket);
    if (m.dropAbove !== undefined && unsent > m.dropAbove) {
      const topic = String(m.frame.topic);
      this.problem(
        'connection',
        `socket backed up (${unsent} bytes unsent): dropped a message for ${topic}`,
        topic,
        'connection|backed-up',
      );
    } else {
      this.decoder?.noteOutgoing(m.frame);
      socket.send(JSON.stringify(m.frame));
    }
    this.watchBuffer();
  }

  /** Tell the main thread how much the socket holds unsent, and keep looking while it holds any. */
  private watchBuffer(): void {
    const amount = unsentOf(this.socket);
    if (amount !== this.lastBuffered) {
      this.lastBuffered = amount;
      this.post({ t: 'buffered', conn: this.conn, amount });
    }
    if (amount > 0 && this.bufferTimer === undefined) this.bufferTimer = setInterval(() => this.watchBuffer(), BUFFER_POLL_MS);
    else if (amount === 0 && this.bufferTimer !== undefined) {
      clearInterval(this.bufferTimer);
      this.bufferTimer = undefined;
    }
  }
}

/** Written against PortLike so that it runs in Node tests too (see linkWorker.ts for the real entry point). */
export function hostLinkWorker(port: PortLike<ToWorker, FromWorker>, socketFactory: SocketFactory = defaultSocketFactory): void {
  const host = new LinkWorkerHost(port, socketFactory);
  port.onmessage = ({ data }) => host.receive(data);
}
