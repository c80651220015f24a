// The level of detail follows what the drawn frames cost: down after a few slow frames, up again after a run of
// fast ones, waiting longer before the next try when a finer level proved too slow at once; the person's "full
// detail" holds it at 0.
import { describe, expect, it } from 'vitest';
import { DetailGovernor } from '../../src/scene/detailGovernor';
import { FramePacer } from '../../src/scene/framePacer';

function feed(g: DetailGovernor, costMs: number, frames: number): void {
  for (let i = 0; i < frames; i++) g.observe(costMs);
}

function steps(g: DetailGovernor, rows: [costMs: number, frames: number, level: number][]): void {
  for (const [costMs, frames, level] of rows) {
    feed(g, costMs, frames);
    expect(g.level, `after ${frames} frames of ${costMs} ms`).toBe(level);
  }
}

describe('DetailGovernor', () => {
  it('keeps full detail while frames are at display rate or merely slowish', () => {
    const g = new DetailGovernor();
    feed(g, 16.7, 500);
    feed(g, 40, 500);
    expect(g.level).toBe(0);
    expect(g.reduced).toBe(false);
    expect(g.cloudStride).toBe(1);
    expect(g.coarseMarkers).toBe(false);
  });

  it('steps down one level per few slow frames, to its coarsest, and says what the layers draw', () => {
    const g = new DetailGovernor({ settleFrames: 3, maxLevel: 3 });
    feed(g, 900, 2);
    expect(g.level).toBe(0);
    feed(g, 900, 1);
    expect(g.level).toBe(1);
    expect(g.coarseMarkers).toBe(true);
    expect(g.cloudStride).toBe(2);
    feed(g, 900, 100);
    expect(g.level).toBe(3);
    expect(g.cloudStride).toBe(8);
    expect(g.coarser).toBe(3);
    expect(g.resolutionScale).toBe(1);
  });

  it('its last level draws the view at half resolution, clouds still every 8th point; full detail at full resolution', () => {
    const g = new DetailGovernor({ settleFrames: 3 });
    expect(g.maxLevel).toBe(4);
    feed(g, 900, 9);
    expect(g.level).toBe(3);
    expect(g.resolutionScale).toBe(1);
    feed(g, 900, 100);
    expect(g.level).toBe(4);
    expect(g.resolutionScale).toBe(0.5);
    expect(g.cloudStride).toBe(8);
    g.full = true;
    expect(g.resolutionScale).toBe(1);
    g.full = false;
    // and back at full resolution once frames are fast again
    feed(g, 10, 60);
    expect(g.level).toBe(3);
    expect(g.resolutionScale).toBe(1);
  });

  it('a single slow frame among fast ones changes nothing', () => {
    const g = new DetailGovernor({ settleFrames: 3 });
    for (let i = 0; i < 50; i++) {
      g.observe(300);
      g.observe(16);
    }
    expect(g.level).toBe(0);
  });

  it('tries a finer level after a run of fast frames, and waits twice as long after a try that failed at once', () => {
    const g = new DetailGovernor({ settleFrames: 2, retryFrames: 10, maxLevel: 2 });
    // [cost of each frame, frames, level after them]
    steps(g, [
      [500, 4, 2],
      [10, 9, 2],
      [10, 1, 1],
      // Level 1 is too slow right away: back to 2, and the next try needs 20 fast frames.
      [500, 2, 2],
      [10, 19, 2],
      [10, 1, 1],
      // This time it holds: later tries come at the longer interval.
      [10, 20, 0],
    ]);
    expect(g.finer).toBe(3);
  });

  it('full detail holds the drawn level at 0 while the measured level stays', () => {
    const g = new DetailGovernor();
    feed(g, 900, 20);
    g.full = true;
    expect(g.level).toBeGreaterThan(0);
    expect(g.effective).toBe(0);
    expect(g.cloudStride).toBe(1);
    expect(g.coarseMarkers).toBe(false);
    expect(g.resolutionScale).toBe(1);
    g.full = false;
    expect(g.effective).toBe(g.level);
  });

  it('ignores readings that are no time (NaN, negative)', () => {
    const g = new DetailGovernor({ settleFrames: 1 });
    g.observe(Number.NaN);
    g.observe(-5);
    g.observe(Number.POSITIVE_INFINITY);
    expect(g.level).toBe(0);
  });

  it('hears the cost of each drawn frame from the frame pacer', () => {
    const costs: number[] = [];
    const p = new FramePacer({ onFrameCost: (ms) => costs.push(ms) });
    p.tick(0);
    p.tick(250);
    p.tick(1000);
    expect(costs[0]).toBe(250);
    expect(costs.length).toBeGreaterThanOrEqual(1);
  });
});
