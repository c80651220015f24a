// The sync client's public shapes: its options, what it reports, and what the hub refused.
import type { FeedEntry, HubUser, PushResult } from '../contracts';
import type { BackoffOptions } from './backoff';
import type { Clock } from './clock';
import type { WebSocketCtor } from './live';
import type { OutboxItem, OutboxStore, SyncStateStore } from './outbox';

export type RejectionStatus = Exclude<PushResult['status'], 'applied' | 'duplicate'> | 'invalid' | 'tooLarge';

/** A record the hub will not take; the console shows it and, for a conflict, can adopt `current`. */
export interface Rejection {
  item: OutboxItem;
  status: RejectionStatus;
  message: string;
  current?: unknown;
}

export interface SyncStatus {
  state: 'signedOut' | 'paused' | 'offline' | 'syncing' | 'live';
  user?: HubUser;
  sessionExpiresAt?: number;
  /** Local records the hub does not have yet, and since when the oldest waits. */
  pending: number;
  oldestPendingAt?: number;
  cursor: number;
  head: number;
  /** How far behind the hub this console is: entries still to receive (at most) and for how long. */
  behind: { records: number; ms: number };
  lastSyncedAt?: number;
  lastError?: string;
  rejections: Rejection[];
}

export interface SyncClientOptions {
  hubUrl: string;
  consoleId: string;
  outbox: OutboxStore;
  state: SyncStateStore;
  /**
   * Writes entries from the hub into the console's tables, in order. Must be idempotent (upsert by id):
   * after a crash between applying and saving the cursor, the same entries come again.
   */
  apply(entries: FeedEntry[]): Promise<void>;
  onRejected?(r: Rejection): void;
  /** The bytes of a queued blob, from the console's store; undefined when it is gone (the entry is dropped). */
  readBlob?(id: string): Promise<{ mime: string; data: Uint8Array } | undefined>;
  onStatus?(s: SyncStatus): void;
  fetch?: typeof fetch;
  /** The browser's WebSocket by default; the `ws` package in Node. Without one there is no live channel. */
  WebSocket?: WebSocketCtor;
  clock?: Clock;
  backoff?: Partial<BackoffOptions>;
  batchSize?: number;
  pullPage?: number;
}
