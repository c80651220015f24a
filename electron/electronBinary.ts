// Locating the Electron executable the way node_modules/electron/index.js does, without require('electron')
// (which throws when the binary was never downloaded). Used by the launcher and the Playwright config.
// Node built-ins only; no 'electron' import.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The executable, or null when node_modules/electron has no downloaded binary (path.txt + dist/). */
export function findElectronBinary(electronPkgDir: string, env: Record<string, string | undefined> = process.env): string | null {
  try {
    const rel = fs.readFileSync(path.join(electronPkgDir, 'path.txt'), 'utf8').trim();
    if (!rel) return null;
    const bin = env.ELECTRON_OVERRIDE_DIST_PATH ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, rel) : path.join(electronPkgDir, 'dist', rel);
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

/** Why Electron cannot be used to show a window here, or null if it can. */
export function electronUnavailableReason(
  electronPkgDir: string,
  env: Record<string, string | undefined> = process.env,
  platform: string = process.platform,
): string | null {
  if (!findElectronBinary(electronPkgDir, env)) {
    return `no Electron binary in ${path.join(electronPkgDir, 'dist')}; "node node_modules/electron/install.js" downloads it`;
  }
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'no display (DISPLAY/WAYLAND_DISPLAY not set)';
  return null;
}
