// How a feature's repository queues what it wrote for the site hub, in the same Dexie transaction as the
// write itself (so a record and its outbox row land together or not at all). Without a hub the console
// works alone: nothing is queued. The composition root turns recording on when a hub is configured (also
// while signed out or offline: the outbox keeps what was written until the hub takes it).
import type { Table } from 'dexie';
import type { OutboxRecord } from '../storage';
import { outboxRow, type OutboxEntry } from './outbox';

export interface SyncTarget {
  /** The site the records are for; the sync client sends the signed-in person's site whatever is queued. */
  site: string;
  /** Something was queued: push soon. */
  kick(): void;
  /** This console's id (the hub stores it with every record). */
  consoleId: string;
}

let target: SyncTarget | undefined;

export function setSyncTarget(t: SyncTarget | undefined): void {
  target = t;
}

/** The hub this console records for, or undefined when it works alone. */
export function syncTarget(): SyncTarget | undefined {
  return target;
}

/** The site to put on a record now ('' while no hub is configured; nothing is queued then anyway). */
export function syncSite(): string {
  return target?.site ?? '';
}

/**
 * Inside a Dexie transaction that includes `outbox`: queues these records. No-op without a hub. Call
 * `syncKick()` after the transaction committed.
 */
export async function queueInTransaction(outbox: Table<OutboxRecord, number>, entries: readonly OutboxEntry[]): Promise<void> {
  if (!target || entries.length === 0) return;
  const at = Date.now();
  await outbox.bulkAdd(entries.map((e) => outboxRow(e, at)));
}

export function syncKick(): void {
  target?.kick();
}

/** A fresh record id (records a person makes). */
export function newRecordId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `r-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
