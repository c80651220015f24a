import { openPglite } from './pgliteDriver';
import { openPostgres } from './pgDriver';
import type { Db } from './types';
import { migrate } from './migrate';

export interface OpenDbOptions {
  /** postgres://… ; without it the hub runs on PGlite in `dataDir`. */
  databaseUrl?: string;
  /** PGlite data folder; undefined means in memory. */
  dataDir?: string;
  log?: (msg: string) => void;
}

/** Opens the database the options name and brings its schema up to date. */
export async function openDb(opts: OpenDbOptions): Promise<Db> {
  const db = opts.databaseUrl ? await openPostgres({ url: opts.databaseUrl, log: opts.log }) : await openPglite(opts.dataDir);
  try {
    const applied = await migrate(db);
    if (applied.length) opts.log?.(`database schema: applied ${applied.join(', ')}`);
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  return db;
}
