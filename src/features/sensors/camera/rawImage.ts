// sensor_msgs/Image -> RGBA pixels, and sniffing of sensor_msgs/CompressedImage payloads. Pure functions: they run
// in the raw-image worker (rawImage.worker.ts), in unit tests and, as a fallback, on the UI thread. Errors are
// values with a code and numbers so the panel can word them in the person's language.
import { TURBO_LUT_U8, lutIndex } from '../points/colorMap';
import { asBytesLoose } from '../points/bytes';

export type ImageErrorCode =
  'bad-size' | 'bad-step' | 'bad-dimensions' | 'too-large' | 'unknown-encoding' | 'unknown-format' | 'corrupt' | 'no-data';

export interface ImageError {
  code: ImageErrorCode;
  /** Numbers and names for the message text (got/want bytes, encoding name, ...). */
  params: Record<string, string | number>;
}

export interface RgbaImage {
  width: number;
  height: number;
  /** width*height*4 bytes, rows top to bottom, no padding. */
  rgba: Uint8ClampedArray;
}

export type RawDecodeResult = ({ ok: true } & RgbaImage) | { ok: false; error: ImageError };

/** The sensor_msgs/Image fields the converter reads. `data` may be bytes, base64 (JSON) or a number array. */
export interface RawImageMsg {
  width: number;
  height: number;
  encoding: string;
  is_bigendian?: number | boolean;
  step: number;
  data: Uint8Array | string | ArrayLike<number>;
}

export interface RawDecodeOptions {
  /** Depth range mapped onto the colour ramp, in the image's unit (mm for 16UC1, m for 32FC1). Auto when absent. */
  depthRange?: [number, number];
  /** Refuse images with more pixels than this (a 50 MB frame must not freeze the panel). Default 4096*4096. */
  maxPixels?: number;
}

export const MAX_IMAGE_PIXELS = 4096 * 4096;

/** uint8[] as the wire may carry it (bytes, base64 from JSON, number[]) -> Uint8Array, no copy for bytes. */
export const asBytes = asBytesLoose;

interface EncodingInfo {
  /** Bytes per pixel. */
  bpp: number;
  convert: (src: Uint8Array, img: RawImageMsg, out: Uint8ClampedArray, opts: RawDecodeOptions) => void;
}

const ENCODINGS: Record<string, EncodingInfo> = {
  rgb8: { bpp: 3, convert: (s, m, o) => convert3(s, m, o, 0, 1, 2) },
  bgr8: { bpp: 3, convert: (s, m, o) => convert3(s, m, o, 2, 1, 0) },
  rgba8: { bpp: 4, convert: (s, m, o) => convert4(s, m, o, 0, 1, 2) },
  bgra8: { bpp: 4, convert: (s, m, o) => convert4(s, m, o, 2, 1, 0) },
  mono8: { bpp: 1, convert: convertMono8 },
  '8UC1': { bpp: 1, convert: convertMono8 },
  mono16: { bpp: 2, convert: (s, m, o) => convertMono16(s, m, o) },
  '16UC1': { bpp: 2, convert: convertDepth16 },
  '32FC1': { bpp: 4, convert: convertDepth32F },
};

export const SUPPORTED_ENCODINGS: readonly string[] = Object.keys(ENCODINGS);

export function rawImageToRgba(img: RawImageMsg, opts: RawDecodeOptions = {}): RawDecodeResult {
  const enc = typeof img.encoding === 'string' ? img.encoding.trim() : '';
  const info = ENCODINGS[enc] ?? ENCODINGS[enc.toLowerCase()];
  if (!info) return fail('unknown-encoding', { encoding: enc || '?' });
  const { width, height, step } = img;
  if (!isCount(width) || !isCount(height) || width === 0 || height === 0) {
    return fail('bad-dimensions', { width: String(width), height: String(height) });
  }
  if (width * height > (opts.maxPixels ?? MAX_IMAGE_PIXELS)) return fail('too-large', { width, height });
  if (!isCount(step) || step < width * info.bpp) return fail('bad-step', { step: String(step), want: width * info.bpp });
  const src = asBytes(img.data);
  if (src.length === 0) return fail('no-data', {});
  if (src.length !== step * height) return fail('bad-size', { got: src.length, want: step * height });
  const out = new Uint8ClampedArray(width * height * 4);
  info.convert(src, img, out, opts);
  return { ok: true, width, height, rgba: out };
}

function fail(code: ImageErrorCode, params: ImageError['params']): { ok: false; error: ImageError } {
  return { ok: false, error: { code, params } };
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

function bigEndian(img: RawImageMsg): boolean {
  return img.is_bigendian === true || img.is_bigendian === 1;
}

function convert3(src: Uint8Array, img: RawImageMsg, out: Uint8ClampedArray, r: number, g: number, b: number): void {
  const { width, height, step } = img;
  let o = 0;
  for (let y = 0; y < height; y++) {
    let s = y * step;
    for (let x = 0; x < width; x++, s += 3, o += 4) {
      out[o] = src[s + r];
      out[o + 1] = src[s + g];
      out[o + 2] = src[s + b];
      out[o + 3] = 255;
    }
  }
}

function convert4(src: Uint8Array, img: RawImageMsg, out: Uint8ClampedArray, r: number, g: number, b: number): void {
  const { width, height, step } = img;
  let o = 0;
  for (let y = 0; y < height; y++) {
    let s = y * step;
    for (let x = 0; x < width; x++, s += 4, o += 4) {
      out[o] = src[s + r];
      out[o + 1] = src[s + g];
      out[o + 2] = src[s + b];
      out[o + 3] = src[s + 3];
    }
  }
}

function convertMono8(src: Uint8Array, img: RawImageMsg, out: Uint8ClampedArray): void {
  const { width, height, step } = img;
  let o = 0;
  for (let y = 0; y < height; y++) {
    let s = y * step;
    for (let x = 0; x < width; x++, s++, o += 4) {
      const v = src[s];
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
      out[o + 3] = 255;
    }
  }
}

function convertMono16(src: Uint8Array, img: RawImageMsg, out: Uint8ClampedArray): void {
  const { width, height, step } = img;
  const hi = bigEndian(img) ? 0 : 1;
  let o = 0;
  for (let y = 0; y < height; y++) {
    let s = y * step;
    for (let x = 0; x < width; x++, s += 2, o += 4) {
      const v = src[s + hi];
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
      out[o + 3] = 255;
    }
  }
}

/** Reads the depth samples of one image into a Float64-free pass: calls `each(value, outIndex)`. */
function forEachDepth(
  src: Uint8Array,
  img: RawImageMsg,
  read: (dv: DataView, offset: number, le: boolean) => number,
  bytes: number,
  each: (v: number, o: number) => void,
): void {
  const { width, height, step } = img;
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const le = !bigEndian(img);
  let o = 0;
  for (let y = 0; y < height; y++) {
    let s = y * step;
    for (let x = 0; x < width; x++, s += bytes, o += 4) each(read(dv, s, le), o);
  }
}

function depthToRgba(
  src: Uint8Array,
  img: RawImageMsg,
  out: Uint8ClampedArray,
  opts: RawDecodeOptions,
  read: (dv: DataView, offset: number, le: boolean) => number,
  bytes: number,
): void {
  let lo = opts.depthRange?.[0];
  let hi = opts.depthRange?.[1];
  if (lo === undefined || hi === undefined) {
    // Auto range over valid samples (0 and non-finite mean "no reading" in depth images).
    let mn = Infinity;
    let mx = -Infinity;
    forEachDepth(src, img, read, bytes, (v) => {
      if (v > 0 && Number.isFinite(v)) {
        if (v < mn) mn = v;
        if (v > mx) mx = v;
      }
    });
    lo = Number.isFinite(mn) ? mn : 0;
    hi = Number.isFinite(mx) ? mx : 1;
  }
  const lut = TURBO_LUT_U8;
  const l = lo;
  const h = hi;
  forEachDepth(src, img, read, bytes, (v, o) => {
    if (v > 0 && Number.isFinite(v)) {
      const i = lutIndex(v, l, h) * 3;
      out[o] = lut[i];
      out[o + 1] = lut[i + 1];
      out[o + 2] = lut[i + 2];
    } else {
      out[o] = 0;
      out[o + 1] = 0;
      out[o + 2] = 0;
    }
    out[o + 3] = 255;
  });
}

function convertDepth16(src: Uint8Array, img: RawImageMsg, out: Uint8ClampedArray, opts: RawDecodeOptions): void {
  depthToRgba(src, img, out, opts, (dv, s, le) => dv.getUint16(s, le), 2);
}

function convertDepth32F(src: Uint8Array, img: RawImageMsg, out: Uint8ClampedArray, opts: RawDecodeOptions): void {
  depthToRgba(src, img, out, opts, (dv, s, le) => dv.getFloat32(s, le), 4);
}

/** Compressed payload kind by its magic bytes, falling back to the `format` text ("jpeg", "rgb8; png compressed"). */
export function compressedMime(format: unknown, bytes: Uint8Array): 'image/jpeg' | 'image/png' | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  const f = typeof format === 'string' ? format.toLowerCase() : '';
  // compressedDepth carries a 12-byte header before the PNG; the magic check above already failed for it.
  if (f.includes('compresseddepth')) return null;
  if (f.includes('jpeg') || f.includes('jpg')) return 'image/jpeg';
  if (f.includes('png')) return 'image/png';
  return null;
}
