import { describe, expect, it } from 'vitest';
import { McapIndexedReader, TempBuffer } from '@mcap/core';
import { compressChunk, decompressHandlers } from '../../../src/features/incidents/clipCompression';
import { readClip, writeClip, type ClipInputMessage } from '../../../src/features/incidents/mcapClip';
import { tf } from './clipMessages';

describe('clip compression', () => {
  it('LZ4 frames round-trip and shrink repetitive data; incompressible data stays uncompressed', () => {
    const data = new Uint8Array(200_000).map((_, i) => i % 17);
    const c = compressChunk(data);
    expect(c.compression).toBe('lz4');
    expect(c.compressedData.byteLength).toBeLessThan(data.byteLength / 4);
    expect([0x04, 0x22, 0x4d, 0x18].every((b, i) => c.compressedData[i] === b)).toBe(true); // LZ4 frame magic
    const back = decompressHandlers.lz4(c.compressedData, BigInt(data.byteLength));
    expect(back.byteLength).toBe(data.byteLength);
    expect(back.every((v, i) => v === data[i])).toBe(true);
    let x = 12345;
    const noise = new Uint8Array(5000).map(() => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
    expect(compressChunk(noise)).toEqual({ compression: '', compressedData: noise });
  });

  it('a clip of several chunks is written LZ4-compressed and read back by @mcap/core', async () => {
    const msgs: ClipInputMessage[] = [];
    for (let i = 0; i < 12_000; i++)
      msgs.push({ topic: '/tf', type: 'tf2_msgs/TFMessage', msg: tf(i, i * 0.001), receivedAt: 1_700_000_000_000 + i });
    const packed = await writeClip(msgs);
    const plain = await writeClip(msgs, { compress: false });
    expect(packed.byteLength).toBeLessThan(plain.byteLength / 2);
    const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(packed), decompressHandlers });
    const chunks = reader.chunkIndexes;
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.compression === 'lz4')).toBe(true);
    let n = 0;
    let inOrder = true;
    for await (const m of reader.readMessages()) {
      if (m.logTime !== BigInt(1_700_000_000_000 + n) * 1_000_000n) inOrder = false;
      n++;
    }
    expect(n).toBe(12_000);
    expect(inOrder).toBe(true);
    // Without a decompressor a reader refuses the chunks (the data really is compressed).
    const bare = await McapIndexedReader.Initialize({ readable: new TempBuffer(packed) });
    await expect(async () => {
      for await (const _ of bare.readMessages()) void _;
    }).rejects.toThrow();
    expect((await readClip(packed)).messages).toHaveLength(12_000);
  });
});
