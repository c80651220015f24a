// lz4js ships no types: the two functions the clip writer and reader use (LZ4 frame format).
declare module 'lz4js' {
  export function compress(src: Uint8Array, maxSize?: number): Uint8Array;
  export function decompress(src: Uint8Array, maxSize?: number): Uint8Array;
}
