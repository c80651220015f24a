// Chunk compression of evidence clips: LZ4 frames from lz4js, plain JavaScript. The console's content security
// policy allows scripts from the app only and no 'wasm-unsafe-eval' (electron/csp.ts), so WebAssembly
// compressors (zstd builds, @foxglove/wasm-lz4) cannot be instantiated in the renderer; lz4js needs neither
// eval nor WebAssembly. MCAP's "lz4" is the LZ4 frame format, which Foxglove, Lichtblick and the mcap CLI read.
import { compress, decompress } from 'lz4js';

/** For McapWriter's compressChunk: LZ4 when it saves space, else the chunk as it is (compression ""). */
export function compressChunk(data: Uint8Array): { compression: string; compressedData: Uint8Array } {
  if (data.byteLength < 64) return { compression: '', compressedData: data };
  const out = compress(data);
  return out.byteLength < data.byteLength ? { compression: 'lz4', compressedData: out } : { compression: '', compressedData: data };
}

/** For McapIndexedReader / McapStreamReader: the decompressors a clip may need. */
export const decompressHandlers = {
  lz4: (buffer: Uint8Array, decompressedSize: bigint): Uint8Array => decompress(buffer, Number(decompressedSize)),
};
