// Validates the electron-builder configuration in package.json "build": required fields, targets, icon,
// and that the "files" patterns package what `npm run build` produces. The configuration is also checked
// against electron-builder's own JSON schema (the same check `electron-builder` runs before packaging).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode } from 'fast-png';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  main: string;
  productName?: string;
  build: Record<string, any>;
};
const build = pkg.build;

/** electron-builder semantics, simplified: included if some positive pattern matches and no later "!" one does. */
function packaged(file: string, patterns: string[]): boolean {
  let included = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (minimatch(file, p.slice(1), { dot: true })) included = false;
    } else if (minimatch(file, p, { dot: true })) included = true;
  }
  return included;
}

function targetNames(platform: { target?: unknown } | undefined): string[] {
  const t = platform?.target;
  const list = Array.isArray(t) ? t : t === undefined ? [] : [t];
  return list.map((x) => (typeof x === 'string' ? x : (x as { target: string }).target));
}

describe('electron-builder config (package.json "build")', () => {
  it('has the required identity fields', () => {
    expect(build).toBeTypeOf('object');
    expect(build.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+){2,}$/);
    expect(build.productName).toBe('Operator Console');
    expect(build.directories?.output).toBe('release');
    expect(build.directories?.buildResources).toBe('build');
  });

  it('targets AppImage+deb, nsis and dmg', () => {
    expect(targetNames(build.linux).sort()).toEqual(['AppImage', 'deb']);
    expect(targetNames(build.win)).toEqual(['nsis']);
    expect(targetNames(build.mac)).toEqual(['dmg']);
    expect(build.linux.maintainer, 'deb packages need a maintainer').toMatch(/<.+@.+>/);
  });

  it('packages the built renderer and Electron code, nothing else', () => {
    const files: string[] = build.files;
    expect(Array.isArray(files)).toBe(true);
    expect(pkg.main).toMatch(/^dist-electron\/.+\.js$/);
    for (const f of [
      pkg.main,
      'dist-electron/preload.js',
      'dist-electron/package.json',
      'dist/index.html',
      'dist/assets/index-abc123.js',
      'package.json',
    ]) {
      expect(packaged(f, files), f).toBe(true);
    }
    for (const f of [
      'src/main.tsx',
      'electron/main.ts',
      'test/e2e/shell.spec.ts',
      'dist/assets/index-abc123.js.map',
      'node_modules/.bin/vite',
    ]) {
      expect(packaged(f, files), f).toBe(false);
    }
  });

  it('has a 512x512 PNG icon', () => {
    const iconPath = join(ROOT, build.icon);
    expect(existsSync(iconPath), iconPath).toBe(true);
    const bytes = readFileSync(iconPath);
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const png = decode(bytes);
    expect([png.width, png.height]).toEqual([512, 512]);
    expect(png.channels).toBe(4);
  });

  it("passes electron-builder's own schema validation", async () => {
    const require = createRequire(join(ROOT, 'package.json'));
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
    const { DebugLogger } = require('builder-util');
    await expect(validateConfiguration(structuredClone(build), new DebugLogger(false))).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...structuredClone(build), linux: { notAnOption: true } }, new DebugLogger(false)),
    ).rejects.toThrow(/configuration/i);
  });
});
