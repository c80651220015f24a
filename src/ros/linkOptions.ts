import type { DecodeLimits } from './limits';
import type { ReconnectOptions } from './reconnect';
import type { SocketFactory } from './transport/socket';
import type { WorkerLike } from './transport/workerTransport';

export interface RobotLinkOptions {
  /** 'auto' (default): a Web Worker when the platform has one (browser/Electron renderer), else inline. */
  transport?: 'auto' | 'worker' | 'inline';
  /** Inline transport only: where sockets come from (default: WebSocket, or the `ws` package in Node). */
  socketFactory?: SocketFactory;
  /** Worker transport only: how to start the link worker (default: Vite's linkWorker.ts worker). */
  createWorker?: () => WorkerLike;
  /** Frames larger than this are dropped and reported. Default 64 MB (same as limits.frameBytes). */
  maxFrameBytes?: number;
  /** What a frame may declare and the link may hold (DEFAULT_LIMITS); a site profile raises them here. */
  limits?: Partial<DecodeLimits>;
  /** Bytes this robot may make the console hold inside the link (kept messages, fragments, problems, calls). Default 256 MB. */
  memoryBudgetBytes?: number;
  /** Give up a connection attempt after this long. Default 8 s (2.5 s, or 3 latencies, while probing). */
  connectTimeoutMs?: number;
  /** Reconnect timing (DEFAULT_RECONNECT); `baseMs`/`maxMs` are the backoff of a robot never connected yet. */
  backoff?: Partial<ReconnectOptions>;
  /** Connection attempts in a row before the link gives up with state 'failed'. Default: never give up. */
  maxAttempts?: number;
  /** A subscription with no data for this long is reported silent. Default 5 s. */
  silenceMs?: number;
  /** rosapi/get_time latency/clock probe period; 0 disables. Default 2 s. */
  pingIntervalMs?: number;
  /** Default callService timeout. Default 10 s. */
  serviceTimeoutMs?: number;
  /** Problems kept. Default 200. */
  maxProblems?: number;
  /** console.warn at most once per problem kind+topic per this many ms. Default 10 s. */
  warnIntervalMs?: number;
  /** Ask rosapi what the robot is on every connection (capabilities()). Default true. */
  detectCapabilities?: boolean;
  /** Unsent socket bytes above which a dropIfUnsendable message is dropped. Default 4 KB (a twist is ~150 bytes). */
  motionBufferBytes?: number;
  random?: () => number;
  /**
   * Awaited before the first connection attempt (the desktop shell must allow the robot's origin in its CSP);
   * a rejection fails the link with the reason in its status.
   */
  authorize?: (url: string) => Promise<unknown>;
  /** A URL that is not ws:// or wss:// with a host: 'throw' (default) a BadUrlError, or 'fail': return a link in state 'failed'. */
  onBadUrl?: 'throw' | 'fail';
}
