import type { DecoderCounters, RosbridgeFrame } from '../frameDecoder';
import type { DecodeLimits } from '../limits';
import type { ProblemKind } from '../types';
import type { SocketEnd } from './socket';

/** Main thread -> link worker. `conn` numbers the connection attempts of one link. */
export type ToWorker =
  | { t: 'connect'; conn: number; url: string; limits?: Partial<DecodeLimits>; connectTimeoutMs?: number; tapping?: boolean }
  /** `dropAbove`: drop the frame when the socket holds more unsent bytes than this (motion). */
  | { t: 'send'; conn: number; frame: Record<string, unknown>; dropAbove?: number }
  | { t: 'close'; conn: number }
  /** A tap started or stopped listening: binary payloads are posted along only while one listens. */
  | { t: 'tap'; on: boolean }
  /** The main thread handled `n` messages ('msg', 'open', 'end') of `bytes` bytes (see deliveryGate.ts). */
  | { t: 'ack'; n: number; bytes: number };

/** Link worker -> main thread. Message frames come with their typed-array buffers transferred. */
export type FromWorker =
  | OneFromWorker
  /** Messages through the gate that arrived close together, in order, in one post (see outbox.ts). */
  | { t: 'batch'; items: GatedMessage[] };

/** One message from the link worker, posted on its own or inside a batch. */
export type OneFromWorker =
  | GatedMessage
  | { t: 'problem'; conn: number; kind: ProblemKind; text: string; topic?: string; key?: string; counters: DecoderCounters }
  /** Frames arrived that produced no message (partial fragments, refused frames): the robot is not silent. */
  | { t: 'alive'; conn: number; at: number; frames: number }
  /** The socket's unsent bytes changed (posted while non-zero, and once when it drains). */
  | { t: 'buffered'; conn: number; amount: number };

/** What passes the worker's delivery gate, and is acknowledged one by one (see deliveryGate.ts). */
export type GatedMessage =
  | { t: 'open'; conn: number }
  | { t: 'end'; conn: number; end: SocketEnd; counters: DecoderCounters }
  | {
      t: 'msg';
      conn: number;
      frame: RosbridgeFrame;
      receivedAt: number;
      frames: number;
      bytes: number;
      /** Characters held in partial fragmented messages. */
      held: number;
      raw?: Uint8Array;
      rawEncoding?: 'ros1' | 'cbor';
    };

/** What the gate counts for a message: its frame's bytes and the raw copy posted along for a tap. */
export function gatedBytes(m: Extract<GatedMessage, { t: 'msg' }>): number {
  return m.bytes + (m.raw?.byteLength ?? 0);
}

/** The side of a Worker (or of the worker's global scope) that the link uses. */
export interface PortLike<In, Out> {
  postMessage(message: Out, transfer?: Transferable[]): void;
  onmessage: ((ev: { data: In }) => void) | null;
}
