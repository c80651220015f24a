// Command-line parsing shared by the Electron main process and the `npm start` launcher.
// Pure: no imports from 'electron' or Node, so it also runs in the renderer (for ?robot= params) and in vitest.

export const MAX_ROBOT_URL_LENGTH = 2048;
export const MAX_ROBOTS = 64;
/** The switch that turns DevTools on in a packaged build, for a support session. */
export const SUPPORT_DEVTOOLS_FLAG = '--support-devtools';

export type UrlCheck = { ok: true; url: string } | { ok: false; error: string };

/** Accepts only ws:// and wss:// URLs with a host and no credentials. Returns the normalised URL. */
export function validateRobotUrl(raw: unknown): UrlCheck {
  return validateEndpointUrl('robot', raw, ['ws:', 'wss:'], 'ws://10.0.0.5:9090');
}

/** The site hub: http(s) for its API, ws(s) for its live feed; either spelling names the same server. */
/** A mesh source (site profile `meshSource`): an http(s) base URL under which URDF mesh files are fetched. */
export function validateMeshUrl(raw: unknown): UrlCheck {
  return validateEndpointUrl('mesh source', raw, ['http:', 'https:'], 'https://files.site.example/meshes');
}

export function validateHubUrl(raw: unknown): UrlCheck {
  return validateEndpointUrl('hub', raw, ['http:', 'https:', 'ws:', 'wss:'], 'https://hub.site.example:8443');
}

function validateEndpointUrl(what: string, raw: unknown, schemes: readonly string[], example: string): UrlCheck {
  if (typeof raw !== 'string') return { ok: false, error: `${what} URL must be a string` };
  const text = raw.trim();
  if (text.length === 0) return { ok: false, error: `${what} URL is empty` };
  if (text.length > MAX_ROBOT_URL_LENGTH) {
    return { ok: false, error: `${what} URL is longer than ${MAX_ROBOT_URL_LENGTH} characters` };
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, error: `not a URL: "${text}" (expected e.g. ${example})` };
  }
  if (!schemes.includes(url.protocol)) {
    const allowed = schemes.length === 2 ? `only ${schemes[0]} and ${schemes[1]} are allowed` : `allowed: ${schemes.join(' ')}`;
    return { ok: false, error: `unsupported scheme "${url.protocol}" in "${text}" (${allowed})` };
  }
  if (!url.hostname) return { ok: false, error: `no host in "${text}"` };
  if (url.username || url.password) {
    return { ok: false, error: `credentials are not allowed in ${what} URLs ("${url.host}")` };
  }
  if (url.hash) return { ok: false, error: `fragments are not allowed in ${what} URLs ("${text}")` };
  // URL normalises e.g. "ws://HOST:9090" to "ws://host:9090/"; drop the bare trailing slash people don't type.
  const normalised = url.pathname === '/' && !url.search ? url.href.slice(0, -1) : url.href;
  return { ok: true, url: normalised };
}

export interface LaunchArgs {
  /** Valid robot URLs, de-duplicated, in the order given. */
  robots: string[];
  /** --hub URL: the site hub this console syncs with (http(s) or ws(s)). */
  hub?: string;
  /** --port N (launcher: preferred HTTP port for the browser fallback). */
  port?: number;
  help: boolean;
  /** --support-devtools: DevTools in a packaged build (see windowOptions.ts devToolsPolicy). */
  supportDevTools: boolean;
  /** Human-readable problems (bad URL, missing value, bad port). */
  errors: string[];
  /** Arguments this parser does not know (Chromium switches, the app path, ...). */
  unknown: string[];
}

/**
 * Parses `--robot ws://a --robot=wss://b --port 5173 --help`. Unknown arguments are collected, not rejected,
 * because Electron's argv also carries the executable, the app path and Chromium switches.
 */
export function parseLaunchArgs(argv: readonly string[]): LaunchArgs {
  const out: LaunchArgs = { robots: [], help: false, supportDevTools: false, errors: [], unknown: [] };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith('--') && eq > 0 ? arg.slice(eq + 1) : undefined;
    const takeValue = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) return undefined;
      i++;
      return next;
    };
    switch (name) {
      case '--robot': {
        const value = takeValue();
        if (value === undefined) {
          out.errors.push('--robot needs a URL, e.g. --robot ws://10.0.0.5:9090');
          break;
        }
        const check = validateRobotUrl(value);
        if (!check.ok) out.errors.push(`--robot: ${check.error}`);
        else if (seen.has(check.url)) break;
        else if (out.robots.length >= MAX_ROBOTS) out.errors.push(`--robot: at most ${MAX_ROBOTS} robots`);
        else {
          seen.add(check.url);
          out.robots.push(check.url);
        }
        break;
      }
      case '--hub': {
        const value = takeValue();
        if (value === undefined) {
          out.errors.push('--hub needs a URL, e.g. --hub https://hub.site.example:8443');
          break;
        }
        const check = validateHubUrl(value);
        if (!check.ok) out.errors.push(`--hub: ${check.error}`);
        else if (out.hub !== undefined && out.hub !== check.url) out.errors.push('--hub: a console syncs with one hub; give --hub once');
        else out.hub = check.url;
        break;
      }
      case '--port': {
        const value = takeValue();
        const port = value !== undefined && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
        if (!Number.isInteger(port) || port < 1 || port > 65535) {
          out.errors.push(`--port needs a number between 1 and 65535 (got ${value === undefined ? 'nothing' : `"${value}"`})`);
        } else out.port = port;
        break;
      }
      case SUPPORT_DEVTOOLS_FLAG:
        out.supportDevTools = true;
        break;
      case '--help':
      case '-h':
        out.help = true;
        break;
      default:
        out.unknown.push(arg);
    }
  }
  return out;
}

/** Robots from a page query string (`?robot=ws://a&robot=ws://b`), validated the same way as --robot. */
export function robotsFromQuery(search: string): string[] {
  const robots: string[] = [];
  for (const value of new URLSearchParams(search).getAll('robot')) {
    const check = validateRobotUrl(value);
    if (check.ok && !robots.includes(check.url) && robots.length < MAX_ROBOTS) robots.push(check.url);
  }
  return robots;
}

/** The hub from a page query string (`?hub=https://...`), validated the same way as --hub; null when absent or bad. */
export function hubFromQuery(search: string): string | null {
  const value = new URLSearchParams(search).get('hub');
  if (value === null) return null;
  const check = validateHubUrl(value);
  return check.ok ? check.url : null;
}

// Keep ':' and '/' readable; URLSearchParams would escape them all, which still works but is hard to read.
const queryValue = (v: string): string => encodeURIComponent(v).replace(/%3A/gi, ':').replace(/%2F/gi, '/');

/** Builds the query string the browser fallback is opened with: "?robot=ws://...&robot=ws://...&hub=https://...". */
export function robotsToQuery(robots: readonly string[], hub?: string): string {
  const parts = robots.map((r) => 'robot=' + queryValue(r));
  if (hub) parts.push('hub=' + queryValue(hub));
  return parts.length === 0 ? '' : '?' + parts.join('&');
}
