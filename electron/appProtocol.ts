// The app:// protocol that serves the built renderer (dist/) to the Electron window. Using a standard,
// secure custom scheme instead of file:// gives the page a real origin ("app://console"), so 'self' in
// the CSP, ES-module workers and fetch() of bundled assets behave as they do over http in Chromium.
// Marking the scheme `secure` makes the page a secure context (crypto.subtle, randomUUID) without
// mixed-content blocking of ws:// robots: Chromium restricts mixed content only for https origins
// (blink SchemeRegistry::ShouldTreatURLSchemeAsRestrictingMixedContent returns scheme == "https").
// Pure: Node's path only, no 'electron' import.
import * as path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'console';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.glb': 'model/gltf-binary',
  '.gltf': 'model/gltf+json',
  '.stl': 'model/stl',
  '.dae': 'model/vnd.collada+xml',
  '.urdf': 'application/xml',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeTypeFor(filePath: string): string {
  return MIME[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps an app:// request URL to a file inside `distDir`, or null when the URL is not ours or escapes
 * distDir (path traversal, encoded separators). "/" maps to index.html.
 */
export function resolveAppFile(requestUrl: string, distDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '' || pathname.endsWith('/')) pathname += 'index.html';
  const root = path.resolve(distDir);
  const file = path.resolve(root, '.' + path.posix.normalize('/' + pathname));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}
