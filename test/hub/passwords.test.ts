import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, hashPassword, verifyPassword } from '../../hub/src/auth/passwords';
import { loadMigrations } from '../../hub/src/db/migrate';
import { configFromEnv } from '../../hub/src/config';

describe('hub passwords and settings', () => {
  it('hashes with scrypt at the default cost, salted, and verifies only the right password', async () => {
    const a = await hashPassword('hunter2 hunter2');
    const b = await hashPassword('hunter2 hunter2');
    expect(a).not.toBe(b);
    expect(a.split('$').slice(0, 4)).toEqual(['scrypt', String(DEFAULT_SCRYPT.N), '8', '1']);
    expect(DEFAULT_SCRYPT.N * DEFAULT_SCRYPT.r * 128).toBeGreaterThanOrEqual(32 * 1024 * 1024);
    expect(await verifyPassword('hunter2 hunter2', a)).toBe(true);
    expect(await verifyPassword('hunter2 hunter3', a)).toBe(false);
    expect(await verifyPassword('hunter2 hunter2', 'md5$abc')).toBe(false);
    expect(await verifyPassword('x', `scrypt$${2 ** 30}$8$1$AAAA$AAAA`)).toBe(false);
  });

  it('numbers its migrations without gaps in order', () => {
    const m = loadMigrations();
    expect(m.map((x) => x.version)).toEqual(m.map((_, i) => i + 1));
  });

  it('reads PostgreSQL or PGlite, and TLS only with both files, from the environment', () => {
    expect(configFromEnv({}).dataDir).toBe('hub-data');
    expect(configFromEnv({ DATABASE_URL: 'postgres://h/db' })).toMatchObject({ databaseUrl: 'postgres://h/db', dataDir: undefined });
    expect(() => configFromEnv({ HUB_TLS_CERT: 'c.pem' })).toThrow(/both/);
    expect(configFromEnv({ HUB_TLS_CERT: 'c.pem', HUB_TLS_KEY: 'k.pem' }).tls).toEqual({ certFile: 'c.pem', keyFile: 'k.pem' });
    expect(() => configFromEnv({ HUB_PORT: 'eighty' })).toThrow(/HUB_PORT/);
  });
});
