// When the 3D view cannot draw its scene fast enough (software rendering of a whole site: a second per
// frame), pacing (framePacer.ts) keeps the controls responsive, but the view itself still shows one picture a
// second. The detail governor trades detail for frames: after a few drawn frames slower than `slowMs` it steps
// the level of detail down, after a run of fast ones it tries the next finer level again (waiting twice as long
// before the next try each time a finer level proved too slow right away). Layers read the level in their frame:
//   level 1: big marker batches use their coarsest geometry, point clouds draw every 2nd point, robots' round
//            URDF primitives (spheres, cylinders) fewer segments and their big mesh files (over 20,000
//            triangles) a simplified twin (meshDetail.ts);
//   level 2: clouds every 4th point; level 3: every 8th;
//   level 4: the view draws at half resolution (a quarter of the pixels; upscaled to the canvas).
// Robots keep their size, pose and joints, and smaller mesh files and boxes stay as they are; maps, labels and
// small batches are never thinned or coarsened (only level 4 draws them with fewer pixels). The person
// can ask for full detail (the badge's button), which holds the level at 0 whatever the frames cost.

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
  private retry: number;
  private frames = 0;
  private finerAt = -Infinity;
  /** Times the level stepped down and up (diagnostics). */
  coarser = 0;
  finer = 0;

  constructor(opts: DetailGovernorOptions = {}) {
    this.slowMs = opts.slowMs ?? 50;
    this.fastMs = opts.fastMs ?? 25;
    this.settleFrames = Math.max(1, opts.settleFrames ?? 3);
    this.baseRetry = Math.max(1, opts.retryFrames ?? 60);
    this.retry = this.baseRetry;
    this.maxLevel = Math.max(0, opts.maxLevel ?? 4);
  }

  /** After each drawn frame: what it cost (ms, from its start to the next frame callback). */
  observe(costMs: number): void {
    if (!Number.isFinite(costMs) || costMs < 0) return;
    this.frames++;
    if (costMs > this.slowMs) {
      this.slowRun++;
      this.fastRun = 0;
    } else if (costMs < this.fastMs) {
      this.fastRun++;
      this.slowRun = 0;
    } else {
      this.slowRun = 0;
      this.fastRun = 0;
    }
    if (this.slowRun >= this.settleFrames && this.level < this.maxLevel) {
      this.level++;
      this.coarser++;
      this.slowRun = 0;
      // The finer level just tried was too slow at once: wait longer before the next try.
      if (this.frames - this.finerAt <= this.settleFrames * 2) this.retry = Math.min(this.retry * 2, this.baseRetry * 32);
    } else if (this.fastRun >= this.retry && this.level > 0) {
      this.level--;
      this.finer++;
      this.fastRun = 0;
      this.finerAt = this.frames;
    } else if (this.level === 0 && this.fastRun >= this.baseRetry * 32) {
      this.retry = this.baseRetry;
    }
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
    return 1 << Math.min(this.effective, 3);
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
