import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, LimitError } from '../../src/ros/limits';
import { pngFrameText } from '../../src/ros/pngFrame';
import { loadTranscript } from '../fixtures/transcript';
import { rawPng, zerosZlib } from '../support/bytes';

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
