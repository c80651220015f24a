// electron/preload.ts and electron/main.ts together over the fake 'electron' module: the preload's invoke
// reaches main's handlers as the console window. Checks that oversize arguments never leave the preload,
// that saves cross in bounded chunks main checks one by one, and that the limits agree on both sides.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleApi } from '../../electron/api';
import { SAVE_CHUNK_BYTES } from '../../electron/fileTransfer';
import { MAX_TEXT_BYTES } from '../../electron/ipcValidation';
import { fake, invokeMain } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

let api: ConsoleApi;
let limits: { maxArgUnits: number; maxTextBytes: number; chunkBytes: number };

beforeAll(async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'log').mockImplementation(() => {});
  await import('../../electron/main');
  await new Promise((r) => setTimeout(r, 0));
  limits = (await import('../../electron/preload')).PRELOAD_LIMITS;
  api = fake.state.exposed.consoleApi;
});

beforeEach(() => {
  fake.state.invocations.length = 0;
});

const channels = () => fake.state.invocations.map((i) => i.channel);

describe('preload limits', () => {
  it('match the main process', () => {
    expect(limits.maxTextBytes).toBe(MAX_TEXT_BYTES);
    expect(limits.chunkBytes).toBe(SAVE_CHUNK_BYTES);
  });

  it('imports nothing at run time but electron (a sandboxed preload cannot require local files)', () => {
    const source = readFileSync(fileURLToPath(new URL('../../electron/preload.ts', import.meta.url)), 'utf8');
    const runtimeImports = [...source.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
    expect(runtimeImports).toEqual(['electron']);
    const code = source.replace(/^\s*\/\/.*$/gm, '');
    expect(code).not.toMatch(/\brequire\(|\bimport\(/);
  });

  it('exposes a frozen API with every method', () => {
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(['allowConnection', 'appInfo', 'getLaunchRobots', 'onMenuCommand', 'openFile', 'saveFile']);
  });
});

describe('arguments are measured before they are sent', () => {
  it('an oversize URL never reaches main', async () => {
    await expect(api.allowConnection('robot', 'ws://h/' + 'a'.repeat(20_000))).rejects.toThrow(
      /argument larger than 16384 characters; not sent/,
    );
    expect(channels()).toEqual([]);
  });

  it('oversize or deeply nested open options never reach main', async () => {
    const filters = Array.from({ length: 5000 }, () => ({ name: 'x', extensions: ['json'] }));
    await expect(api.openFile({ title: 'Open', filters })).rejects.toThrow(/not sent/);
    const deep = [{ name: 'x', extensions: [[[['json']]]] as unknown as string[] }];
    await expect(api.openFile({ title: 'Open', filters: deep })).rejects.toThrow(/nested deeper than 6 levels; not sent/);
    expect(channels()).toEqual([]);
  });

  it('ordinary calls go through, and main still validates them', async () => {
    expect(await api.allowConnection('robot', 'ws://10.0.0.9:9090/')).toBe('ws://10.0.0.9:9090');
    await expect(api.openFile({ title: 'Open', filters: [{ name: 'x', extensions: ['exe'] }] })).rejects.toThrow(/not allowed/);
    expect(channels()).toEqual(['console:allow-connection', 'console:open-file']);
  });

  it('text over 20 MB is refused before the dialog opens', async () => {
    fake.state.saveResult = { canceled: false, filePath: join(mkdtempSync(join(tmpdir(), 'oc-pl-')), 'x.json') };
    await expect(api.saveFile({ title: 'S', defaultName: 'x.json', text: 'x'.repeat(MAX_TEXT_BYTES + 1) })).rejects.toThrow(
      /larger than 20 MB; not sent/,
    );
    // 7 M three-byte characters: under 20 M UTF-16 units, 21 MB of UTF-8.
    await expect(api.saveFile({ title: 'S', defaultName: 'x.json', text: '€'.repeat(7 * 1024 * 1024) })).rejects.toThrow(
      /21 MB; the limit is 20 MB; not sent/,
    );
    expect(channels()).toEqual([]);
  });
});

describe('saving in chunks', () => {
  it('a 3.5 MB profile crosses as begin, four chunks of at most 1 MB each, finish', async () => {
    const d = mkdtempSync(join(tmpdir(), 'oc-pl-'));
    const target = join(d, 'site-profile.json');
    fake.state.saveResult = { canceled: false, filePath: target };
    const text = JSON.stringify({
      robots: Array.from({ length: 56_000 }, (_, i) => ({ name: `Robot ${i} — Halle B`, url: `ws://10.1.${i % 250}.${i % 200}:9090` })),
    });
    expect(text.length).toBeGreaterThan(3 * 1024 * 1024);
    expect(await api.saveFile({ title: 'Save', defaultName: 'site-profile.json', text })).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe(text);
    expect(readdirSync(d)).toEqual(['site-profile.json']);

    const byteLength = new TextEncoder().encode(text).byteLength;
    const calls = fake.state.invocations;
    expect(calls[0]).toMatchObject({
      channel: 'console:save-begin',
      args: [{ title: 'Save', defaultName: 'site-profile.json', byteLength }],
    });
    const chunks = calls.filter((c) => c.channel === 'console:save-chunk');
    expect(chunks).toHaveLength(Math.ceil(byteLength / SAVE_CHUNK_BYTES));
    chunks.forEach((c, i) => {
      const data = c.args[2] as Uint8Array;
      expect(c.args[1]).toBe(i);
      expect(data.byteLength).toBeLessThanOrEqual(SAVE_CHUNK_BYTES);
      // Each chunk owns its bytes: a view of the whole text would carry all 3.5 MB across every time.
      expect(data.buffer.byteLength).toBe(data.byteLength);
    });
    expect(channels().at(-1)).toBe('console:save-finish');
  });

  it('a cancelled dialog sends no text at all', async () => {
    fake.state.saveResult = { canceled: true, filePath: undefined };
    expect(await api.saveFile({ title: 'Save', defaultName: 'a.json', text: 'x'.repeat(3 * 1024 * 1024) })).toBeNull();
    expect(channels()).toEqual(['console:save-begin']);
  });

  it('main refuses a chunk that breaks the rules, whoever sends it, and keeps no partial file', async () => {
    const d = mkdtempSync(join(tmpdir(), 'oc-pl-'));
    fake.state.saveResult = { canceled: false, filePath: join(d, 'p.json') };
    const begun = await invokeMain('console:save-begin', [{ title: 'S', defaultName: 'p.json', byteLength: 2 * SAVE_CHUNK_BYTES + 10 }]);
    await expect(invokeMain('console:save-chunk', [begun.id, 0, new Uint8Array(SAVE_CHUNK_BYTES + 1)])).rejects.toThrow(
      /a chunk must be 1 byte to 1 MB/,
    );
    expect(readdirSync(d)).toEqual([]);
    await expect(invokeMain('console:save-begin', [{ title: 'S', defaultName: 'p.json', byteLength: MAX_TEXT_BYTES + 1 }])).rejects.toThrow(
      /the limit is 20 MB/,
    );
    await expect(invokeMain('console:save-chunk', ['made-up', 0, new Uint8Array(1)])).rejects.toThrow(/no such save/);
  });

  it('a save that fails half-way is aborted and leaves the old file alone', async () => {
    const d = mkdtempSync(join(tmpdir(), 'oc-pl-'));
    fake.state.saveResult = { canceled: false, filePath: join(d, 'p.json') };
    const handler = fake.ipcHandlers.get('console:save-chunk')!;
    let n = 0;
    fake.ipcHandlers.set('console:save-chunk', (...args: unknown[]) => {
      if (++n === 2) throw new Error('disk full');
      return handler(...args);
    });
    try {
      await expect(api.saveFile({ title: 'S', defaultName: 'p.json', text: 'y'.repeat(3 * SAVE_CHUNK_BYTES) })).rejects.toThrow(
        /disk full/,
      );
    } finally {
      fake.ipcHandlers.set('console:save-chunk', handler);
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(channels().at(-1)).toBe('console:save-abort');
    expect(readdirSync(d)).toEqual([]);
  });
});
