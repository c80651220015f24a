// When the 3D view cannot draw its scene fast enough (software rendering of a whole site: a second per
// frame), pacing (framePacer.ts) keeps the controls responsive, but the view itself still shows one picture a
// second. The detail governor trades detail for frames: after a few drawn frames slower than `slowMs` it steps
// the level of detail down, after a run of fast ones it tries the next finer level again (waiting twice as long
// before the next try each time a finer level proved too slow right away; a four times longer run of frames
// that were merely not slow tries too). Layers read the level in their frame:
//   level 1: big marker batches use their coarsest geometry, point clouds draw every 2nd point, robots' round
//            URDF primitives (spheres, cylinders) fewer segments and their big mesh files (over 20,000
//            triangles) a simplified twin (meshDetail.ts);
//   level 2: clouds every 4th point; level 3: every 8th;
//   level 4: the view draws at half resolution (a quarter of the pixels; upscaled to the canvas).
// Robots keep their size, pose and joints, and smaller mesh files and boxes stay as they are; maps, labels and
// small batches are never thinned or coarsened (only level 4 draws them with fewer pixels). The person
// can ask for full detail (the badge's button), which holds the level at 0 whatever the frames cost.
// On a software renderer the governor also predicts (expect()): a layer about to draw a big new payload (a
// cloud, a robot's mesh files) says what it would add at each level, and the level steps down before the
// frame that would have been slow, by the cost per drawn primitive: the least seen in frames that drew many
// (fixed costs included, so it errs coarse), or SOFTWARE_MS_PER_PRIMITIVE before such a frame. A predicted
// step is only a guess: frames that are merely not slow afterwards (not only fast ones) try finer levels
// again, until a real slow frame shows where the machine's limit is.

export interface DetailGovernorOptions {
  /** A drawn frame that cost more than this is slow (ms). */
  slowMs?: number;
  /** A drawn frame that cost less than this is fast (ms). */
  fastMs?: number;
  /** Slow frames in a row before the level steps down. */
  settleFrames?: number;
  /** Fast frames in a row before a finer level is tried (doubles after each failed try). */
  retryFrames?: number;
  maxLevel?: number;
}

/** Messages with fewer points are always drawn whole (laser scans, small clouds). */
export const THIN_CLOUDS_ABOVE = 20_000;

/** The coarsest level whose thinning a prediction uses (level 4 draws fewer pixels, not fewer primitives). */
const PREDICTED_LEVELS = 3;
/**
 * What a drawn primitive costs a software rasteriser before the view has drawn many (ms): twice what 300,000
 * cloud points cost SwiftShader on the bench's 2 cores (about 150 ms), so a faster CPU errs coarse, not fine.
 */
export const SOFTWARE_MS_PER_PRIMITIVE = 0.001;
/**
 * A run of frames that were not slow, this many times as long as the run of fast ones a try needs, tries a
 * finer level too: on a machine whose frames sit between `fastMs` and `slowMs` at every level a reduced level
 * would otherwise never be left (a failed try doubles the wait, as for fast runs).
 */
const CALM_TRIES = 4;
/** Frames whose least cost is a prediction's base. */
const RECENT_FRAMES = 8;
/** Frames that drew fewer primitives say little of the cost of one (their fixed part dominates). */
const LEARN_ABOVE = 20_000;

/** A cloud of more than THIN_CLOUDS_ABOVE points draws every n-th point at this level. */
export function cloudStrideAt(level: number): number {
  return 1 << Math.min(Math.max(0, level), 3);
}

/** Primitives (triangles, points, lines) a payload would add to the frame at a level of detail. */
export type PrimitivesAt = (level: number) => number;

export class DetailGovernor {
  private readonly slowMs: number;
  private readonly fastMs: number;
  private readonly settleFrames: number;
  private readonly baseRetry: number;
  readonly maxLevel: number;
  /** The level the frame costs call for (0 = full detail). */
  level = 0;
  /** The person asked for full detail. */
  full = false;
  private slowRun = 0;
  private fastRun = 0;
  /** Frames in a row that were not slow (fast or in between). */
  private calmRun = 0;
  private retry: number;
  private frames = 0;
  private finerAt = -Infinity;
  /** Times the level stepped down and up (diagnostics). */
  coarser = 0;
  finer = 0;
  /** Frames whose cost is not heard: after a shader warm-up draw (warmUp.ts), which stalls the next frame once. */
  private ignoring = 0;
  /** Predicts the cost of big new payloads (expect()): set where every primitive costs CPU time (software). */
  predictive = false;
  /** Times a prediction stepped the level down before a slow frame (diagnostics, e2e). */
  predicted = 0;
  /** The last frames' costs (ms), a ring: a prediction starts from the least of them (one spike is no base). */
  private readonly recent = new Float64Array(RECENT_FRAMES).fill(Number.NaN);
  /** The least cost per drawn primitive seen in a frame of many (ms; fixed costs included: an upper bound). */
  private learned = Number.POSITIVE_INFINITY;
  /** Levels a prediction stepped down that no slow frame has confirmed yet. */
  private guessed = 0;

  constructor(opts: DetailGovernorOptions = {}) {
    this.slowMs = opts.slowMs ?? 50;
    this.fastMs = opts.fastMs ?? 25;
    this.settleFrames = Math.max(1, opts.settleFrames ?? 3);
    this.baseRetry = Math.max(1, opts.retryFrames ?? 60);
    this.retry = this.baseRetry;
    this.maxLevel = Math.max(0, opts.maxLevel ?? 4);
  }

  /**
   * After each drawn frame: what it cost (ms, from its start to the next frame callback) and the primitives it
   * drew (renderer.info: triangles, points, lines).
   */
  observe(costMs: number, primitives = 0): void {
    if (!Number.isFinite(costMs) || costMs < 0) return;
    if (this.ignoring > 0) {
      this.ignoring--;
      return;
    }
    this.frames++;
    this.recent[this.frames % RECENT_FRAMES] = costMs;
    if (Number.isFinite(primitives) && primitives >= LEARN_ABOVE) this.learned = Math.min(this.learned, costMs / primitives);
    if (costMs > this.slowMs) {
      this.slowRun++;
      this.fastRun = 0;
      this.calmRun = 0;
    } else if (costMs < this.fastMs || this.guessed > 0) {
      this.fastRun++;
      this.calmRun++;
      this.slowRun = 0;
    } else {
      this.slowRun = 0;
      this.fastRun = 0;
      this.calmRun++;
    }
    if (this.slowRun >= this.settleFrames && this.level < this.maxLevel) {
      this.level++;
      this.coarser++;
      this.slowRun = 0;
      // Slow frames chose this level: it is no longer a guess.
      this.guessed = 0;
      // The finer level just tried was too slow at once: wait longer before the next try.
      if (this.frames - this.finerAt <= this.settleFrames * 2) this.retry = Math.min(this.retry * 2, this.baseRetry * 32);
    } else if ((this.fastRun >= this.retry || this.calmRun >= this.retry * CALM_TRIES) && this.level > 0) {
      this.level--;
      this.finer++;
      if (this.guessed > 0) this.guessed--;
      this.fastRun = 0;
      this.calmRun = 0;
      this.finerAt = this.frames;
    } else if (this.level === 0 && this.fastRun >= this.baseRetry * 32) {
      this.retry = this.baseRetry;
    }
  }

  /**
   * The next `frames` drawn frames say nothing of what the scene costs (a shader warm-up draw stalls the GPU
   * process once, ShaderWarmUp.tsx): their costs are not heard.
   */
  ignore(frames: number): void {
    this.ignoring = Math.max(this.ignoring, Math.max(0, Math.floor(frames)));
  }

  /**
   * A layer is about to draw a big new payload; `added(level)` is what it adds to the frame at each level. When
   * predicting (and not held at full detail), the level steps down at once to the finest one at which the least
   * cost of the last frames plus the payload's stays within `slowMs` (no further than a level that still thins it, and
   * than the coarsest thinning level). Without a frame seen yet nothing is predicted. Returns the level drawn.
   */
  expect(added: PrimitivesAt): number {
    let base = Number.POSITIVE_INFINITY;
    for (const c of this.recent) if (c < base) base = c;
    if (!this.predictive || this.full || !Number.isFinite(base)) return this.effective;
    const perPrimitive = Number.isFinite(this.learned) ? this.learned : SOFTWARE_MS_PER_PRIMITIVE;
    const last = Math.min(PREDICTED_LEVELS, this.maxLevel);
    let level = this.level;
    while (level < last && base + Math.max(0, added(level)) * perPrimitive > this.slowMs && added(level + 1) < added(level)) level++;
    if (level > this.level) {
      this.coarser += level - this.level;
      this.guessed += level - this.level;
      this.predicted++;
      this.level = level;
      this.slowRun = 0;
      this.fastRun = 0;
    }
    return this.effective;
  }

  /** The level the layers draw at. */
  get effective(): number {
    return this.full ? 0 : this.level;
  }

  get reduced(): boolean {
    return this.effective > 0;
  }

  /** A cloud of more than THIN_CLOUDS_ABOVE points draws every n-th point. */
  get cloudStride(): number {
    return cloudStrideAt(this.effective);
  }

  /** The share of the canvas's resolution the view draws at (DetailResolution in SceneStats.tsx applies it). */
  get resolutionScale(): number {
    return this.effective >= 4 ? 0.5 : 1;
  }

  /** Big marker batches draw their coarsest geometry. */
  get coarseMarkers(): boolean {
    return this.effective >= 1;
  }

  /** Robots' round URDF primitives draw with fewer segments and big mesh files simplified (robotBody.ts). */
  get coarseBodies(): boolean {
    return this.effective >= 1;
  }
}
