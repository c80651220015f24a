// Content-Security-Policy for the console renderer. Pure (no 'electron' import) so it is unit-tested.
// main.ts builds it per response with appCsp(the allowed robot and hub origins) for the app:// protocol
// that serves dist/ and for every other response (session.webRequest.onHeadersReceived).
//
// connect-src names only the robots and hub the person configured. Robots added at run time still get
// through without a reload because each robot's WebSocket lives in its own dedicated Web Worker, and a
// worker loaded from a URL runs under the CSP of its own script response, not the page's (CSP3
// "initialize a global object's CSP list"; Chromium does this for classic and module workers alike:
// test/electron/workerCsp.test.ts checks it in Chromium). The worker script is fetched when the link is
// opened, after the renderer has registered the robot, so its response carries the updated list.

export type CspDirectives = Record<string, readonly string[]>;

/**
 * The policy, directive by directive:
 * - Scripts only from the app itself: no remote scripts, no inline scripts, no eval. (cbor-x probes
 *   `new Function` and falls back to its interpreter when CSP forbids it.)
 * - connect-src is 'self' here; appCsp() adds the allowed robot and hub origins.
 * - img-src data:/blob: for decoded camera frames and textures; worker-src blob: for workers three/Vite may
 *   create from blobs.
 * - style-src needs 'unsafe-inline' because React renders `style={{...}}` props as inline style attributes
 *   (and three/r3f set element styles); styles cannot execute script, so this does not weaken script-src.
 */
export const CSP_DIRECTIVES: CspDirectives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'media-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'child-src': ["'self'", 'blob:'],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** Serialises directives to a header value: "default-src 'self'; script-src 'self'; ...". */
export function buildCsp(overrides: Partial<CspDirectives> = {}): string {
  const merged: Record<string, readonly string[]> = { ...CSP_DIRECTIVES };
  for (const [name, sources] of Object.entries(overrides)) {
    if (sources) merged[name] = sources;
  }
  for (const [name, sources] of Object.entries(merged)) {
    if (!/^[a-z-]+$/.test(name)) throw new Error(`invalid CSP directive name "${name}"`);
    for (const s of sources) {
      if (/[;,\s]/.test(s) || s.length === 0) throw new Error(`invalid CSP source "${s}" in ${name}`);
    }
  }
  return Object.entries(merged)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/** The policy with no robot or hub allowed yet. */
export const CONTENT_SECURITY_POLICY = buildCsp();

/**
 * The preparation workers' scripts (src/app/prep.worker.ts, src/scene/prep.worker.ts, built as
 * assets/prep.worker-<hash>.js) compile one WebAssembly module: meshoptimizer's simplifier, for big URDF meshes'
 * coarse twins (src/scene/meshSimplify.ts). Their responses, and only theirs, add 'wasm-unsafe-eval' to
 * script-src: it allows compiling WebAssembly, not eval of JavaScript; the page and every other worker stay
 * without it.
 */
export function isPrepWorkerScript(url: string): boolean {
  let path: string;
  try {
    path = new URL(url, 'app://console/').pathname;
  } catch {
    return false;
  }
  return /^\/(?:[^/]+\/)*assets\/prep\.worker-[A-Za-z0-9_-]+\.js$/.test(path);
}

const WASM_SCRIPTS = { 'script-src': ["'self'", "'wasm-unsafe-eval'"] };

/**
 * The app's policy with connect-src limited to these origins (scheme://host[:port], from ConnectAllowlist);
 * `wasm` for a preparation worker's script (isPrepWorkerScript).
 */
export function appCsp(connectOrigins: readonly string[], opts: { wasm?: boolean } = {}): string {
  return buildCsp({ 'connect-src': ["'self'", ...connectOrigins], ...(opts.wasm ? WASM_SCRIPTS : {}) });
}

/**
 * The browser fallback of `npm start` (and the e2e suite) has no main process to register robots added in
 * the page, so it allows WebSockets to any host, plus the hub's http(s) origin when one was given.
 */
export function browserFallbackCsp(hubOrigins: readonly string[] = [], opts: { wasm?: boolean } = {}): string {
  const extra = hubOrigins.filter((o) => o.startsWith('http'));
  return buildCsp({ 'connect-src': ["'self'", 'ws:', 'wss:', ...extra], ...(opts.wasm ? WASM_SCRIPTS : {}) });
}

/**
 * Adds the CSP header to a response-header map as delivered by Electron's onHeadersReceived
 * (header names in any case, values as string arrays). Any existing CSP header is replaced.
 */
export function withCspHeader(headers: Record<string, string[] | string> | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}
