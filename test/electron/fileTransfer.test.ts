import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { readTextBounded, SaveTransfers } from '../../electron/fileTransfer';

const dir = () => mkdtempSync(join(tmpdir(), 'oc-transfer-'));
const bytes = (text: string) => new TextEncoder().encode(text);

describe('SaveTransfers', () => {
  it('writes the declared bytes in order and shows the file only at the end', async () => {
    const d = dir();
    const target = join(d, 'profile.json');
    const saves = new SaveTransfers({ chunkBytes: 4 });
    const id = await saves.begin(1, target, 10);
    await saves.chunk(1, id, 0, bytes('{"a"'));
    await saves.chunk(1, id, 1, bytes(':123'));
    expect(existsSync(target)).toBe(false);
    await saves.chunk(1, id, 2, bytes('4}'));
    expect(await saves.finish(1, id)).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('{"a":1234}');
    expect(readdirSync(d)).toEqual(['profile.json']);
    expect(saves.openCount).toBe(0);
  });

  it('replaces an existing file only when the new one is complete', async () => {
    const d = dir();
    const target = join(d, 'profile.json');
    writeFileSync(target, 'old');
    const saves = new SaveTransfers({ chunkBytes: 4 });
    const id = await saves.begin(1, target, 8);
    await saves.chunk(1, id, 0, bytes('new '));
    await expect(saves.finish(1, id)).rejects.toThrow(/4 bytes of 8 bytes arrived; nothing was saved/);
    expect(readFileSync(target, 'utf8')).toBe('old');
    expect(readdirSync(d)).toEqual(['profile.json']);
  });

  it.each([
    ['an oversize chunk', 8, 0, bytes('12345'), /a chunk must be 1 byte to 4 bytes \(got 5 bytes\)/],
    ['an empty chunk', 8, 0, new Uint8Array(0), /a chunk must be 1 byte/],
    ['text instead of bytes', 8, 0, 'abcd', /must be bytes/],
    ['a chunk out of order', 8, 1, bytes('abcd'), /expected chunk 0, got 1/],
    ['more than declared', 2, 0, bytes('abc'), /more bytes than the 2 bytes declared/],
  ])('refuses %s and removes the partial file', async (_what, declared, index, data, error) => {
    const d = dir();
    const saves = new SaveTransfers({ chunkBytes: 4 });
    const id = await saves.begin(1, join(d, 'x.json'), declared);
    await expect(saves.chunk(1, id, index, data)).rejects.toThrow(error);
    expect(readdirSync(d)).toEqual([]);
    expect(saves.openCount).toBe(0);
    await expect(saves.chunk(1, id, 0, bytes('ab'))).rejects.toThrow(/no such save/);
  });

  it('checks the declared size before opening anything', async () => {
    const d = dir();
    const saves = new SaveTransfers({ maxBytes: 100 });
    await expect(saves.begin(1, join(d, 'x.json'), 101)).rejects.toThrow(/text is 101 bytes; the limit is 100 bytes/);
    await expect(saves.begin(1, join(d, 'x.json'), -1)).rejects.toThrow(/whole number/);
    await expect(saves.begin(1, join(d, 'x.json'), 1.5)).rejects.toThrow(/whole number/);
    expect(readdirSync(d)).toEqual([]);
  });

  it('a window sees only its own saves, and has a bounded number of them', async () => {
    const d = dir();
    const saves = new SaveTransfers({ maxOpenPerOwner: 2 });
    const a = await saves.begin(1, join(d, 'a.json'), 4);
    await saves.begin(1, join(d, 'b.json'), 4);
    await expect(saves.begin(1, join(d, 'c.json'), 4)).rejects.toThrow(/2 saves are already under way/);
    await expect(saves.chunk(2, a, 0, bytes('abcd'))).rejects.toThrow(/no such save/);
    await expect(saves.abort(2, a)).rejects.toThrow(/no such save/);
    expect(await saves.begin(2, join(d, 'd.json'), 0)).toBeTypeOf('string');
    await saves.abortAll(1);
    expect(saves.openCount).toBe(1);
    expect(readdirSync(d).filter((f) => f.includes('.a.json') || f.includes('.b.json'))).toEqual([]);
  });

  it('abandons a save that stops sending', async () => {
    const d = dir();
    const saves = new SaveTransfers({ idleMs: 30 });
    const id = await saves.begin(1, join(d, 'x.json'), 4);
    expect(readdirSync(d)).toHaveLength(1);
    await vi.waitFor(
      () => {
        expect(saves.openCount).toBe(0);
        expect(readdirSync(d)).toEqual([]);
      },
      { timeout: 5000, interval: 20 },
    );
    await expect(saves.finish(1, id)).rejects.toThrow(/no such save .*timed out/);
  });
});

describe('readTextBounded', () => {
  it('reads a file up to the cap in pieces', async () => {
    const file = join(dir(), 'site.json');
    writeFileSync(file, '{"name":"Werk 3 — Halle B"}');
    expect(await readTextBounded(file, 100, 4)).toBe('{"name":"Werk 3 — Halle B"}');
  });

  it('refuses a file one byte over the cap, however it is read', async () => {
    const file = join(dir(), 'big.json');
    writeFileSync(file, 'x'.repeat(101));
    await expect(readTextBounded(file, 100, 7)).rejects.toThrow(/"big.json" is larger than 100 bytes/);
    await expect(readTextBounded(file, 101, 7)).resolves.toHaveLength(101);
  });
});
