// Blob metadata on the hub. The bytes are streamed into the object store first; the metadata row (and the
// feed entry that tells the other consoles) is written after, in one short transaction.
import type { BlobMeta } from '../../../src/contracts';
import type { Db, Queryable } from '../db/types';
import { appendFeed, lockSite, notifyFeed, type WriteContext } from '../records/feed';
import type { Outcome } from '../records/outcome';
import type { ObjectStore } from './objectStore';

interface BlobRow {
  id: string;
  mime: BlobMeta['mime'];
  size: number;
  sha256: string;
  incident_id: string | null;
  store_ref: string;
  created_at: number;
}

const toMeta = (site: string, r: BlobRow): BlobMeta => ({
  site,
  id: r.id,
  mime: r.mime,
  size: r.size,
  sha256: r.sha256,
  ...(r.incident_id ? { incidentId: r.incident_id } : {}),
  createdAt: r.created_at,
});

export async function getBlobMeta(q: Queryable, site: string, id: string): Promise<(BlobMeta & { ref: string }) | undefined> {
  const r = await q.query<BlobRow>(
    'select id, mime, size, sha256, incident_id, store_ref, created_at from blobs where site = $1 and id = $2',
    [site, id],
  );
  return r.rows[0] ? { ...toMeta(site, r.rows[0]), ref: r.rows[0].store_ref } : undefined;
}

export async function putBlob(
  db: Db,
  store: ObjectStore,
  ctx: WriteContext,
  input: { id: string; mime: BlobMeta['mime']; incidentId?: string },
  source: AsyncIterable<Uint8Array>,
  limit: number,
): Promise<Outcome & { meta?: BlobMeta }> {
  const obj = await store.put(source, limit);
  const meta: BlobMeta = {
    site: ctx.site,
    id: input.id,
    mime: input.mime,
    size: obj.size,
    sha256: obj.sha256,
    ...(input.incidentId ? { incidentId: input.incidentId } : {}),
    createdAt: ctx.now,
  };
  const out = await db.tx(async (q): Promise<Outcome & { meta?: BlobMeta }> => {
    await lockSite(q, ctx.site);
    const ins = await q.query(
      `insert into blobs (site, id, mime, size, sha256, incident_id, store_ref, created_at, by_user)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict (site, id) do nothing`,
      [ctx.site, meta.id, meta.mime, meta.size, meta.sha256, meta.incidentId ?? null, obj.ref, meta.createdAt, ctx.username],
    );
    if (ins.rowCount === 0) {
      const cur = await getBlobMeta(q, ctx.site, input.id);
      if (cur && cur.sha256 === meta.sha256) return { status: 'duplicate', meta: cur };
      return { status: 'conflict', message: `blob ${input.id} exists with other content (blobs are written once)`, current: cur };
    }
    const seq = await appendFeed(q, ctx, 'blob', meta.id, meta);
    await notifyFeed(q, ctx.site, seq);
    return { status: 'applied', seq, meta };
  });
  if (out.status !== 'applied') await store.delete(obj.ref);
  return out;
}
