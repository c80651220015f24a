// A minimal POSIX ustar writer/reader for dataset bundles: regular files only, names up to 100 bytes
// (prefix field unused), sizes up to 8 GiB. Every header checksum is verified on read, so a damaged or
// truncated bundle is reported rather than half-read.

export interface TarEntry {
  name: string;
  data: Uint8Array;
  mtimeSec?: number;
}

const BLOCK = 512;
const enc = new TextEncoder();
const dec = new TextDecoder();

export class TarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarError';
  }
}

function writeString(h: Uint8Array, off: number, len: number, s: string): void {
  const b = enc.encode(s);
  if (b.length > len) throw new TarError(`tar: "${s}" is longer than ${len} bytes`);
  h.set(b, off);
}

function writeOctal(h: Uint8Array, off: number, len: number, n: number): void {
  writeString(h, off, len, n.toString(8).padStart(len - 1, '0') + '\0');
}

function checksum(h: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
  return sum;
}

export function tarHeader(e: TarEntry): Uint8Array {
  const h = new Uint8Array(BLOCK);
  writeString(h, 0, 100, e.name);
  writeOctal(h, 100, 8, 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, e.data.length);
  writeOctal(h, 136, 12, Math.floor(e.mtimeSec ?? Date.now() / 1000));
  h[156] = '0'.charCodeAt(0);
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  writeOctal(h, 148, 7, checksum(h));
  h[155] = 0x20;
  return h;
}

export function paddingFor(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** The parts of an archive in order (headers, data, padding, end blocks), ready for `new Blob(parts)`. */
export function tarParts(entries: Iterable<TarEntry>): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (const e of entries) {
    parts.push(tarHeader(e), e.data);
    const pad = paddingFor(e.data.length);
    if (pad) parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(BLOCK * 2));
  return parts;
}

export function writeTar(entries: Iterable<TarEntry>): Uint8Array {
  const parts = tarParts(entries);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

function readString(h: Uint8Array, off: number, len: number): string {
  const end = h.subarray(off, off + len).indexOf(0);
  return dec.decode(h.subarray(off, end < 0 ? off + len : off + end));
}

function readOctal(h: Uint8Array, off: number, len: number): number {
  const s = readString(h, off, len).trim();
  if (!/^[0-7]*$/.test(s)) throw new TarError(`tar: bad number field "${s}"`);
  return s ? parseInt(s, 8) : 0;
}

/** Reads every regular file. Throws TarError naming the first problem (bad checksum, truncation). */
export function readTar(bytes: Uint8Array): TarEntry[] {
  const out: TarEntry[] = [];
  let off = 0;
  if (bytes.length < BLOCK || bytes.length % BLOCK !== 0) {
    throw new TarError(`not a tar archive: ${bytes.length} bytes is not a whole number of 512-byte blocks`);
  }
  while (off + BLOCK <= bytes.length) {
    const h = bytes.subarray(off, off + BLOCK);
    if (h.every((b) => b === 0)) return out; // end of archive
    const stored = readOctal(h, 148, 8);
    if (stored !== checksum(h)) throw new TarError(`damaged archive: header checksum mismatch at byte ${off}`);
    const name = readString(h, 0, 100);
    const prefix = readString(h, 345, 155);
    const size = readOctal(h, 124, 12);
    const kind = String.fromCharCode(h[156] || 48);
    off += BLOCK;
    if (off + size > bytes.length) throw new TarError(`damaged archive: "${name}" is cut short`);
    if (kind === '0') {
      out.push({ name: prefix ? `${prefix}/${name}` : name, data: bytes.slice(off, off + size), mtimeSec: readOctal(h, 136, 12) });
    }
    off += size + paddingFor(size);
  }
  throw new TarError('damaged archive: no end-of-archive marker (truncated?)');
}
