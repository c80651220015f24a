/**
 * The slice of the WebSocket API the link uses. The browser's WebSocket, the `ws` package's WebSocket and
 * the in-memory LoopbackSocket (tests, benchmarks) all fit it.
 */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  /** Bytes queued by send() and not yet handed to the network (browsers and `ws` have it). */
  readonly bufferedAmount?: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike | Promise<SocketLike>;

/** Give up a connection attempt after this long. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 8000;

export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSING = 2;
export const CLOSED = 3;

/** How a socket ended, as the link needs it to explain itself. */
export interface SocketEnd {
  everOpened: boolean;
  code?: number;
  reason?: string;
  error?: string;
}

/**
 * The browser's WebSocket in a browser or worker; the `ws` package in Node. Node 22's built-in WebSocket
 * (undici) is not used: a refused connect gives it a generic error text and no close event, so the link
 * could neither say "connection refused" nor retry before its connect timeout.
 */
export const defaultSocketFactory: SocketFactory = async (url) => {
  const inNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string' && typeof document === 'undefined';
  let Ctor = inNode ? undefined : (globalThis as { WebSocket?: new (url: string) => unknown }).WebSocket;
  if (Ctor === undefined) {
    // Kept out of the browser bundle: the specifier is not a literal Vite can follow.
    const wsModule = 'ws';
    Ctor = ((await import(/* @vite-ignore */ wsModule)) as { WebSocket: new (url: string) => unknown }).WebSocket;
  }
  const socket = new Ctor(url) as SocketLike;
  socket.binaryType = 'arraybuffer';
  return socket;
};

/** Best-effort error text from an 'error' event (ws gives an Error with a code; browsers give nothing). */
export function socketErrorText(ev: unknown): string | undefined {
  if (ev && typeof ev === 'object') {
    const e = ev as { message?: unknown; error?: { message?: unknown; code?: unknown } };
    if (e.error && typeof e.error.message === 'string') return e.error.message;
    if (typeof e.message === 'string' && e.message !== '') return e.message;
  }
  return undefined;
}

/** How long after an error before open the attempt ends if the runtime sends no close event. */
const ERROR_CLOSE_GRACE_MS = 100;

/**
 * Watch one socket from open to end: forwards frames, reports exactly one end (with whether it ever opened
 * and the first error text), and gives up connecting after `connectTimeoutMs`.
 */
export function watchSocket(
  socket: SocketLike,
  handlers: { open(): void; frame(data: unknown): void; end(end: SocketEnd): void },
  connectTimeoutMs: number,
): void {
  let opened = false;
  let ended = false;
  let error: string | undefined;
  const timer = setTimeout(() => {
    if (!opened && !ended) {
      error = 'connection timed out';
      finish({ everOpened: false, error });
      try {
        socket.close();
      } catch {
        // closing a socket that never connected may throw in some runtimes; it is abandoned either way
      }
    }
  }, connectTimeoutMs);
  const finish = (end: SocketEnd) => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    socket.onmessage = null;
    handlers.end(end);
  };
  socket.onopen = () => {
    if (ended) return;
    opened = true;
    clearTimeout(timer);
    handlers.open();
  };
  socket.onerror = (ev) => {
    error ??= socketErrorText(ev);
    // Some runtimes report a failed connect with an error and never a close: end the attempt shortly
    // after the error unless the close event (with its code) comes first.
    if (!opened) setTimeout(() => finish({ everOpened: false, error }), ERROR_CLOSE_GRACE_MS);
  };
  socket.onclose = (ev) => finish({ everOpened: opened, code: ev?.code, reason: ev?.reason, error });
  socket.onmessage = (ev) => handlers.frame(ev.data);
}
