// The hub: Fastify over HTTP(S) with a WebSocket route, on PostgreSQL or PGlite.
import { readFileSync } from 'node:fs';
import cors from '@fastify/cors';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { pgObjectStore } from './blobs/pgObjectStore';
import type { HubConfig } from './config';
import type { HubContext } from './context';
import { openDb } from './db/open';
import { isTransientDbError, type Db } from './db/types';
import { Fanout } from './live/fanout';
import { authRoutes } from './routes/auth';
import { blobRoutes } from './routes/blobs';
import { HttpError } from './routes/http';
import { leaseRoutes } from './routes/leases';
import { liveRoutes } from './routes/live';
import { recordRoutes } from './routes/records';
import { siteRoutes } from './routes/site';

export interface Hub {
  app: FastifyInstance;
  ctx: HubContext;
  /** http(s)://host:port */
  url: string;
  close(): Promise<void>;
}

function errorBody(err: FastifyError | HttpError | Error): { status: number; body: Record<string, unknown>; retryAfter?: number } {
  if (err instanceof HttpError) return { status: err.status, body: { error: err.error, message: err.message, ...err.extra } };
  const code = (err as FastifyError).code;
  const status = (err as FastifyError).statusCode;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return { status: 413, body: { error: 'too-large', message: 'the request body is larger than the hub accepts' } };
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { status: 415, body: { error: 'unsupported-type', message: err.message } };
  if (
    code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    (err instanceof SyntaxError && status === 400)
  ) {
    return { status: 400, body: { error: 'invalid', message: `the body is not valid JSON: ${err.message}` } };
  }
  if (isTransientDbError(err))
    return { status: 503, body: { error: 'unavailable', message: 'the database is not reachable right now; try again' }, retryAfter: 1 };
  if (typeof status === 'number' && status >= 400 && status < 500) return { status, body: { error: 'bad-request', message: err.message } };
  return { status: 500, body: { error: 'internal', message: 'the hub failed to answer; nothing was changed by this request' } };
}

export async function buildApp(ctx: HubContext): Promise<FastifyInstance> {
  const { config } = ctx;
  const https = config.tls ? { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } : null;
  // forceCloseConnections: stopping the hub must not wait for a client that stalls mid-upload.
  const base = { bodyLimit: config.bodyLimit, forceCloseConnections: true };
  const app = (https ? Fastify({ ...base, https }) : Fastify(base)) as unknown as FastifyInstance;
  app.setErrorHandler((err: FastifyError, req, res) => {
    const e = errorBody(err);
    if (e.status >= 500) config.log(`${req.method} ${req.url}: ${err.stack ?? err.message}`);
    if (e.retryAfter) res.header('retry-after', String(e.retryAfter));
    // Refused before its body was read (too large, not signed in): close rather than read the rest.
    if (!req.raw.complete) res.header('connection', 'close');
    return res.code(e.status).send(e.body);
  });
  app.setNotFoundHandler((req, res) =>
    res.code(404).send({ error: 'not-found', message: `no route ${req.method} ${req.url.split('?')[0]}` }),
  );
  // Consoles run in a browser or Electron page on another origin. Any origin may call: the hub trusts only
  // the bearer token a console sends itself, never a cookie a browser would attach on its own.
  await app.register(cors, {
    origin: true,
    methods: ['GET', 'POST', 'PUT'],
    allowedHeaders: ['authorization', 'content-type'],
    exposedHeaders: ['x-content-sha256', 'retry-after'],
    maxAge: 600,
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  authRoutes(app, ctx);
  recordRoutes(app, ctx);
  blobRoutes(app, ctx);
  leaseRoutes(app, ctx);
  siteRoutes(app, ctx);
  liveRoutes(app, ctx);
  return app;
}

/** Opens the database (unless one is given), migrates it, and listens. */
export async function startHub(config: HubConfig, given?: Db): Promise<Hub> {
  const db = given ?? (await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, log: config.log }));
  const fanout = new Fanout(db, { pollMs: config.livePollMs, log: config.log });
  await fanout.start();
  const store = pgObjectStore(db, config.now);
  const ctx: HubContext = { db, config, fanout, store };
  // Uploads a killed hub left behind; an hour's margin so a slow upload still running elsewhere is kept.
  const swept = await store.sweep(config.now() - 3_600_000);
  if (swept) config.log(`removed ${swept} unfinished blob uploads`);
  const app = await buildApp(ctx);
  await app.listen({ host: config.host, port: config.port });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `${config.tls ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    app,
    ctx,
    url,
    close() {
      closing ??= (async () => {
        await fanout.close();
        await app.close();
        if (!given) await db.close();
      })();
      return closing;
    },
  };
}
