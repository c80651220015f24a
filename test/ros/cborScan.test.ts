import { encode } from 'cbor-x';
import { describe, expect, it } from 'vitest';
import { scanCbor } from '../../src/ros/cborScan';
import { DEFAULT_LIMITS, LimitError } from '../../src/ros/limits';
import { binaryFrame, loadTranscript } from '../fixtures/transcript';

const limits = { depth: 10, arrayLength: 100, containers: 50, bytesField: 1000 };

function limitOf(bytes: Uint8Array, l = limits): string | undefined {
  try {
    scanCbor(bytes, l);
  } catch (e) {
    if (e instanceof LimitError) return `${e.limit} ${e.size}`;
    throw e;
  }
  return undefined;
}

const cat = (...parts: (number[] | Uint8Array)[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('scanCbor (large binary frames, before cbor-x)', () => {
  it('passes every recorded rosbridge CBOR frame (typed arrays, cbor-raw, images)', () => {
    const frames = ['04', '05', '14'].flatMap((s) =>
      loadTranscript(s)
        .filter((l) => l.type === 'binary')
        .map((l) => new Uint8Array(binaryFrame(l))),
    );
    expect(frames.length).toBeGreaterThan(5);
    for (const f of frames) expect(limitOf(f, DEFAULT_LIMITS)).toBeUndefined();
  });

  it('refuses a byte string above the field limit from its header alone', () => {
    // map {data: bytes(2^32-1)} with only a few bytes present
    const frame = cat([0xa1, 0x64, ...Buffer.from('data'), 0x5a, 0xff, 0xff, 0xff, 0xff, 1, 2, 3]);
    expect(limitOf(frame)).toBe(`bytesField ${0xffffffff}`);
  });

  it('refuses arrays longer than the limit, and typed arrays by element count', () => {
    expect(limitOf(cat([0x9a, 0x7f, 0xff, 0xff, 0xff], new Uint8Array(16)))).toBe(`arrayLength ${0x7fffffff}`);
    const f64 = encode({ d: new Float64Array(101) });
    expect(limitOf(f64, { ...limits, bytesField: 1e6 })).toBe('arrayLength 101');
    expect(limitOf(encode({ d: new Float64Array(100) }), { ...limits, bytesField: 1e6 })).toBeUndefined();
  });

  it('counts maps and arrays against the container limit and nesting against the depth limit', () => {
    expect(limitOf(encode(Array.from({ length: 60 }, () => ({}))))).toBe('containers 51');
    let deep: unknown = 1;
    for (let i = 0; i < 11; i++) deep = [deep];
    expect(limitOf(encode(deep))).toBe('depth 11');
    const tenThousand = cat(new Uint8Array(10_000).fill(0x81), [0x01]);
    expect(limitOf(tenThousand, DEFAULT_LIMITS)).toBe(`depth ${DEFAULT_LIMITS.depth + 1}`);
  });

  it('counts the items of indefinite-length arrays', () => {
    const items = new Uint8Array(101).fill(0x01);
    expect(limitOf(cat([0x9f], items, [0xff]))).toBe('arrayLength 101');
    expect(limitOf(cat([0x9f], items.subarray(0, 50), [0xff]))).toBeUndefined();
  });

  it('leaves declarations the frame cannot hold, and other malformed CBOR, to cbor-x', () => {
    expect(limitOf(cat([0x98, 0x50], [1, 2, 3]))).toBeUndefined(); // 80 items declared, 3 bytes left
    expect(limitOf(Uint8Array.from([0x1c]))).toBeUndefined(); // reserved additional info
    expect(limitOf(Uint8Array.from([]))).toBeUndefined();
  });
});
