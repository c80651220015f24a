import { describe, expect, it } from 'vitest';
import { FramePacer } from '../../src/scene/framePacer';

/** Frame callbacks every 16.7 ms, with a drawn frame delaying the next callback by its cost. */
function run(p: FramePacer, costMs: number, forMs: number, from = 0): { drawn: number[]; callbacks: number; end: number } {
  const drawn: number[] = [];
  let t = from;
  let callbacks = 0;
  while (t < from + forMs) {
    callbacks++;
    if (p.tick(t)) {
      drawn.push(t);
      t += Math.max(16.7, costMs);
    } else t += 16.7;
  }
  return { drawn, callbacks, end: t };
}

describe('FramePacer', () => {
  it('draws every frame while frames are cheap (also a slow 80 ms one: the controls wait at most that)', () => {
    const p = new FramePacer();
    const { drawn, callbacks } = run(p, 80, 2000);
    expect(drawn.length).toBe(callbacks);
    expect(p.pacing).toBe(false);
    expect(p.skipped).toBe(0);
  });

  it('leaves a third of the time free when each frame costs a second', () => {
    const p = new FramePacer({ busyShare: 2 / 3 });
    const { drawn } = run(p, 1000, 20_000);
    expect(p.pacing).toBe(true);
    expect(p.costMs).toBeCloseTo(1000, 0);
    // frame, then at least 500 ms of free time before the next: one drawn frame per ~1.5 s
    for (let i = 2; i < drawn.length; i++) expect(drawn[i] - drawn[i - 1]).toBeGreaterThanOrEqual(1500);
    const busy = (drawn.length * 1000) / 20_000;
    expect(busy).toBeLessThanOrEqual(2 / 3 + 0.05);
    expect(busy).toBeGreaterThan(0.55);
  });

  it('draws back to back again once frames are cheap again', () => {
    const p = new FramePacer();
    const before = run(p, 800, 10_000);
    expect(p.pacing).toBe(true);
    const after = run(p, 10, 3000, before.end);
    expect(p.pacing).toBe(false);
    // the last second: every callback drew
    const late = after.drawn.filter((t) => t > before.end + 2000);
    expect(late.length).toBeGreaterThan(55);
  });

  it('keeps the view drawing, never stopping it', () => {
    const p = new FramePacer({ busyShare: 0.1 });
    const { drawn } = run(p, 3000, 120_000);
    expect(drawn.length).toBeGreaterThan(2);
  });

  it('keeps the start times of the frames it drew, the newest 1,024, for reading back from a time on', () => {
    const p = new FramePacer();
    const { drawn } = run(p, 1000, 20_000);
    expect(p.drawnSince(0)).toEqual(drawn);
    expect(p.drawnSince(drawn[3]!)).toEqual(drawn.slice(3));
    const many = run(p, 10, 30_000, 20_000);
    const kept = p.drawnSince(0);
    expect(kept).toHaveLength(1024);
    expect(kept).toEqual(many.drawn.slice(-1024));
  });
});
