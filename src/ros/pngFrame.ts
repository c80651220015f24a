import { decode as decodePng } from 'fast-png';
import { Unzlib } from 'fflate';
import { base64ToBytes } from './base64';
import { LimitError } from './limits';

const NEWLINE = 0x0a;
const utf8 = new TextDecoder();
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Compressed bytes fed to the inflater at a time: bounds what one step can produce (~1000×) past the limit. */
const INFLATE_STEP = 1024;

export interface PngHeader {
  width: number;
  height: number;
  channels: number;
  depth: number;
  /** Bytes the image data inflates to: one filter byte per row plus the row's samples. */
  rawBytes: number;
}

/** Reads signature and IHDR (the first 33 bytes). Throws when they are not a PNG's. */
export function readPngHeader(head: Uint8Array): PngHeader {
  if (head.length < 33 || SIGNATURE.some((b, i) => head[i] !== b)) throw new Error('no PNG signature');
  const dv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (String.fromCharCode(head[12], head[13], head[14], head[15]) !== 'IHDR') throw new Error('PNG does not start with IHDR');
  const width = dv.getUint32(16);
  const height = dv.getUint32(20);
  const depth = head[24];
  const channels = CHANNELS[head[25]];
  if (channels === undefined) throw new Error(`PNG colour type ${head[25]} unknown`);
  const rowBytes = Math.ceil((width * channels * depth) / 8);
  return { width, height, channels, depth, rawBytes: height * (rowBytes + 1) };
}

/**
 * Inflates the IDAT stream in small steps and throws once it produces more than the header allows: a PNG
 * that claims a small image but carries a zlib bomb is refused having held at most one step's output.
 */
function checkInflatedSize(png: Uint8Array, header: PngHeader): void {
  let produced = 0;
  const inflater = new Unzlib((chunk) => {
    produced += chunk.length;
  });
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let pos = 8; pos + 8 <= png.length;) {
    const length = dv.getUint32(pos);
    const type = String.fromCharCode(png[pos + 4], png[pos + 5], png[pos + 6], png[pos + 7]);
    const start = pos + 8;
    const end = Math.min(png.length, start + length);
    if (type === 'IDAT') {
      for (let p = start; p < end; p += INFLATE_STEP) {
        inflater.push(png.subarray(p, Math.min(end, p + INFLATE_STEP)), false);
        if (produced > header.rawBytes) {
          throw new Error(
            `PNG data inflates past the ${header.rawBytes}-byte image its header declares (${header.width}×${header.height})`,
          );
        }
      }
    }
    if (type === 'IEND') break;
    pos = end + 4; // CRC
  }
}

/**
 * rosbridge's "png" compression: `{op:"png", data:<base64 PNG>}` whose RGB(A) pixel bytes are the JSON text
 * of the real message, padded at the end with '\n' (and possibly zeros) to fill the image.
 * Returns that JSON text. The header's dimensions are checked against `maxPixelBytes` before the base64 is
 * decoded (LimitError), and the image data may not inflate past them; throws when the data is not a PNG.
 */
export function pngFrameText(base64: string, maxPixelBytes = Number.POSITIVE_INFINITY): string {
  const header = readPngHeader(base64ToBytes(base64.slice(0, 44)));
  if (header.rawBytes > maxPixelBytes) {
    throw new LimitError('pngBytes', `PNG of ${header.width}×${header.height}×${header.channels}`, header.rawBytes, maxPixelBytes);
  }
  const png = base64ToBytes(base64);
  checkInflatedSize(png, header);
  const decoded = decodePng(png);
  const data = decoded.data;
  if (!(data instanceof Uint8Array) && !(data instanceof Uint8ClampedArray))
    throw new Error(`PNG has ${decoded.depth}-bit samples, expected 8`);
  let end = data.length;
  while (end > 0 && (data[end - 1] === NEWLINE || data[end - 1] === 0)) end--;
  return utf8.decode(data.subarray(0, end));
}
