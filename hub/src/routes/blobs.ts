import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BLOB_MIMES, recordIdSchema, type BlobMeta } from '../../../src/contracts';
import { getBlobMeta, putBlob } from '../blobs/blobs';
import { TooLargeError } from '../blobs/objectStore';
import type { HubContext } from '../context';
import { HttpError, parseBody, signedIn } from './http';

const putQuery = z.object({ consoleId: recordIdSchema.default('unknown'), incidentId: recordIdSchema.optional() });

function blobId(params: unknown): string {
  return parseBody(recordIdSchema, (params as { '*': string })['*'], 'the blob id');
}

export function blobRoutes(app: FastifyInstance, ctx: HubContext): void {
  const { db, config, store } = ctx;
  // Blob bodies are not parsed: the route reads the request stream itself, chunk by chunk, up to the limit.
  app.addContentTypeParser([...BLOB_MIMES], { bodyLimit: config.blobLimit }, (_req, payload, done) => done(null, payload));

  app.put('/api/blobs/*', { bodyLimit: config.blobLimit }, async (req, res) => {
    const s = await signedIn(ctx, req, 'blob.write', 'store blobs');
    const id = blobId(req.params);
    const q = parseBody(putQuery, req.query, 'the blob query');
    const mime = (req.headers['content-type'] ?? '').split(';')[0]!.trim() as BlobMeta['mime'];
    if (!BLOB_MIMES.includes(mime)) throw new HttpError(415, 'unsupported-type', `blobs are ${BLOB_MIMES.join(', ')}`);
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > config.blobLimit)
      throw new HttpError(413, 'too-large', `the blob is ${declared} bytes; the limit is ${config.blobLimit}`);
    const ctxw = { site: s.user.site, username: s.user.username, consoleId: q.consoleId, now: config.now() };
    try {
      const out = await putBlob(
        db,
        store,
        ctxw,
        { id, mime, ...(q.incidentId ? { incidentId: q.incidentId } : {}) },
        req.body as AsyncIterable<Uint8Array>,
        config.blobLimit,
      );
      if (out.status === 'conflict') return res.code(409).send({ error: 'conflict', message: out.message, current: out.current });
      return res.code(out.status === 'applied' ? 201 : 200).send({ status: out.status, blob: out.meta });
    } catch (err) {
      if (err instanceof TooLargeError) throw new HttpError(413, 'too-large', err.message);
      throw err;
    }
  });

  app.get('/api/blobs/*', async (req, res) => {
    const s = await signedIn(ctx, req, 'read', 'read blobs');
    const id = blobId(req.params);
    const meta = await getBlobMeta(db, s.user.site, id);
    if (!meta) throw new HttpError(404, 'not-found', `no blob ${id}`);
    res.header('content-type', meta.mime).header('content-length', String(meta.size)).header('x-content-sha256', meta.sha256);
    return res.send(Readable.from(store.get(meta.ref)));
  });
}
