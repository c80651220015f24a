// A hub on a given database, on a free loopback port, with one user of each role.
import WebSocket from 'ws';
import { ROLES, type Role } from '../../../src/contracts/records';
import { createUser } from '../../../hub/src/auth/users';
import { defaultConfig, type HubConfig } from '../../../hub/src/config';
import type { Db } from '../../../hub/src/db/types';
import { startHub, type Hub } from '../../../hub/src/server';
import type { WebSocketCtor } from '../../../src/sync';

/** Cheap scrypt for tests (the default parameters are tested on their own). */
export const TEST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };
export const SITE = 'plant-1';
export const PASSWORD = 'correct horse battery';
export const NodeWebSocket = WebSocket as unknown as WebSocketCtor;

export interface TestHub {
  hub: Hub;
  url: string;
  db: Db;
  login(role: Role): Promise<string>;
  call(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; raw?: string | Uint8Array; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startTestHub(db: Db, overrides: Partial<HubConfig> = {}): Promise<TestHub> {
  const config = defaultConfig({ port: 0, site: SITE, scrypt: TEST_SCRYPT, log: () => {}, livePollMs: 1000, ...overrides });
  for (const role of ROLES) {
    await createUser(db, { username: role, password: PASSWORD, role }, config.site, config.scrypt, config.now()).catch(() => {});
  }
  const hub = await startHub(config, db);
  const call: TestHub['call'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | Uint8Array | undefined = opts.raw;
    if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(opts.body);
    }
    const res = await fetch(`${hub.url}${path}`, { method, headers, body: body as BodyInit | undefined });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (a blob)
    }
    return { status: res.status, body: parsed };
  };
  const tokens = new Map<Role, string>();
  return {
    hub,
    url: hub.url,
    db,
    call,
    async login(role) {
      const cached = tokens.get(role);
      if (cached) return cached;
      const r = await call('POST', '/api/auth/login', { body: { username: role, password: PASSWORD } });
      if (r.status !== 200) throw new Error(`login ${role}: ${r.status} ${JSON.stringify(r.body)}`);
      tokens.set(role, r.body.token);
      return r.body.token as string;
    },
    close: () => hub.close(),
  };
}
