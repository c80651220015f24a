// One small interface over the two engines the hub runs on: a PostgreSQL server (through `pg`) and PGlite
// (PostgreSQL in WebAssembly, in-process). The SQL is the same on both; only connecting, transactions and
// LISTEN differ, and those live behind this interface.

export interface QueryResult<R> {
  rows: R[];
  rowCount: number;
}

export interface Queryable {
  /** Parameterised query ($1, $2, …). bigint columns come back as numbers (the hub keeps them below 2^53). */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'postgres' | 'pglite';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * LISTEN on `channel`. `onReconnect` is called after the listening connection was lost and re-established,
   * since notifications sent in between are gone and the caller has to look for what it missed.
   */
  listen(channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A database error that means "try again later" (server restarting, connection lost), not bad input. */
export function isTransientDbError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  const code = typeof e?.code === 'string' ? e.code : '';
  // 08: connection exception, 57P: operator intervention (admin shutdown, crash shutdown, cannot connect now),
  // 53: insufficient resources, 40001/40P01: serialization failure / deadlock.
  if (/^(08|57P|53)/.test(code) || code === '40001' || code === '40P01') return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code)) return true;
  const msg = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|connection is closed|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down)/i.test(
    msg,
  );
}
