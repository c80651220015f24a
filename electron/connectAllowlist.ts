// The robots and hub this console may talk to. Pure (no 'electron' import). main.ts seeds it from the
// launch arguments and grows it when the renderer asks to open a link (IPC allowConnection); it feeds
// connect-src of the CSP on every app:// response, and the session's request filter that cancels any
// ws/wss/http/https request to an origin not in it.
//
// Why the renderer can grow it: robots a person adds in the UI, or that the console remembers from an
// earlier run, live in the renderer's localStorage; the renderer registers each one before it opens its
// link. A page that runs someone else's script could register a host too, but only within MAX_ALLOWED_ORIGINS,
// never an IPv6 literal or a URL with credentials, and every addition is logged. What this closes is the
// quiet path: a URL that arrives in robot data (a mesh path, a marker's resource, a link in a message) and
// makes some loader fetch it.
import { validateHubUrl, validateMeshUrl, validateRobotUrl, type UrlCheck } from './argv';

export type ConnectKind = 'robot' | 'hub' | 'mesh';
export const CONNECT_KINDS: readonly ConnectKind[] = ['robot', 'hub', 'mesh'];

/** Robots are ws(s), hubs http(s) or ws(s), mesh sources (URDF mesh files from the site profile) http(s). */
const VALIDATE: Record<ConnectKind, (raw: unknown) => UrlCheck> = { robot: validateRobotUrl, hub: validateHubUrl, mesh: validateMeshUrl };

/** Distinct origins one run can allow (64 robots at a time, with room for addresses edited during a shift). */
export const MAX_ALLOWED_ORIGINS = 256;

export type AllowResult = { ok: true; url: string; origins: string[]; added: boolean } | { ok: false; error: string };

// CSP3 host-part: labels of letters, digits and '-' joined by dots. Chromium drops any other source
// (an IPv6 literal "[::1]", "robot_1", a trailing dot) as invalid, which would block the robot silently.
const CSP_HOST = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/;

/** Why a host cannot be named in a CSP source expression, or null if it can. */
export function cspHostProblem(hostname: string): string | null {
  if (hostname.startsWith('[')) {
    return `IPv6 addresses (${hostname}) cannot be allowed by the console's Content-Security-Policy; give the robot a host name (DNS or /etc/hosts)`;
  }
  if (!CSP_HOST.test(hostname)) {
    return `the host name "${hostname}" has characters a Content-Security-Policy cannot name (letters, digits, "-" and "." only)`;
  }
  return null;
}

const PAIRED_SCHEME: Record<string, string> = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'http:', 'wss:': 'https:' };

/** The origins (scheme://host[:port], as CSP source expressions) a validated URL of this kind needs. */
export function originsFor(kind: ConnectKind, url: URL): string[] {
  const own = `${url.protocol}//${url.host}`;
  if (kind !== 'hub') return [own];
  // A hub serves its API over http(s) and its live feed over ws(s) on the same host and port.
  const pair = `${PAIRED_SCHEME[url.protocol]}//${url.host}`;
  return url.protocol.startsWith('http') ? [own, pair] : [pair, own];
}

/** scheme://host[:port] of any URL (default ports omitted, as URL.host does), or null if it is not a URL. */
export function originOf(rawUrl: string): string | null {
  try {
    const u = new URL(rawUrl);
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

export class ConnectAllowlist {
  private readonly origins = new Set<string>();

  constructor(private readonly maxOrigins = MAX_ALLOWED_ORIGINS) {}

  /** Validates a robot or hub URL and allows its origins. Bad input or a full list is refused with a reason. */
  allow(kind: unknown, rawUrl: unknown): AllowResult {
    if (typeof kind !== 'string' || !(CONNECT_KINDS as readonly string[]).includes(kind)) {
      return { ok: false, error: `connection kind must be one of ${CONNECT_KINDS.join(', ')}` };
    }
    const check = VALIDATE[kind as ConnectKind](rawUrl);
    if (!check.ok) return check;
    const url = new URL(check.url);
    const problem = cspHostProblem(url.hostname);
    if (problem) return { ok: false, error: problem };
    const origins = originsFor(kind as ConnectKind, url);
    const fresh = origins.filter((o) => !this.origins.has(o));
    if (this.origins.size + fresh.length > this.maxOrigins) {
      return {
        ok: false,
        error: `the console already allows ${this.origins.size} robot and hub addresses this run (limit ${this.maxOrigins}); restart it to start a fresh list`,
      };
    }
    for (const o of fresh) this.origins.add(o);
    return { ok: true, url: check.url, origins, added: fresh.length > 0 };
  }

  /** Whether a request to this URL goes to an allowed origin. */
  allows(rawUrl: string): boolean {
    const origin = originOf(rawUrl);
    return origin !== null && this.origins.has(origin);
  }

  /** The allowed origins in the order they were added, for connect-src. */
  sources(): string[] {
    return [...this.origins];
  }

  get size(): number {
    return this.origins.size;
  }
}
