// The hub's settings, from the environment (and the command line, see cli.ts). Every limit has a default
// that suits one site.
import type { ScryptParams } from './auth/passwords';
import { DEFAULT_SCRYPT } from './auth/passwords';
import type { SessionPolicy } from './auth/sessions';

export interface HubConfig {
  host: string;
  port: number;
  site: string;
  /** postgres://… ; without it, PGlite in dataDir. */
  databaseUrl?: string;
  /** PGlite data folder; undefined = in memory (tests only). */
  dataDir?: string;
  tls?: { certFile: string; keyFile: string };
  /** Largest JSON body (a push batch). */
  bodyLimit: number;
  /** Largest blob (an MCAP clip). */
  blobLimit: number;
  session: SessionPolicy;
  scrypt: ScryptParams;
  lease: { defaultTtlMs: number };
  /** Failed sign-ins per user name within loginWindowMs before the hub answers 429. */
  loginFailures: number;
  loginWindowMs: number;
  livePollMs: number;
  now: () => number;
  log: (msg: string) => void;
}

const HOUR = 3_600_000;

export function defaultConfig(overrides: Partial<HubConfig> = {}): HubConfig {
  return {
    host: '127.0.0.1',
    port: 8787,
    site: 'site',
    bodyLimit: 4 * 1024 * 1024,
    blobLimit: 256 * 1024 * 1024,
    // One shift of idle time, at most a day from sign-in.
    session: { idleMs: 12 * HOUR, maxMs: 24 * HOUR },
    scrypt: DEFAULT_SCRYPT,
    lease: { defaultTtlMs: 15_000 },
    loginFailures: 10,
    loginWindowMs: 5 * 60_000,
    livePollMs: 5000,
    now: Date.now,
    log: (msg) => console.log(`[hub] ${msg}`),
    ...overrides,
  };
}

function int(name: string, v: string | undefined, fallback: number): number {
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number (got "${v}")`);
  return n;
}

/** HUB_HOST, HUB_PORT, HUB_SITE, DATABASE_URL, HUB_DATA_DIR, HUB_TLS_CERT + HUB_TLS_KEY, HUB_BLOB_LIMIT_MB. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<HubConfig> = {}): HubConfig {
  const base = defaultConfig();
  const cert = env.HUB_TLS_CERT;
  const key = env.HUB_TLS_KEY;
  if (!!cert !== !!key) throw new Error('TLS needs both HUB_TLS_CERT and HUB_TLS_KEY');
  return defaultConfig({
    host: env.HUB_HOST || base.host,
    port: int('HUB_PORT', env.HUB_PORT, base.port),
    site: env.HUB_SITE || base.site,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.DATABASE_URL ? undefined : env.HUB_DATA_DIR || 'hub-data',
    ...(cert && key ? { tls: { certFile: cert, keyFile: key } } : {}),
    blobLimit: int('HUB_BLOB_LIMIT_MB', env.HUB_BLOB_LIMIT_MB, base.blobLimit / 1024 / 1024) * 1024 * 1024,
    ...overrides,
  });
}
