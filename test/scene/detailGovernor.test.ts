// The level of detail follows what the drawn frames cost: down after a few slow frames, up again after a run of
// fast ones, waiting longer before the next try when a finer level proved too slow at once; the person's "full
// detail" holds it at 0.
import { describe, expect, it } from 'vitest';
import { cloudStrideAt, DetailGovernor, SOFTWARE_MS_PER_PRIMITIVE } from '../../src/scene/detailGovernor';
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

  it('frames between fast and slow at a reduced level try a finer one after a long run; a failed try doubles the wait', () => {
    const g = new DetailGovernor({ settleFrames: 2, retryFrames: 10, maxLevel: 2 });
    steps(g, [
      [500, 4, 2],
      // 40 ms frames (neither fast nor slow): the 40th tries level 1.
      [40, 39, 2],
      [40, 1, 1],
      // Too slow at once: back to 2, and the next try comes after 80.
      [500, 2, 2],
      [40, 79, 2],
      [40, 1, 1],
      // It holds at 40 ms: level 0 after another 80 such frames.
      [40, 80, 0],
    ]);
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

  it('does not hear the frames it was told to ignore (after a shader warm-up draw), nor predicts from them', () => {
    const g = new DetailGovernor({ settleFrames: 1 });
    g.predictive = true;
    g.ignore(2);
    g.ignore(1);
    feed(g, 900, 2);
    expect(g.level).toBe(0);
    expect(g.expect((level) => 1e6 / cloudStrideAt(level))).toBe(0);
    feed(g, 900, 1);
    expect(g.level).toBe(1);
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

  describe('predicting big payloads (software renderers)', () => {
    const cloud = (points: number) => (level: number) => points / cloudStrideAt(level);

    it('steps down before the slow frame, to the finest level at which the last frame plus the payload fit', () => {
      const g = new DetailGovernor({ slowMs: 50 });
      g.predictive = true;
      // 100,000 primitives in 20 ms: 0.0002 ms each (an upper bound: the frame's fixed cost is in it).
      g.observe(20, 100_000);
      // 300,000 points: full 20 + 60 = 80 ms (slow), every 2nd 20 + 30 = 50 ms (fits).
      expect(g.expect(cloud(300_000))).toBe(1);
      expect(g.level).toBe(1);
      expect(g.cloudStride).toBe(2);
      expect(g.predicted).toBe(1);
      expect(g.coarser).toBe(1);
      // Three times the cloud fits nowhere: the coarsest thinning level, not half resolution.
      expect(g.expect(cloud(3_000_000))).toBe(3);
      expect(g.coarser).toBe(3);
      expect(g.resolutionScale).toBe(1);
    });

    it('a payload that fits changes nothing; nor does one at a level already coarse enough', () => {
      const g = new DetailGovernor({ slowMs: 50 });
      g.predictive = true;
      g.observe(20, 100_000);
      expect(g.expect(cloud(100_000))).toBe(0);
      feed(g, 900, 9);
      expect(g.level).toBe(3);
      expect(g.expect(cloud(3_000_000))).toBe(3);
      expect(g.predicted).toBe(0);
    });

    it('learns the least cost per primitive from frames that drew many; a mesh stops at the level that simplifies it', () => {
      const g = new DetailGovernor({ slowMs: 50 });
      g.predictive = true;
      // A frame of 1,000 primitives in 16 ms says nothing of one primitive (16 µs would be far too much).
      g.observe(16, 1_000);
      g.observe(30, 100_000);
      // 0.0003 ms a primitive: 500,000 triangles 180 ms, their 10,000-triangle twins 33 ms.
      expect(g.expect((level) => (level >= 1 ? 10_000 : 500_000))).toBe(1);
      expect(g.coarseBodies).toBe(true);
      // Twins that are still too much: coarser levels would not simplify them further, so the level stays.
      expect(g.expect((level) => (level >= 1 ? 200_000 : 500_000))).toBe(1);
    });

    it(`before a frame that drew many, a primitive is taken to cost ${SOFTWARE_MS_PER_PRIMITIVE} ms`, () => {
      const g = new DetailGovernor({ slowMs: 50 });
      g.predictive = true;
      g.observe(20, 2_000);
      // 20 ms + 25,000 points: fits; 20 + 40,000: every 2nd point.
      expect(g.expect(cloud(25_000))).toBe(0);
      expect(g.expect(cloud(40_000))).toBe(1);
    });

    it('starts from the least cost of the last frames: one slow frame (a startup stall) is not the base', () => {
      const g = new DetailGovernor({ slowMs: 50 });
      g.predictive = true;
      feed(g, 20, 7);
      g.observe(400, 2_000);
      expect(g.expect(cloud(25_000))).toBe(0);
      // Eight slow frames in a row are the base (and by then slow frames have stepped the level down).
      feed(g, 400, 8);
      const level = g.level;
      expect(g.expect(cloud(25_000))).toBe(Math.max(level, 3));
    });

    it('a guessed level is tried finer after frames that are merely not slow; a level slow frames chose is not', () => {
      const g = new DetailGovernor({ retryFrames: 10 });
      g.predictive = true;
      g.observe(30, 10);
      expect(g.expect(cloud(300_000))).toBe(3);
      // 30 ms frames: neither fast nor slow. A guess is undone by them, level by level; a single slow frame
      // among them confirms nothing.
      feed(g, 30, 5);
      g.observe(900);
      feed(g, 30, 30);
      expect(g.level).toBe(0);
      // Slow frames bring it down right after that last step (so the next try waits twice as long: 20), and
      // 30 ms frames then try finer only after four times as many (80: the machine showed its limit).
      feed(g, 900, 3);
      expect(g.level).toBe(1);
      feed(g, 30, 79);
      expect(g.level).toBe(1);
      feed(g, 30, 1);
      expect(g.level).toBe(0);
    });

    it('predicts nothing on a hardware renderer, at full detail, or before a frame was seen', () => {
      const hw = new DetailGovernor();
      hw.observe(16, 10);
      expect(hw.expect(cloud(1e7))).toBe(0);
      const fresh = new DetailGovernor();
      fresh.predictive = true;
      expect(fresh.expect(cloud(1e7))).toBe(0);
      const held = new DetailGovernor();
      held.predictive = true;
      held.observe(16, 10);
      held.full = true;
      expect(held.expect(cloud(1e7))).toBe(0);
      expect(held.level).toBe(0);
      expect(hw.predicted + fresh.predicted + held.predicted).toBe(0);
    });

    it('a prediction that erred coarse is undone by the usual run of fast frames', () => {
      const g = new DetailGovernor({ retryFrames: 10 });
      g.predictive = true;
      g.observe(16, 10);
      expect(g.expect(cloud(300_000))).toBe(3);
      feed(g, 16, 30);
      expect(g.level).toBe(0);
      expect(g.finer).toBe(3);
    });
  });
});
