import type { DecoderCounters, RosbridgeFrame } from '../frameDecoder';
import type { ProblemKind } from '../types';
import type { SocketEnd } from './socket';

/** Main thread -> link worker. `conn` numbers the connection attempts of one link. */
export type ToWorker =
  | { t: 'connect'; conn: number; url: string; maxFrameBytes?: number; connectTimeoutMs?: number }
  | { t: 'send'; conn: number; frame: Record<string, unknown> }
  | { t: 'close'; conn: number };

/** Link worker -> main thread. Message frames come with their typed-array buffers transferred. */
export type FromWorker =
  | { t: 'open'; conn: number }
  | { t: 'end'; conn: number; end: SocketEnd; counters: DecoderCounters }
  | { t: 'msg'; conn: number; frame: RosbridgeFrame; receivedAt: number; frames: number }
  | { t: 'problem'; conn: number; kind: ProblemKind; text: string; topic?: string; counters: DecoderCounters };

/** The side of a Worker (or of the worker's global scope) that the link uses. */
export interface PortLike<In, Out> {
  postMessage(message: Out, transfer?: Transferable[]): void;
  onmessage: ((ev: { data: In }) => void) | null;
}
