// A throwaway PostgreSQL server for the tests: initdb + pg_ctl on a temporary folder and a free loopback
// port, stopped and removed afterwards. Uses the server binaries of Debian's `postgresql` package (or any
// on PATH / in PG_BIN). As root, the server runs as the `postgres` user (initdb refuses root).
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export function findPgBin(): string | undefined {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    for (const v of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, v, 'bin'));
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) if (dir) candidates.push(dir);
  return candidates.find((d) => existsSync(path.join(d, 'initdb')) && existsSync(path.join(d, 'pg_ctl')));
}

/** Why the real-PostgreSQL tests cannot run here, or undefined when they can. */
export function pgUnavailableReason(): string | undefined {
  if (!findPgBin()) return 'no initdb/pg_ctl found (apt-get install postgresql, or set PG_BIN)';
  if (process.getuid?.() === 0 && postgresUser() === undefined)
    return 'running as root and there is no "postgres" user to run the server as';
  return undefined;
}

function postgresUser(): { uid: number; gid: number } | undefined {
  try {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('postgres:'));
    if (!line) return undefined;
    const f = line.split(':');
    return { uid: Number(f[2]), gid: Number(f[3]) };
  } catch {
    return undefined;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface PgServer {
  port: number;
  /** URL of a database (created on demand by createDatabase). */
  url(db: string): string;
  createDatabase(name: string): Promise<string>;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  /** Stops and removes the folder. */
  destroy(): void;
}

export async function startPgServer(): Promise<PgServer> {
  const bin = findPgBin();
  if (!bin) throw new Error('no PostgreSQL binaries');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hub-pg-'));
  const asUser = process.getuid?.() === 0 ? postgresUser() : undefined;
  if (asUser) chownSync(dir, asUser.uid, asUser.gid);
  const data = path.join(dir, 'data');
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(path.join(bin, cmd), args, {
      encoding: 'utf8',
      ...(asUser ? { uid: asUser.uid, gid: asUser.gid } : {}),
      timeout: 60_000,
    });
    if (r.status !== 0)
      throw new Error(
        `${cmd} failed (${r.status}): ${r.stderr || r.stdout}${existsSync(path.join(dir, 'log')) ? `\n${readFileSync(path.join(dir, 'log'), 'utf8').slice(-2000)}` : ''}`,
      );
  };
  run('initdb', ['-D', data, '-U', 'hub', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  // fsync off: the tests exercise restarts of the server process, not power loss; it saves seconds.
  const opts = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c max_connections=200`;
  const start = () => run('pg_ctl', ['-D', data, '-o', opts, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start']);
  const stop = (mode: 'fast' | 'immediate' = 'fast') => run('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);
  start();
  let running = true;
  const server: PgServer = {
    port,
    url: (db) => `postgres://hub@127.0.0.1:${port}/${db}`,
    async createDatabase(name) {
      const psql = path.join(bin, 'psql');
      if (existsSync(psql)) {
        execFileSync(psql, ['-h', '127.0.0.1', '-p', String(port), '-U', 'hub', '-d', 'postgres', '-qc', `create database ${name}`], {
          stdio: 'pipe',
        });
      } else {
        const pg = (await import('pg')).default;
        const c = new pg.Client({ connectionString: server.url('postgres') });
        await c.connect();
        await c.query(`create database ${name}`);
        await c.end();
      }
      return server.url(name);
    },
    stop(mode) {
      stop(mode);
      running = false;
    },
    start() {
      start();
      running = true;
    },
    destroy() {
      try {
        if (running) stop('immediate');
      } finally {
        running = false;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return server;
}
