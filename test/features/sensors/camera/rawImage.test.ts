import { describe, expect, it } from 'vitest';
import * as jpeg from 'jpeg-js';
import { decode as cborDecode } from 'cbor-x';
import { asBytes, compressedMime, rawImageToRgba, type RawImageMsg } from '../../../../src/features/sensors/camera/rawImage';
import { cborCameraBytes, jsonCameraFrame } from '../../../support/sensorFrames';

function img(encoding: string, width: number, height: number, step: number, data: number[] | Uint8Array, be = 0): RawImageMsg {
  return { encoding, width, height, step, is_bigendian: be, data: data instanceof Uint8Array ? data : Uint8Array.from(data) };
}

function px(r: { ok: true; rgba: Uint8ClampedArray } | { ok: false }, i: number): number[] {
  if (!r.ok) throw new Error('decode failed');
  return Array.from(r.rgba.subarray(i * 4, i * 4 + 4));
}

describe('raw sensor_msgs/Image to RGBA', () => {
  it('rgb8 with row padding', () => {
    // 2x2, step 8 (6 bytes of pixels + 2 padding)
    const r = rawImageToRgba(img('rgb8', 2, 2, 8, [1, 2, 3, 4, 5, 6, 0, 0, 7, 8, 9, 10, 11, 12, 0, 0]));
    expect(r.ok).toBe(true);
    expect(px(r, 0)).toEqual([1, 2, 3, 255]);
    expect(px(r, 1)).toEqual([4, 5, 6, 255]);
    expect(px(r, 3)).toEqual([10, 11, 12, 255]);
  });

  it('bgr8 swaps red and blue', () => {
    const r = rawImageToRgba(img('bgr8', 1, 1, 3, [10, 20, 30]));
    expect(px(r, 0)).toEqual([30, 20, 10, 255]);
  });

  it('mono8 to grey', () => {
    const r = rawImageToRgba(img('mono8', 3, 1, 3, [0, 128, 255]));
    expect(px(r, 1)).toEqual([128, 128, 128, 255]);
    expect(px(r, 2)).toEqual([255, 255, 255, 255]);
  });

  it('16UC1 depth through the colour map, 0 = no reading (black), endianness honoured', () => {
    const le = new Uint8Array(6);
    const dv = new DataView(le.buffer);
    dv.setUint16(0, 0, true);
    dv.setUint16(2, 500, true);
    dv.setUint16(4, 5000, true);
    const r = rawImageToRgba(img('16UC1', 3, 1, 6, le), { depthRange: [500, 5000] });
    expect(px(r, 0)).toEqual([0, 0, 0, 255]);
    const near = px(r, 1);
    const far = px(r, 2);
    expect(near).not.toEqual(far);
    const be = new Uint8Array(6);
    const dvb = new DataView(be.buffer);
    dvb.setUint16(2, 500, false);
    dvb.setUint16(4, 5000, false);
    const rb = rawImageToRgba(img('16UC1', 3, 1, 6, be, 1), { depthRange: [500, 5000] });
    expect(px(rb, 1)).toEqual(near);
    expect(px(rb, 2)).toEqual(far);
    // auto range gives the same ends
    expect(px(rawImageToRgba(img('16UC1', 3, 1, 6, le)), 2)).toEqual(far);
  });

  it('accepts base64 and number[] data too', () => {
    const b64 = Buffer.from([10, 20, 30]).toString('base64');
    expect(px(rawImageToRgba({ ...img('rgb8', 1, 1, 3, []), data: b64 }), 0)).toEqual([10, 20, 30, 255]);
    expect(px(rawImageToRgba({ ...img('rgb8', 1, 1, 3, []), data: [10, 20, 30] }), 0)).toEqual([10, 20, 30, 255]);
  });

  it('bad inputs become error values, not exceptions', () => {
    const short = rawImageToRgba(img('rgb8', 2, 2, 6, [1, 2, 3]));
    expect(short).toEqual({ ok: false, error: { code: 'bad-size', params: { got: 3, want: 12 } } });
    expect(rawImageToRgba(img('yuv422_weird', 1, 1, 2, [1, 2]))).toMatchObject({ ok: false, error: { code: 'unknown-encoding' } });
    expect(rawImageToRgba(img('rgb8', 2, 1, 3, [1, 2, 3]))).toMatchObject({ ok: false, error: { code: 'bad-step' } });
    expect(rawImageToRgba(img('rgb8', 0, 1, 0, []))).toMatchObject({ ok: false, error: { code: 'bad-dimensions' } });
    expect(rawImageToRgba(img('mono8', 100_000, 100_000, 100_000, [1]))).toMatchObject({ ok: false, error: { code: 'too-large' } });
    expect(rawImageToRgba(img('rgb8', 1, 1, 3, []))).toMatchObject({ ok: false, error: { code: 'no-data' } });
  });
});

describe('sensor_msgs/CompressedImage from the real rosbridge fixture', () => {
  it('JSON: base64 JPEG 320x240 decodes (jpeg-js stands in for createImageBitmap in Node)', () => {
    const { msg } = jsonCameraFrame();
    expect(typeof msg.data).toBe('string');
    const bytes = asBytes(msg.data);
    expect(compressedMime(msg.format, bytes)).toBe('image/jpeg');
    const d = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    expect([d.width, d.height]).toEqual([320, 240]);
  });

  it('CBOR: data arrives as a Uint8Array and decodes the same way', () => {
    const frame = cborDecode(cborCameraBytes()) as { msg: { format: string; data: unknown } };
    const bytes = asBytes(frame.msg.data);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(compressedMime(frame.msg.format, bytes)).toBe('image/jpeg');
    const d = jpeg.decode(bytes, { useTArray: true });
    expect([d.width, d.height]).toEqual([320, 240]);
  });

  it('sniffs PNG by magic bytes, refuses compressedDepth and unknown formats', () => {
    expect(compressedMime('', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]))).toBe('image/png');
    expect(compressedMime('16UC1; compressedDepth png', Uint8Array.from([0, 0, 0, 0]))).toBeNull();
    expect(compressedMime('tiff', Uint8Array.from([1, 2, 3]))).toBeNull();
  });

  it('corrupt JPEG bytes throw in the decoder (the panel turns that into a message)', () => {
    const bytes = asBytes(jsonCameraFrame().msg.data).slice(0, 600);
    bytes.fill(7, 200);
    expect(() => jpeg.decode(bytes, { useTArray: true })).toThrow();
  });
});
