// JPEG encoding for the simulated camera with jpeg-js, reusing one encoder (see loadReusableEncoder).
import * as jpeg from 'jpeg-js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface JpegEncoderInstance {
  encode(image: { data: Uint8Array; width: number; height: number }, quality: number): Uint8Array;
}

let sharedEncoder: JpegEncoderInstance | null | undefined;

/**
 * jpeg-js's encode() builds a new encoder per call, and building its Huffman/colour tables costs ~18 ms, more
 * than encoding a 640x480 frame (~8 ms). jpeg-js does not export the encoder class, so it is loaded from the
 * package's own source once and reused; if that ever fails, the public encode() is used.
 */
function loadReusableEncoder(): JpegEncoderInstance | null {
  try {
    const require = createRequire(import.meta.url);
    const file = require.resolve('jpeg-js/lib/encoder.js');
    const src = readFileSync(file, 'utf8');
    const factory = new Function('module', 'require', 'Buffer', `${src}\nreturn JPEGEncoder;`) as (
      m: { exports: unknown },
      r: NodeRequire,
      b: unknown,
    ) => new (quality: number) => JpegEncoderInstance;
    const Ctor = factory({ exports: {} }, require, (globalThis as { Buffer?: unknown }).Buffer);
    return new Ctor(60);
  } catch {
    return null;
  }
}

export function encodeJpeg(rgba: Uint8Array, width: number, height: number, quality: number): Uint8Array {
  if (sharedEncoder === undefined) sharedEncoder = loadReusableEncoder();
  if (sharedEncoder) return sharedEncoder.encode({ data: rgba, width, height }, quality);
  return jpeg.encode({ data: rgba, width, height }, quality).data;
}
