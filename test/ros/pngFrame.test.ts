import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
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
