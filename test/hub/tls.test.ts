import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../hub/src/db/pgliteDriver';
import { migrate } from '../../hub/src/db/migrate';
import { startTestHub, type TestHub } from './support/testHub';

const fixtures = path.join(import.meta.dirname, 'fixtures');

function get(url: string, ca?: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (res) => {
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('hub over TLS', () => {
  let t: TestHub | undefined;
  afterAll(() => t?.close(), 30_000);

  it('serves HTTPS with the given certificate and key', { timeout: 60_000 }, async () => {
    const db = await openPglite();
    await migrate(db);
    t = await startTestHub(db, { tls: { certFile: path.join(fixtures, 'tls-cert.pem'), keyFile: path.join(fixtures, 'tls-key.pem') } });
    expect(t.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ok = await get(`${t.url}/api/health`, readFileSync(path.join(fixtures, 'tls-cert.pem')));
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ ok: true, database: 'pglite' });
    await expect(get(`${t.url}/api/health`)).rejects.toThrow(/self.signed|certificate/i);
  });
});
