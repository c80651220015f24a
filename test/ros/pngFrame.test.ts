import { encode } from 'fast-png';
import { Zlib } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, LimitError } from '../../src/ros/limits';
import { pngFrameText } from '../../src/ros/pngFrame';
import { loadTranscript } from '../fixtures/transcript';

describe('pngFrameText', () => {
  it('recovers the JSON of every recorded PNG frame (scenario 06)', () => {
    const pngs = loadTranscript('06').filter((l) => l.dir === 's2c' && (l.frame as { op: string }).op === 'png');
    expect(pngs.length).toBe(2);
    for (const line of pngs) {
      const text = pngFrameText((line.frame as { data: string }).data);
      expect(JSON.parse(text)).toEqual(line.decoded_png);
    }
  });

  it('strips the newline padding of a PNG we pack ourselves', () => {
    const json = JSON.stringify({ op: 'publish', topic: '/x', msg: { data: 'héllo' } });
    const bytes = new TextEncoder().encode(json);
    const side = Math.ceil(Math.sqrt(Math.ceil(bytes.length / 3)));
    const rgb = new Uint8Array(side * side * 3).fill(0x0a);
    rgb.set(bytes);
    const png = Buffer.from(encode({ width: side, height: side, data: rgb, channels: 3, depth: 8 })).toString('base64');
    expect(pngFrameText(png)).toBe(json);
  });

  it('throws on data that is not a PNG', () => {
    expect(() => pngFrameText(Buffer.from('not a png').toString('base64'))).toThrow();
  });
});

/** A PNG from parts: IHDR with the given size, then IDAT bytes as they are (no CRC checks are made). */
function rawPng(width: number, height: number, idat: Uint8Array): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, data.length);
    out.set(Buffer.from(type, 'latin1'), 4);
    out.set(data, 8);
    return out;
  };
  const ihdr = new Uint8Array(13);
  const dv = new DataView(ihdr.buffer);
  dv.setUint32(0, width);
  dv.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, adaptive filter, no interlace
  const parts = [
    Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array(0)),
  ];
  return concat(parts);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** zlib stream of `mb` megabytes of zeros, made in 1 MB steps (never holding the inflated data). */
function zerosZlib(mb: number): Uint8Array {
  const out: Uint8Array[] = [];
  const z = new Zlib({ level: 6 }, (chunk: Uint8Array) => void out.push(chunk));
  const zeros = new Uint8Array(1 << 20);
  for (let i = 0; i < mb; i++) z.push(zeros, i === mb - 1);
  return concat(out);
}

describe('pngFrameText against PNG bombs', () => {
  it('a 2 MB frame claiming 20000×20000 is refused from its header, before its data is decoded', () => {
    const idat = new Uint8Array(2 * 1024 * 1024);
    for (let i = 0; i < idat.length; i++) idat[i] = (i * 7919) & 0xff; // not even valid zlib
    const b64 = Buffer.from(rawPng(20000, 20000, idat)).toString('base64');
    const before = process.memoryUsage().arrayBuffers;
    let err: unknown;
    try {
      pngFrameText(b64, DEFAULT_LIMITS.pngBytes);
    } catch (e) {
      err = e;
    }
    const grew = process.memoryUsage().arrayBuffers - before;
    expect(err).toBeInstanceOf(LimitError);
    expect(err).toMatchObject({ limit: 'pngBytes', size: 20000 * (1 + 20000 * 3), max: DEFAULT_LIMITS.pngBytes });
    expect((err as Error).message).toMatch(/PNG of 20000×20000×3: 1,200,020,000 bytes, limit 67,108,864/);
    expect(grew).toBeLessThan(1024 * 1024); // the 2 MB of base64 were never decoded
  });

  it('a small image whose data inflates to 16 MB (zlib bomb) is refused having held one step of it', () => {
    const bomb = zerosZlib(16);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const b64 = Buffer.from(rawPng(1000, 1000, bomb)).toString('base64');
    const before = process.memoryUsage().arrayBuffers;
    expect(() => pngFrameText(b64, DEFAULT_LIMITS.pngBytes)).toThrow(
      /inflates past the 3001000-byte image its header declares \(1000×1000\)/,
    );
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(12 * 1024 * 1024);
  });

  it('an honest PNG within the limit decodes; the same one above a lower limit is refused', () => {
    const json = JSON.stringify({ op: 'publish', topic: '/x', msg: { data: 1 } });
    const rgb = new Uint8Array(16 * 16 * 3).fill(0x0a);
    rgb.set(new TextEncoder().encode(json));
    const png = Buffer.from(encode({ width: 16, height: 16, data: rgb, channels: 3, depth: 8 })).toString('base64');
    expect(pngFrameText(png, 16 * 49)).toBe(json);
    expect(() => pngFrameText(png, 16 * 49 - 1)).toThrow(LimitError);
  });
});
