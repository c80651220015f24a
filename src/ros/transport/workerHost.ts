import { FrameDecoder } from '../frameDecoder';
import { DEFAULT_CONNECT_TIMEOUT_MS, defaultSocketFactory, watchSocket, type SocketFactory, type SocketLike } from './socket';
import type { FromWorker, PortLike, ToWorker } from './workerProtocol';

/**
 * The inside of a link worker: owns the WebSocket and the decoder, posts decoded operations to the main
 * thread and transfers the buffers of their typed arrays (so a 4 MB map is moved, not copied).
 * Written against PortLike so that it runs in Node tests too (see linkWorker.ts for the real entry point).
 */
export function hostLinkWorker(port: PortLike<ToWorker, FromWorker>, socketFactory: SocketFactory = defaultSocketFactory): void {
  let conn = -1;
  let socket: SocketLike | undefined;
  let decoder: FrameDecoder | undefined;
  const counters = { frames: 0, malformed: 0, oversized: 0, fragmentsDropped: 0 };

  const transferList = (views: ArrayBufferView[] | undefined): Transferable[] | undefined => {
    if (!views || views.length === 0) return undefined;
    const buffers = new Set<ArrayBuffer>();
    for (const v of views) if (v.buffer instanceof ArrayBuffer && v.buffer.byteLength > 0) buffers.add(v.buffer);
    return buffers.size > 0 ? [...buffers] : undefined;
  };

  port.onmessage = async ({ data: m }) => {
    if (m.t === 'connect') {
      socket?.close();
      conn = m.conn;
      const myConn = m.conn;
      let now = 0;
      const current = new FrameDecoder(
        {
          message: (frame, transfer) => {
            const msg: FromWorker = { t: 'msg', conn: myConn, frame, receivedAt: now, frames: counters.frames };
            const list = transferList(transfer);
            try {
              port.postMessage(msg, list);
            } catch {
              port.postMessage(msg); // e.g. a buffer shared with another view that was already transferred
            }
          },
          problem: (kind, text, topic) => port.postMessage({ t: 'problem', conn: myConn, kind, text, topic, counters: { ...counters } }),
        },
        { maxFrameBytes: m.maxFrameBytes, collectTransfers: true, counters },
      );
      decoder = current;
      let s: SocketLike;
      try {
        s = await socketFactory(m.url);
      } catch (e) {
        port.postMessage({
          t: 'end',
          conn: myConn,
          end: { everOpened: false, error: e instanceof Error ? e.message : String(e) },
          counters: { ...counters },
        });
        return;
      }
      if (conn !== myConn) {
        s.close();
        return;
      }
      socket = s;
      watchSocket(
        s,
        {
          open: () => port.postMessage({ t: 'open', conn: myConn }),
          frame: (data) => {
            now = Date.now();
            current.decode(data);
          },
          end: (end) => {
            current.reset();
            port.postMessage({ t: 'end', conn: myConn, end, counters: { ...counters } });
          },
        },
        m.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      );
    } else if (m.conn === conn) {
      if (m.t === 'send') {
        decoder?.noteOutgoing(m.frame);
        socket?.send(JSON.stringify(m.frame));
      } else if (m.t === 'close') {
        socket?.close(1000, 'closed by operator');
      }
    }
  };
}
