// Byte builders the tests share: concatenation, a PNG made from raw parts (to declare any size), and zlib
// streams of zeros (to inflate to any size without holding it).
import { Zlib } from 'fflate';

/** The parts one after another in a new array. */
export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A PNG from parts: IHDR declaring width×height 8-bit RGB, then `idat` as it is (CRCs are not checked by the link). */
export function rawPng(width: number, height: number, idat: Uint8Array): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    new DataView(out.buffer).setUint32(0, data.length);
    out.set(Buffer.from(type, 'latin1'), 4);
    out.set(data, 8);
    return out;
  };
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return concat([
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** zlib of `mb` megabytes of zeros, made in 1 MB steps. */
export function zerosZlib(mb: number): Uint8Array {
  const out: Uint8Array[] = [];
  const z = new Zlib({ level: 6 }, (chunk: Uint8Array) => void out.push(chunk));
  const zeros = new Uint8Array(1 << 20);
  for (let i = 0; i < mb; i++) z.push(zeros, i === mb - 1);
  return concat(out);
}
