import { describe, expect, it } from 'vitest';
import { decodeCborFrame } from '../../src/ros/cborFrame';
import { binaryFrame, loadTranscript } from '../fixtures/transcript';

type Frame = { op: string; topic: string; msg: Record<string, unknown> };

function binaries(prefix: string): Frame[] {
  return loadTranscript(prefix)
    .filter((l) => l.dir === 's2c' && l.type === 'binary')
    .map((l) => decodeCborFrame(new Uint8Array(binaryFrame(l))) as Frame);
}

describe('decodeCborFrame (cbor-x, RFC 8746 typed arrays)', () => {
  it('scenario 04: /map data is an Int8Array, /battery keeps NaN and has a Float32Array', () => {
    const frames = binaries('04');
    const map = frames.find((f) => f.topic === '/map') as Frame;
    const battery = frames.find((f) => f.topic === '/battery') as Frame;
    expect(map.op).toBe('publish');
    expect(map.msg.data).toBeInstanceOf(Int8Array);
    expect((map.msg.data as Int8Array).length).toBe(200);
    expect((map.msg.data as Int8Array)[0]).toBe(100);
    expect(Array.from(map.msg.data as Int8Array)).toContain(-1);
    expect(battery.msg.charge).toBeNaN();
    expect(battery.msg.cell_voltage).toBeInstanceOf(Float32Array);
    expect((battery.msg.cell_voltage as Float32Array)[0]).toBeCloseTo(3.9, 5);
  });

  it('scenario 14: CompressedImage data is a Uint8Array holding a JPEG', () => {
    const frames = binaries('14');
    expect(frames.length).toBe(3);
    for (const f of frames) {
      expect(f.topic).toBe('/camera/image_raw/compressed');
      expect(f.msg.data).toBeInstanceOf(Uint8Array);
      const d = f.msg.data as Uint8Array;
      expect([d[0], d[1]]).toEqual([0xff, 0xd8]);
    }
  });

  it('scenario 05: cbor-raw carries {secs, nsecs, bytes}', () => {
    const [f] = binaries('05');
    expect(Object.keys(f.msg).sort()).toEqual(['bytes', 'nsecs', 'secs']);
    expect(f.msg.bytes).toBeInstanceOf(Uint8Array);
  });

  it('throws on bytes that are not CBOR', () => {
    expect(() => decodeCborFrame(new Uint8Array([0xff, 0xff, 0x1c]))).toThrow();
  });
});
