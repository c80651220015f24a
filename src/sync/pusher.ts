// Pushing the outbox, oldest first: records in batches to /api/push, blobs one at a time to PUT
// /api/blobs, each kept until the hub has answered for it. What the hub refuses leaves the outbox and is
// handed to `reject`; what could not be sent (hub unreachable) stays and is tried again later.
import type { PushRecord, PushResult } from '../contracts';
import { HubError, type HubApi } from './hubApi';
import type { BlobRef, OutboxItem, OutboxStore } from './outbox';
import type { Rejection, SyncClientOptions } from './types';

export interface PushDeps {
  api: HubApi;
  outbox: OutboxStore;
  consoleId: string;
  batchSize: number;
  /** False once the client is paused or signed out: stop between batches. */
  active(): boolean;
  reject(r: Rejection): Promise<void>;
  sawHead(head: number): void;
  pushed(): Promise<void>;
  readBlob?: SyncClientOptions['readBlob'];
  /** The signed-in person's site: records are sent for it whatever site they were queued with. */
  site?(): string | undefined;
}

const refusal = (err: unknown): Rejection['status'] | undefined => {
  if (!(err instanceof HubError)) return undefined;
  if (err.kind === 'invalid' || err.kind === 'tooLarge' || err.kind === 'conflict' || err.kind === 'forbidden') return err.kind;
  if (err.kind === 'notFound') return 'notFound';
  return undefined;
};

async function pushBlob(d: PushDeps, item: OutboxItem): Promise<void> {
  const ref = item.record as BlobRef;
  const bytes = d.readBlob ? await d.readBlob(ref.id) : undefined;
  try {
    if (!bytes) throw new HubError('notFound', 0, `blob ${ref.id} is no longer in this console's store`);
    await d.api.putBlob(
      { id: ref.id, mime: bytes.mime as BlobRef['mime'], ...(ref.incidentId ? { incidentId: ref.incidentId } : {}) },
      bytes.data,
      d.consoleId,
    );
  } catch (err) {
    const status = refusal(err);
    if (!status) {
      if (err instanceof HubError && err.retryable) await d.outbox.noteAttempt([item.seq], err.message).catch(() => {});
      throw err;
    }
    const body = err instanceof HubError ? (err.body as { current?: unknown } | undefined) : undefined;
    await d.reject({ item, status, message: (err as Error).message, ...(body?.current !== undefined ? { current: body.current } : {}) });
  }
  await d.outbox.remove([item.seq]);
}

async function settle(d: PushDeps, items: OutboxItem[], results: PushResult[]): Promise<void> {
  const refusedGroups = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const r = results[i];
    if (!r || r.status === 'applied' || r.status === 'duplicate') continue;
    await d.reject({ item, status: r.status, message: r.message ?? r.status, ...(r.current !== undefined ? { current: r.current } : {}) });
    if (item.kind === 'task' || item.kind === 'taskChange') refusedGroups.add(item.group);
  }
  await d.outbox.remove(items.map((i) => i.seq));
  if (!refusedGroups.size) return;
  // Later changes of a refused task were made on a state the hub never had: they are refused with it.
  const dependent = (await d.outbox.inGroups([...refusedGroups])).filter((x) => x.kind === 'taskChange' || x.kind === 'taskProgress');
  for (const x of dependent) await d.reject({ item: x, status: 'conflict', message: `made after a change the hub refused (${x.group})` });
  await d.outbox.remove(dependent.map((x) => x.seq));
}

export async function pushOutbox(d: PushDeps): Promise<void> {
  let size = d.batchSize;
  while (d.active()) {
    const peeked = await d.outbox.peek(size);
    if (!peeked.length) break;
    if (peeked[0]!.kind === 'blob') {
      await pushBlob(d, peeked[0]!);
      await d.pushed();
      continue;
    }
    // Records up to the next blob, so the order the console wrote things in is the order the hub gets them.
    const firstBlob = peeked.findIndex((i) => i.kind === 'blob');
    const items = firstBlob < 0 ? peeked : peeked.slice(0, firstBlob);
    let resp;
    try {
      const site = d.site?.();
      const records = items.map((i) => ({ kind: i.kind, record: site ? { ...i.record, site } : i.record }) as PushRecord);
      resp = await d.api.push({ consoleId: d.consoleId, records });
    } catch (err) {
      if (err instanceof HubError && (err.kind === 'invalid' || err.kind === 'tooLarge')) {
        // One record the hub cannot take must not hold back the rest: halve until it is alone, then set it aside.
        if (items.length > 1) {
          size = Math.max(1, items.length >> 1);
          continue;
        }
        await d.reject({ item: items[0]!, status: err.kind, message: err.message });
        await d.outbox.remove([items[0]!.seq]);
        size = d.batchSize;
        continue;
      }
      if (err instanceof HubError && err.retryable)
        await d.outbox
          .noteAttempt(
            items.map((i) => i.seq),
            err.message,
          )
          .catch(() => {});
      throw err;
    }
    await settle(d, items, resp.results);
    d.sawHead(resp.head);
    await d.pushed();
    size = d.batchSize;
  }
}
