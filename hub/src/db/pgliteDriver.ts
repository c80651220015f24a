// PGlite: PostgreSQL compiled to WebAssembly, in this process, on a data folder (or in memory). It has one
// connection, so its transactions run one at a time; LISTEN/NOTIFY works within the process.
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult } from './types';

const parsers = { [pgliteTypes.INT8]: (v: string) => Number(v), [pgliteTypes.NUMERIC]: (v: string) => Number(v) };

function wrap(c: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<R>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
      const r = await c.query<R>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await c.exec(sql);
    },
  };
}

/** `dataDir` undefined: in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Db> {
  const pg = await PGlite.create(dataDir, { parsers });
  const q = wrap(pg);
  return {
    kind: 'pglite',
    query: q.query,
    exec: q.exec,
    tx: (fn) => pg.transaction((t) => fn(wrap(t))),
    async listen(channel, onNotify) {
      // In-process: nothing to lose, so no reconnect.
      const unlisten = await pg.listen(channel, onNotify);
      return async () => {
        await unlisten();
      };
    },
    async close() {
      await pg.close();
    },
  };
}
