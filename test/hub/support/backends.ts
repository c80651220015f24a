// The two engines every hub scenario runs on: PGlite (always) and a real PostgreSQL server that the test
// file starts itself. Where no PostgreSQL binaries are found the PGlite runs still happen and one loud
// line says the real ones did not.
import { afterAll } from 'vitest';
import { openPglite } from '../../../hub/src/db/pgliteDriver';
import { openPostgres } from '../../../hub/src/db/pgDriver';
import { migrate } from '../../../hub/src/db/migrate';
import type { Db } from '../../../hub/src/db/types';
import { pgUnavailableReason, startPgServer, type PgServer } from './pgServer';

export interface Backend {
  name: 'pglite' | 'postgres';
  /** A fresh, migrated, empty database for one scenario. */
  fresh(): Promise<Db>;
  /** For a hub run as a child process: where a fresh database is (a URL, or a PGlite folder). */
  freshLocation(dir: string): Promise<{ databaseUrl?: string; dataDir?: string }>;
  /** The PostgreSQL server itself (restart scenarios); undefined on PGlite. */
  server(): Promise<PgServer | undefined>;
}

let n = 0;
const unique = () => `hub_${process.pid}_${++n}_${Date.now() % 100000}`;

export function backends(): Backend[] {
  let serverP: Promise<PgServer> | undefined;
  const server = () => (serverP ??= startPgServer());
  const opened: Db[] = [];
  afterAll(async () => {
    await Promise.all(opened.splice(0).map((d) => d.close().catch(() => {})));
    if (serverP) (await serverP).destroy();
  }, 60_000);
  const pglite: Backend = {
    name: 'pglite',
    async fresh() {
      const db = await openPglite();
      await migrate(db);
      opened.push(db);
      return db;
    },
    async freshLocation(dir) {
      return { dataDir: dir };
    },
    server: async () => undefined,
  };
  const postgres: Backend = {
    name: 'postgres',
    async fresh() {
      const url = await (await server()).createDatabase(unique());
      const db = await openPostgres({ url });
      await migrate(db);
      opened.push(db);
      return db;
    },
    async freshLocation() {
      return { databaseUrl: await (await server()).createDatabase(unique()) };
    },
    server,
  };
  const why = pgUnavailableReason();
  if (why) {
    console.warn(`*** real PostgreSQL tests not run: ${why} ***`);
    return [pglite];
  }
  return [pglite, postgres];
}
