import { FrameDecoder, newCounters } from '../frameDecoder';
import { DEFAULT_CONNECT_TIMEOUT_MS, defaultSocketFactory, watchSocket, type SocketFactory, type SocketLike } from './socket';
import type { FromWorker, PortLike, ToWorker } from './workerProtocol';

/** While the socket holds unsent bytes, how often the worker looks again (there is no event for it). */
const BUFFER_POLL_MS = 50;
/** At most this often an 'alive' report for frames that produced no message. */
const ALIVE_MS = 100;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function transferList(views: ArrayBufferView[] | undefined): Transferable[] | undefined {
  if (!views || views.length === 0) return undefined;
  const buffers = new Set<ArrayBuffer>();
  for (const v of views) if (v.buffer instanceof ArrayBuffer && v.buffer.byteLength > 0) buffers.add(v.buffer);
  return buffers.size > 0 ? [...buffers] : undefined;
}

/**
 * The inside of a link worker: owns the WebSocket and the decoder, posts decoded operations to the main
 * thread and transfers the buffers of their typed arrays (so a 4 MB map is moved, not copied).
 * Nothing a robot sends may throw out of here (an uncaught error in a worker reaches the page): a message
 * that cannot be posted becomes a problem. Written against PortLike so that it runs in Node tests too
 * (see linkWorker.ts for the real entry point).
 */
export function hostLinkWorker(port: PortLike<ToWorker, FromWorker>, socketFactory: SocketFactory = defaultSocketFactory): void {
  let conn = -1;
  let socket: SocketLike | undefined;
  let decoder: FrameDecoder | undefined;
  let tapping = false;
  const counters = newCounters();
  let bufferTimer: ReturnType<typeof setInterval> | undefined;
  let lastBuffered = 0;

  const post = (m: FromWorker, transfer?: Transferable[]): boolean => {
    try {
      port.postMessage(m, transfer);
      return true;
    } catch {
      return false;
    }
  };

  const postProblem = (kind: Extract<FromWorker, { t: 'problem' }>['kind'], text: string, topic?: string, key?: string) =>
    post({ t: 'problem', conn, kind, text, topic, key, counters: { ...counters } });

  const watchBuffer = () => {
    const s = socket;
    const amount = (s as { bufferedAmount?: number } | undefined)?.bufferedAmount ?? 0;
    if (amount !== lastBuffered) {
      lastBuffered = amount;
      post({ t: 'buffered', conn, amount });
    }
    if (amount > 0 && bufferTimer === undefined) bufferTimer = setInterval(watchBuffer, BUFFER_POLL_MS);
    else if (amount === 0 && bufferTimer !== undefined) {
      clearInterval(bufferTimer);
      bufferTimer = undefined;
    }
  };

  const connect = async (m: Extract<ToWorker, { t: 'connect' }>) => {
    socket?.close();
    conn = m.conn;
    tapping = m.tapping ?? tapping;
    const myConn = m.conn;
    let now = 0;
    let posted = false;
    let aliveAt = 0;
    const current = new FrameDecoder(
      {
        message: (frame, transfer, bytes, raw, rawEncoding) => {
          posted = true;
          const msg: FromWorker = { t: 'msg', conn: myConn, frame, receivedAt: now, frames: counters.frames, bytes, held: counters.fragmentChars };
          if (raw) {
            msg.raw = raw;
            msg.rawEncoding = rawEncoding;
          }
          // A buffer shared by two views cannot be transferred twice: then it is copied.
          if (post(msg, transferList(transfer)) || post(msg)) return;
          const topic = typeof frame.topic === 'string' ? frame.topic : undefined;
          postProblem('decode', `a ${frame.op} frame${topic ? ` on ${topic}` : ''} could not be passed to the console (${bytes} bytes)`, topic, `decode|post|${topic ?? ''}`);
        },
        problem: (kind, text, topic, key) => postProblem(kind, text, topic, key),
      },
      { limits: m.limits, collectTransfers: true, counters },
    );
    decoder = current;
    let s: SocketLike;
    try {
      s = await socketFactory(m.url);
    } catch (e) {
      post({ t: 'end', conn: myConn, end: { everOpened: false, error: errorText(e) }, counters: { ...counters } });
      return;
    }
    if (conn !== myConn) {
      s.close();
      return;
    }
    socket = s;
    lastBuffered = 0;
    watchSocket(
      s,
      {
        open: () => post({ t: 'open', conn: myConn }),
        frame: (data) => {
          now = Date.now();
          posted = false;
          current.keepRaw = tapping;
          try {
            current.decode(data);
          } catch (e) {
            postProblem('decode', `the link failed on a frame: ${errorText(e)}`, undefined, 'decode|internal');
          }
          if (!posted && now - aliveAt >= ALIVE_MS) {
            aliveAt = now;
            post({ t: 'alive', conn: myConn, at: now, frames: counters.frames });
          }
        },
        end: (end) => {
          current.reset();
          post({ t: 'end', conn: myConn, end, counters: { ...counters } });
        },
      },
      m.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    );
  };

  const send = (m: Extract<ToWorker, { t: 'send' }>) => {
    if (!socket) return;
    const unsent = (socket as { bufferedAmount?: number }).bufferedAmount ?? 0;
    if (m.dropAbove !== undefined && unsent > m.dropAbove) {
      const topic = String(m.frame.topic);
      postProblem('connection', `socket backed up (${unsent} bytes unsent): dropped a message for ${topic}`, topic, 'connection|backed-up');
      watchBuffer();
      return;
    }
    decoder?.noteOutgoing(m.frame);
    socket.send(JSON.stringify(m.frame));
    watchBuffer();
  };

  port.onmessage = ({ data: m }) => {
    try {
      if (m.t === 'connect') void connect(m).catch((e: unknown) => postProblem('connection', `connecting failed: ${errorText(e)}`));
      else if (m.t === 'tap') tapping = m.on;
      else if (m.conn === conn) {
        if (m.t === 'send') send(m);
        else if (m.t === 'close') socket?.close(1000, 'closed by operator');
      }
    } catch (e) {
      postProblem('connection', `the link worker failed: ${errorText(e)}`, undefined, 'connection|worker');
    }
  };
}
