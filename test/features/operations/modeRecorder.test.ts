import { describe, expect, it } from 'vitest';
import { ModeRecorder, modeOf } from '../../../src/features/operations/modeRecorder';
import type { ModeEvent } from '../../../src/features/operations/serviceFigures';

describe('mode recorder', () => {
  it('maps link, control and task state to a mode', () => {
    expect(modeOf({ connected: false, teleop: true, taskActive: true })).toBe('disconnected');
    expect(modeOf({ connected: true, teleop: true, taskActive: true })).toBe('teleop');
    expect(modeOf({ connected: true, teleop: false, taskActive: true })).toBe('autonomous');
    expect(modeOf({ connected: true, teleop: false, taskActive: false })).toBe('idle');
  });

  it('writes only changes, survives a restart without duplicates, and closes removed robots', () => {
    const out: ModeEvent[] = [];
    const rec = new ModeRecorder((e) => void out.push(e));
    const idle = { connected: true, teleop: false, taskActive: false };
    rec.observe(1, new Map([['a', idle]]));
    rec.observe(2, new Map([['a', idle]]));
    rec.observe(3, new Map([['a', { ...idle, taskActive: true }]]));
    expect(out.map((e) => [e.at, e.mode])).toEqual([
      [1, 'idle'],
      [3, 'autonomous'],
    ]);
    const again = new ModeRecorder((e) => void out.push(e));
    again.seed(out);
    again.observe(4, new Map([['a', { ...idle, taskActive: true }]]));
    expect(out).toHaveLength(2);
    again.forget(5, 'a');
    expect(out[2]).toEqual({ robotId: 'a', at: 5, mode: 'disconnected' });
  });
});
