import { describe, expect, it } from 'vitest';
import { readTar, writeTar, TarError } from '../../../src/features/incidents/tar';

describe('tar', () => {
  it('round-trips files of awkward sizes', () => {
    const files = [
      { name: 'incidents.jsonl', data: new TextEncoder().encode('{"a":1}\n') },
      { name: 'clips/x.mcap', data: new Uint8Array(512).fill(7) },
      { name: 'screenshots/x.png', data: new Uint8Array(1000).map((_, i) => i & 255) },
      { name: 'empty', data: new Uint8Array(0) },
    ];
    const back = readTar(writeTar(files));
    expect(back.map((f) => f.name)).toEqual(files.map((f) => f.name));
    back.forEach((f, i) => expect(Array.from(f.data)).toEqual(Array.from(files[i]!.data)));
  });

  it('reports damage instead of reading garbage', () => {
    const bytes = writeTar([{ name: 'a.txt', data: new Uint8Array(700) }]);
    const flipped = bytes.slice();
    flipped[10] ^= 0xff;
    expect(() => readTar(flipped)).toThrow(/checksum/);
    expect(() => readTar(bytes.slice(0, 1024))).toThrow(TarError);
    expect(() => readTar(new Uint8Array(10))).toThrow(/not a tar/);
  });
});
