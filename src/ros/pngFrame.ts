import { decode as decodePng } from 'fast-png';
import { base64ToBytes } from './base64';

const NEWLINE = 0x0a;
const utf8 = new TextDecoder();

/**
 * rosbridge's "png" compression: `{op:"png", data:<base64 PNG>}` whose RGB(A) pixel bytes are the JSON text
 * of the real message, padded at the end with '\n' (and possibly zeros) to fill the image.
 * Returns that JSON text; throws when the data is not a PNG.
 */
export function pngFrameText(base64: string): string {
  const png = decodePng(base64ToBytes(base64));
  const data = png.data;
  if (!(data instanceof Uint8Array) && !(data instanceof Uint8ClampedArray))
    throw new Error(`PNG has ${png.depth}-bit samples, expected 8`);
  let end = data.length;
  while (end > 0 && (data[end - 1] === NEWLINE || data[end - 1] === 0)) end--;
  return utf8.decode(data.subarray(0, end));
}
