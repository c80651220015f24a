// The fuses of packaged builds (package.json "build".electronFuses, applied by electron-builder right
// before signing). Checked three ways: every fuse the installed @electron/fuses knows has an explicit,
// hardened value; electron-builder's own code turns that option into the fuse config it will flip; and
// flipping a synthetic Electron 45 fuse wire with that config gives the states we expect, byte by byte.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { build: Record<string, any> };
const build = pkg.build;
const fuses: Record<string, unknown> = build.electronFuses;

// The copy electron-builder itself loads (resolved from app-builder-lib, not a second install).
const requireFromBuilder = createRequire(require.resolve('app-builder-lib/package.json', { paths: [ROOT] }));
const fusesLib = requireFromBuilder('@electron/fuses') as {
  FuseV1Options: Record<string, number | string>;
  FuseVersion: { V1: string };
  flipFuses(path: string, config: Record<string, unknown>): Promise<number>;
  getCurrentFuseWire(path: string): Promise<Record<string, unknown>>;
};
const { PlatformPackager } = requireFromBuilder('app-builder-lib') as {
  PlatformPackager: { prototype: { generateFuseConfig(f: unknown): Promise<Record<string, unknown>> } };
};

/** What each fuse must be in a packaged build, and why. */
const HARDENED: Record<string, { value: boolean; why: string }> = {
  RunAsNode: { value: false, why: 'ELECTRON_RUN_AS_NODE would turn the app into a plain Node with its rights' },
  EnableCookieEncryption: { value: true, why: 'the cookie store on disk is encrypted with the OS key store' },
  EnableNodeOptionsEnvironmentVariable: { value: false, why: 'NODE_OPTIONS=--require would inject code into main' },
  EnableNodeCliInspectArguments: { value: false, why: '--inspect / SIGUSR1 would open a debugger on main' },
  EnableEmbeddedAsarIntegrityValidation: { value: true, why: 'a modified app.asar is refused (macOS, Windows)' },
  OnlyLoadAppFromAsar: { value: true, why: 'no app/ folder or loose files next to the asar are loaded instead' },
  LoadBrowserProcessSpecificV8Snapshot: { value: false, why: 'Electron default; the app ships no custom snapshot' },
  GrantFileProtocolExtraPrivileges: { value: false, why: 'the app is served from app://, file:// needs no extra rights' },
};

/** The fuse names of the installed library (the enum's string keys). */
function knownFuses(): string[] {
  return Object.keys(fusesLib.FuseV1Options).filter((k) => Number.isNaN(Number(k)));
}

/** electron-builder's option names are the enum names with a lower-case first letter. */
const optionName = (fuse: string): string => fuse[0]!.toLowerCase() + fuse.slice(1);

// Fuse states as stored in the binary.
const DISABLE = 0x30;
const ENABLE = 0x31;
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron 45's wire as shipped: 9 fuses (index 8 is WasmTrapHandlers, unknown to @electron/fuses 1.8).
const ELECTRON_45_DEFAULTS = [ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE, ENABLE];

function fakeElectronBinary(wire: number[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'oc-fuses-'));
  const file = join(dir, 'operator-console');
  const bytes = Buffer.concat([
    Buffer.from('\x7fELF some code before the wire '),
    Buffer.from(SENTINEL),
    Buffer.from([1, wire.length, ...wire]),
    Buffer.from(' and some after'),
  ]);
  writeFileSync(file, bytes);
  return file;
}

describe('packaged builds: Electron fuses', () => {
  it('decides every fuse the installed @electron/fuses knows (a new fuse fails here until decided)', () => {
    const names = knownFuses();
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const name of names) {
      expect(HARDENED[name], `no decision for fuse ${name}`).toBeDefined();
      expect(typeof fuses[optionName(name)], `build.electronFuses.${optionName(name)}`).toBe('boolean');
    }
    expect(Object.keys(fuses).sort()).toEqual(names.map(optionName).sort());
  });

  for (const [name, { value, why }] of Object.entries(HARDENED)) {
    it(`${name} is ${value ? 'on' : 'off'}: ${why}`, () => {
      expect(fuses[optionName(name)]).toBe(value);
    });
  }

  it('keeps the app in an ASAR whose integrity electron-builder records', () => {
    expect(build.asar).toBe(true);
    expect(build.disableAsarIntegrity).not.toBe(true);
    expect(build.asarUnpack).toBeUndefined();
  });

  it('electron-builder turns the option into a config for every fuse', async () => {
    const config = await PlatformPackager.prototype.generateFuseConfig.call(null, fuses);
    expect(config.version).toBe(fusesLib.FuseVersion.V1);
    for (const [name, { value }] of Object.entries(HARDENED)) {
      expect(config[String(fusesLib.FuseV1Options[name])], name).toBe(value);
    }
  });

  it('flipping an Electron 45 wire with that config sets each fuse and leaves the unknown one alone', async () => {
    const bin = fakeElectronBinary(ELECTRON_45_DEFAULTS);
    const config = await PlatformPackager.prototype.generateFuseConfig.call(null, fuses);
    await fusesLib.flipFuses(bin, config);
    const wire = await fusesLib.getCurrentFuseWire(bin);
    for (const [name, { value }] of Object.entries(HARDENED)) {
      expect(wire[String(fusesLib.FuseV1Options[name])], name).toBe(value ? ENABLE : DISABLE);
    }
    expect(wire['8'], 'WasmTrapHandlers keeps its default').toBe(ENABLE);
    expect(readFileSync(bin).subarray(0, 31).toString()).toBe('\x7fELF some code before the wire ');
  });
});
