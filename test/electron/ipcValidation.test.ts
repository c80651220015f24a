import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../../electron/api';
import {
  IpcValidationError,
  MAX_TEXT_BYTES,
  extensionOf,
  utf8ByteLength,
  validateChosenFile,
  validateFileName,
  validateAllowConnectionArgs,
  validateArgCount,
  validateNoArgs,
  validateSaveBeginOptions,
  validateOpenFileOptions,
  validateSaveFileOptions,
  validateSavePath,
  validateSender,
  validateSingleArg,
} from '../../electron/ipcValidation';

const goodOpen = { title: 'Open site profile', filters: [{ name: 'Site profile', extensions: ['json', 'YAML'] }] };
const goodSave = { title: 'Save site profile', defaultName: 'site-profile.json', text: '{"a":1}' };

function bad(fn: () => unknown, message: RegExp): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a validation error').toBeInstanceOf(IpcValidationError);
  expect((err as Error).message).toMatch(message);
}

describe('openFile options', () => {
  it('accepts good options and lower-cases extensions', () => {
    expect(validateOpenFileOptions(goodOpen)).toEqual({
      title: 'Open site profile',
      filters: [{ name: 'Site profile', extensions: ['json', 'yaml'] }],
    });
  });

  it.each<[string, unknown, RegExp]>([
    ['null', null, /must be an object/],
    ['an array', [goodOpen], /must be an object/],
    ['a string', 'x', /must be an object/],
    ['missing title', { filters: goodOpen.filters }, /title must be a string/],
    ['empty title', { ...goodOpen, title: '  ' }, /title must not be empty/],
    ['long title', { ...goodOpen, title: 'x'.repeat(201) }, /longer than 200/],
    ['control chars', { ...goodOpen, title: 'a\u0007b' }, /control characters/],
    ['extra field', { ...goodOpen, defaultPath: '/etc' }, /unexpected field "defaultPath"/],
    ['no filters', { title: 't', filters: [] }, /at least one/],
    ['filters not array', { title: 't', filters: 'json' }, /must be an array/],
    ['exe extension', { title: 't', filters: [{ name: 'x', extensions: ['exe'] }] }, /"exe" is not allowed/],
    ['wildcard', { title: 't', filters: [{ name: 'x', extensions: ['*'] }] }, /bare extension/],
    ['dotted', { title: 't', filters: [{ name: 'x', extensions: ['.json'] }] }, /bare extension/],
    ['empty extensions', { title: 't', filters: [{ name: 'x', extensions: [] }] }, /non-empty array/],
    ['filter extra key', { title: 't', filters: [{ name: 'x', extensions: ['json'], evil: 1 }] }, /unexpected field "evil"/],
    ['too many filters', { title: 't', filters: Array.from({ length: 17 }, () => ({ name: 'x', extensions: ['json'] })) }, /at most 16/],
  ])('rejects %s', (_label, input, message) => bad(() => validateOpenFileOptions(input), message));

  it('rejects objects with a non-plain prototype', () => {
    class Sneaky {
      title = 't';
      filters = goodOpen.filters;
    }
    bad(() => validateOpenFileOptions(new Sneaky()), /must be an object/);
  });
});

describe('saveFile options', () => {
  it('accepts good options', () => {
    expect(validateSaveFileOptions(goodSave)).toEqual(goodSave);
    expect(validateSaveFileOptions({ ...goodSave, text: '' }).text).toBe('');
  });

  it.each<[string, unknown, RegExp]>([
    ['path in name', { ...goodSave, defaultName: '../../.bashrc.txt' }, /without directories/],
    ['windows path', { ...goodSave, defaultName: 'C:\\x\\a.json' }, /without directories/],
    ['dotfile', { ...goodSave, defaultName: '.profile.json' }, /must not start with "."/],
    ['no extension', { ...goodSave, defaultName: 'profile' }, /needs an extension/],
    ['bad extension', { ...goodSave, defaultName: 'run.sh' }, /"sh" is not allowed/],
    ['reserved chars', { ...goodSave, defaultName: 'a?.json' }, /not allowed in file names/],
    ['text not string', { ...goodSave, text: { a: 1 } }, /text must be a string/],
    ['missing text', { title: 't', defaultName: 'a.json' }, /text must be a string/],
    ['extra field', { ...goodSave, path: '/etc/passwd' }, /unexpected field "path"/],
  ])('rejects %s', (_label, input, message) => bad(() => validateSaveFileOptions(input), message));

  it('caps text at 20 MB, counting UTF-8 bytes', () => {
    expect(MAX_TEXT_BYTES).toBe(20 * 1024 * 1024);
    bad(() => validateSaveFileOptions({ ...goodSave, text: 'a'.repeat(MAX_TEXT_BYTES + 1) }), /larger than 20 MB/);
    // 7M three-byte characters = 21M bytes though only 7M UTF-16 units.
    bad(() => validateSaveFileOptions({ ...goodSave, text: '€'.repeat(7 * 1024 * 1024) }), /larger than 20 MB/);
    expect(validateSaveFileOptions({ ...goodSave, text: 'a'.repeat(MAX_TEXT_BYTES) }).text).toHaveLength(MAX_TEXT_BYTES);
  });
});

describe('helpers', () => {
  it('utf8ByteLength matches TextEncoder', () => {
    for (const s of ['', 'abc', 'é', '€', '😀', 'a😀b€é', '\ud800x']) {
      expect(utf8ByteLength(s), s).toBe(new TextEncoder().encode(s).length);
    }
  });

  it('extensionOf', () => {
    expect(extensionOf('/a/b/profile.JSON')).toBe('json');
    expect(extensionOf('C:\\a\\x.tar.yaml')).toBe('yaml');
    expect(extensionOf('.bashrc')).toBe('');
    expect(extensionOf('noext')).toBe('');
  });

  it('validateFileName accepts plain names', () => {
    expect(validateFileName('n', 'site 1 (copy).yaml')).toBe('site 1 (copy).yaml');
  });

  it('argument counts', () => {
    expect(() => validateNoArgs('appInfo', [])).not.toThrow();
    bad(() => validateNoArgs('appInfo', [1]), /takes no arguments/);
    expect(validateSingleArg('openFile', [goodOpen])).toBe(goodOpen);
    bad(() => validateSingleArg('openFile', []), /exactly one argument/);
    bad(() => validateSingleArg('openFile', [1, 2]), /exactly one argument/);
  });

  it('chosen file must match the filters and the size cap', () => {
    const filters = [{ name: 'p', extensions: ['json'] }];
    expect(() => validateChosenFile('/home/u/p.json', 10, filters)).not.toThrow();
    bad(() => validateChosenFile('/home/u/p.exe', 10, filters), /not one of the requested file types/);
    bad(() => validateChosenFile('/home/u/p.json', MAX_TEXT_BYTES + 1, filters), /the limit is 20 MB/);
  });

  it('save path extension must stay allowed', () => {
    expect(() => validateSavePath('/home/u/p.json')).not.toThrow();
    bad(() => validateSavePath('/home/u/p.desktop'), /cannot save as ".desktop"/);
    bad(() => validateSavePath('/home/u/p'), /\(none\)/);
  });
});

describe('sender validation', () => {
  const origin = 'app://console';
  it('accepts the app main frame', () => {
    expect(() => validateSender({ frameUrl: 'app://console/index.html', isAppMainFrame: true }, origin)).not.toThrow();
  });
  it.each<[string, { frameUrl: string | null; isAppMainFrame: boolean }, RegExp]>([
    ['a subframe', { frameUrl: 'app://console/index.html', isAppMainFrame: false }, /main frame/],
    ['a remote page', { frameUrl: 'https://evil.example/', isAppMainFrame: true }, /origin https:\/\/evil.example/],
    ['file://', { frameUrl: 'file:///tmp/x.html', isAppMainFrame: true }, /is not the app/],
    ['another app host', { frameUrl: 'app://other/index.html', isAppMainFrame: true }, /is not the app/],
    ['a destroyed frame', { frameUrl: null, isAppMainFrame: true }, /gone/],
  ])('refuses %s', (_l, sender, message) => bad(() => validateSender(sender, origin), message));
});

describe('preload stays in step with main', () => {
  const preload = readFileSync(new URL('../../electron/preload.ts', import.meta.url), 'utf8');
  it('uses every channel name and imports only electron at runtime', () => {
    for (const channel of Object.values(IPC_CHANNELS)) expect(preload).toContain(`'${channel}'`);
    const runtimeImports = [...preload.matchAll(/^import\s+(?!type\b)[^;]*from\s+'([^']+)'/gm)].map((m) => m[1]);
    expect(runtimeImports).toEqual(['electron']);
    expect(preload).toMatch(/exposeInMainWorld\('consoleApi'/);
  });
});

describe('validateSaveBeginOptions (chunked saves)', () => {
  it('accepts title, file name and a byte count up to the cap', () => {
    expect(validateSaveBeginOptions({ title: 'Save', defaultName: 'p.json', byteLength: 0 })).toEqual({
      title: 'Save',
      defaultName: 'p.json',
      byteLength: 0,
    });
    expect(validateSaveBeginOptions({ title: 'Save', defaultName: 'p.json', byteLength: MAX_TEXT_BYTES }).byteLength).toBe(MAX_TEXT_BYTES);
  });

  it.each([
    [{ title: 'S', defaultName: 'p.json', byteLength: MAX_TEXT_BYTES + 1 }, /text is 20971521 bytes; the limit is 20 MB/],
    [{ title: 'S', defaultName: 'p.json', byteLength: -1 }, /whole number/],
    [{ title: 'S', defaultName: 'p.json', byteLength: '10' }, /whole number/],
    [{ title: 'S', defaultName: 'p.json', byteLength: 1, text: 'x' }, /unexpected field "text"/],
    [{ title: 'S', defaultName: 'p.exe', byteLength: 1 }, /not allowed/],
  ])('refuses %o', (opts, error) => {
    expect(() => validateSaveBeginOptions(opts)).toThrow(error);
  });
});

describe('argument shapes', () => {
  it('validateAllowConnectionArgs wants two short strings', () => {
    expect(validateAllowConnectionArgs(['robot', 'ws://a:1'])).toEqual({ kind: 'robot', url: 'ws://a:1' });
    expect(() => validateAllowConnectionArgs(['robot'])).toThrow(/takes \(kind, url\)/);
    expect(() => validateAllowConnectionArgs([{}, 'ws://a:1'])).toThrow(/kind must be/);
    expect(() => validateAllowConnectionArgs(['robot', 7])).toThrow(/url must be a string/);
    expect(() => validateAllowConnectionArgs(['robot', 'ws://' + 'a'.repeat(3000)])).toThrow(/longer than 2048/);
  });

  it('validateArgCount', () => {
    expect(() => validateArgCount('saveChunk', [1, 2, 3], 3)).not.toThrow();
    expect(() => validateArgCount('saveChunk', [1, 2], 3)).toThrow(/saveChunk takes exactly 3 arguments \(got 2\)/);
  });
});
