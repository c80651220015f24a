// Content-Security-Policy for the console renderer. Pure (no 'electron' import) so it is unit-tested.
// main.ts applies it to every response (session.webRequest.onHeadersReceived) and to the app:// protocol
// responses that serve dist/.

export type CspDirectives = Record<string, readonly string[]>;

/**
 * The policy, directive by directive:
 * - Scripts only from the app itself: no remote scripts, no inline scripts, no eval. (cbor-x probes
 *   `new Function` and falls back to its interpreter when CSP forbids it.)
 * - connect-src allows ws:/wss: because the console talks to robots' rosbridge servers at arbitrary hosts.
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
  'connect-src': ["'self'", 'ws:', 'wss:'],
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

/** The policy string used by the app. */
export const CONTENT_SECURITY_POLICY = buildCsp();

/**
 * Adds the CSP header to a response-header map as delivered by Electron's onHeadersReceived
 * (header names in any case, values as string arrays). Any existing CSP header is replaced.
 */
export function withCspHeader(
  headers: Record<string, string[] | string> | undefined,
  csp: string = CONTENT_SECURITY_POLICY,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}
