// Blob bytes in PostgreSQL, in chunks of 256 KiB, each written by its own statement so an upload never
// holds a transaction (PGlite has one connection; a slow client must not stall everyone else). An object
// becomes visible only when its metadata row points at it, so a half-written upload is never read.
import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../db/types';
import { TooLargeError, type ObjectStore, type StoredObject } from './objectStore';

export const CHUNK_BYTES = 256 * 1024;

export function pgObjectStore(db: Db, now: () => number = Date.now, chunkBytes = CHUNK_BYTES): ObjectStore {
  return {
    async put(source, limit): Promise<StoredObject> {
      const ref = randomUUID();
      await db.query('insert into object_uploads (ref, started_at) values ($1, $2)', [ref, now()]);
      const hash = createHash('sha256');
      let size = 0;
      let n = 0;
      let parts: Uint8Array[] = [];
      let partBytes = 0;
      const flush = async () => {
        if (!partBytes) return;
        const chunk = Buffer.concat(parts, partBytes);
        parts = [];
        partBytes = 0;
        await db.query('insert into object_chunks (ref, n, data) values ($1, $2, $3)', [ref, n++, chunk]);
      };
      try {
        for await (const piece of source) {
          size += piece.byteLength;
          if (size > limit) throw new TooLargeError(limit);
          hash.update(piece);
          parts.push(piece);
          partBytes += piece.byteLength;
          if (partBytes >= chunkBytes) await flush();
        }
        await flush();
        await db.query('update object_uploads set done = true where ref = $1', [ref]);
      } catch (err) {
        await db.query('delete from object_uploads where ref = $1', [ref]).catch(() => {});
        throw err;
      }
      return { ref, size, sha256: hash.digest('hex') };
    },
    async *get(ref) {
      const r = await db.query<{ n: number }>('select n from object_chunks where ref = $1 order by n', [ref]);
      for (const { n } of r.rows) {
        const c = await db.query<{ data: Uint8Array }>('select data from object_chunks where ref = $1 and n = $2', [ref, n]);
        if (c.rows[0]) yield c.rows[0].data;
      }
    },
    async delete(ref) {
      await db.query('delete from object_uploads where ref = $1', [ref]);
    },
    async sweep(before) {
      // Unfinished uploads, and finished ones no blob row points at (the hub stopped between the two writes).
      const r = await db.query(
        'delete from object_uploads u where u.started_at < $1 and not exists (select 1 from blobs b where b.store_ref = u.ref)',
        [before],
      );
      return r.rowCount;
    },
  };
}
