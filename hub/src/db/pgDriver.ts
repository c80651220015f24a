// PostgreSQL server through `pg`: a pool for queries and one dedicated client for LISTEN that reconnects.
import pg from 'pg';
import type { Db, Queryable, QueryResult } from './types';

const INT8_OID = 20;
const NUMERIC_OID = 1700;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID || oid === NUMERIC_OID
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

function wrap(c: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const r = await c.query(sql, params as unknown[]);
      return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  };
}

export interface PgOptions {
  url: string;
  max?: number;
  log?: (msg: string) => void;
}

/** One transaction on its own client; a client whose connection broke is destroyed, not returned to the pool. */
async function inTransaction<T>(pool: pg.Pool, fn: (q: ReturnType<typeof wrap>) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  const onErr = () => {
    broken = true;
  };
  client.on('error', onErr);
  try {
    await client.query('begin');
    const out = await fn(wrap(client));
    await client.query('commit');
    return out;
  } catch (err) {
    await client.query('rollback').catch(() => {
      broken = true;
    });
    throw err;
  } finally {
    client.off('error', onErr);
    client.release(broken ? true : undefined);
  }
}

/**
 * LISTEN on its own connection (a pooled one would drop notifications when it is recycled), reconnecting with
 * backoff after the server restarts; onReconnect lets the caller catch up on what it may have missed.
 */
async function listenReconnecting(
  opts: PgOptions,
  channel: string,
  onNotify: (payload: string) => void,
  onReconnect: (() => void) | undefined,
): Promise<{ stop: () => Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`bad channel name ${channel}`);
  const log = opts.log ?? (() => {});
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  const connect = async (isReconnect: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString: opts.url, types, connectionTimeoutMillis: 5000 });
    c.on('notification', (m) => {
      if (m.channel === channel) onNotify(m.payload ?? '');
    });
    const lost = (why: string) => {
      if (stopped || client !== c) return;
      client = undefined;
      log(`LISTEN connection lost (${why}); reconnecting`);
      c.end().catch(() => {});
      schedule();
    };
    c.on('error', (e) => lost(e.message));
    c.on('end', () => lost('closed'));
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
    } catch (err) {
      c.end().catch(() => {});
      throw err;
    }
    if (stopped) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    attempt = 0;
    if (isReconnect) onReconnect?.();
  };
  const schedule = () => {
    if (stopped) return;
    const wait = Math.min(5000, 100 * 2 ** attempt++);
    retry = setTimeout(() => {
      connect(true).catch((e: Error) => {
        log(`LISTEN reconnect failed: ${e.message}`);
        schedule();
      });
    }, wait);
  };
  await connect(false);
  return {
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    },
  };
}

export async function openPostgres(opts: PgOptions): Promise<Db> {
  const log = opts.log ?? (() => {});
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    types,
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server (a restart) emits here; without a listener it would end the process.
  pool.on('error', (err) => log(`database connection lost: ${err.message}`));
  await pool.query('select 1');
  const q = wrap(pool);
  const listeners: { stop: () => Promise<void> }[] = [];
  return {
    kind: 'postgres',
    query: q.query,
    exec: q.exec,
    tx: (fn) => inTransaction(pool, fn),
    async listen(channel, onNotify, onReconnect) {
      const handle = await listenReconnecting(opts, channel, onNotify, onReconnect);
      listeners.push(handle);
      return handle.stop;
    },
    async close() {
      await Promise.all(listeners.map((l) => l.stop()));
      await pool.end();
    },
  };
}
