// The admin command that creates the first user, run as `npm run hub -- create-user …` would run it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../hub/src/auth/passwords';
import { findUser } from '../../hub/src/auth/users';
import { openDb } from '../../hub/src/db/open';
import { backends } from './support/backends';

const ROOT = path.resolve(import.meta.dirname, '../..');
const cli = (args: string[], env: Record<string, string>, input: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'hub/src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    input,
    encoding: 'utf8',
    timeout: 120_000,
  });

describe.each(backends())('hub admin command on $name', (backend) => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('creates the first user from a password on stdin, and refuses a second one with the same name', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hub-cli-'));
    dirs.push(dir);
    const where = await backend.freshLocation(path.join(dir, 'data'));
    const env = { HUB_SITE: 'plant-9', ...(where.databaseUrl ? { DATABASE_URL: where.databaseUrl } : { HUB_DATA_DIR: where.dataDir! }) };
    const first = cli(['create-user', 'ana', '--role', 'admin', '--name', 'Ana Lima'], env, 'a long enough password\n');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/created admin "ana" for site "plant-9" \(the first user\)/);
    const again = cli(['create-user', 'ana', '--role', 'viewer'], env, 'another password\n');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    const weak = cli(['create-user', 'bo', '--role', 'operator'], env, 'short\n');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/at least 8 characters/);
    const db = await openDb(where);
    try {
      const row = await findUser(db, 'ana');
      expect(row).toMatchObject({ role: 'admin', site: 'plant-9', display_name: 'Ana Lima' });
      expect(await verifyPassword('a long enough password', row!.password_hash)).toBe(true);
      expect(await findUser(db, 'bo')).toBeUndefined();
    } finally {
      await db.close();
    }
  });
});
