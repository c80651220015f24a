// Byte-exact JSON: the recorded server's raw text survives inside PNG frames (06) and fragments (11, 13);
// serialising the recorded message again with the simulator's encoder must give the same bytes.
import { describe, expect, it } from 'vitest';
import { publishJson, pyRepr } from '../../src/sim/rosJson';
import { decodeSimPng, loadScenario } from './replay';

const TYPES: Record<string, string> = { '/map': 'nav_msgs/OccupancyGrid', '/battery': 'sensor_msgs/BatteryState' };

function rawTexts(name: string): string[] {
  const out: string[] = [];
  let frags: string[] = [];
  for (const l of loadScenario(name).lines) {
    if (l.dir !== 's2c' || l.type !== 'text') continue;
    const f = l.frame as { op: string; data: string; total: number };
    if (f.op === 'png') out.push(decodeSimPng(f.data).text);
    if (f.op === 'fragment') {
      frags.push(f.data);
      if (frags.length === Math.floor(f.total)) {
        out.push(frags.join(''));
        frags = [];
      }
    }
  }
  return out;
}

describe('publish JSON is byte-identical to the real server', () => {
  for (const name of ['06-compression-png', '11-fragmentation-and-ids', '13-roslib-fragment-reassembly']) {
    it(name, () => {
      const texts = rawTexts(name);
      expect(texts.length).toBeGreaterThan(0);
      for (const text of texts) {
        const frame = JSON.parse(text) as { topic: string; msg: unknown };
        expect(publishJson(frame.topic, TYPES[frame.topic]!, frame.msg)).toBe(text);
      }
    });
  }

  it('floats use Python repr', () => {
    expect([0, -1, 0.1, 1e-7, 1.5e-5, 2e16, 12.5, -0].map(pyRepr)).toEqual([
      '0.0',
      '-1.0',
      '0.1',
      '1e-07',
      '1.5e-05',
      '2e+16',
      '12.5',
      '-0.0',
    ]);
  });
});
