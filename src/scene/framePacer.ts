// When a frame of the 3D view costs more than the machine can give (software rendering of a whole site: a
// second per frame on a field laptop without GPU acceleration), drawing back to back leaves the UI thread no
// time for anything else: a click on E-STOP waited behind frames for tens of seconds. The pacer keeps a share
// of every second free: after a frame that cost `c`, the next one is drawn no sooner than `c * idle / busy`
// after it ended, so at most `busyShare` of the time goes to the 3D view. Frames cheaper than `freeBelowMs` are drawn
// back to back as before (a GPU machine never waits).
//
// The cost of a frame is measured from its start to the next frame callback: it includes the time the browser
// took to finish it (the GPU process, the compositor), which is what keeps the UI thread from its input.

export interface FramePacerOptions {
  /** The share of the time the view may take when its frames are expensive (0..1). */
  busyShare?: number;
  /** Frames that cost less than this are drawn every time. */
  freeBelowMs?: number;
  /** Weight of the newest frame in the smoothed cost (0..1). */
  smoothing?: number;
  /** Told the cost of every drawn frame once it is known (the detail governor listens). */
  onFrameCost?: (ms: number) => void;
}

/** Drawn frames whose start times are kept (for the bench and tests: what the person saw, when). */
const DRAWN_KEPT = 1024;

export class FramePacer {
  private readonly busyShare: number;
  private readonly freeBelowMs: number;
  private readonly smoothing: number;
  private readonly onFrameCost?: (ms: number) => void;
  private renderedAt: number | undefined;
  /** When the last drawn frame was found finished (its next frame callback). */
  private endedAt: number | undefined;
  private measuring = false;
  /** Smoothed cost of a drawn frame, ms. */
  costMs = 0;
  /** Frames drawn, frames passed over to leave the UI thread time. */
  drawn = 0;
  skipped = 0;
  private readonly drawnAt = new Float64Array(DRAWN_KEPT);

  constructor(opts: FramePacerOptions = {}) {
    this.busyShare = Math.min(1, Math.max(0.05, opts.busyShare ?? 2 / 3));
    this.freeBelowMs = opts.freeBelowMs ?? 100;
    this.smoothing = opts.smoothing ?? 0.3;
    this.onFrameCost = opts.onFrameCost;
  }

  /** The wait after a drawn frame before the next one may be drawn. */
  get gapMs(): number {
    if (this.costMs < this.freeBelowMs) return 0;
    return (this.costMs * (1 - this.busyShare)) / this.busyShare;
  }

  /** Whether the view is drawing fewer frames than the display offers. */
  get pacing(): boolean {
    return this.gapMs > 0;
  }

  /** At every frame callback (requestAnimationFrame time, ms): true when this frame is to be drawn. */
  tick(now: number): boolean {
    if (this.measuring && this.renderedAt !== undefined) {
      const cost = Math.max(0, now - this.renderedAt);
      this.costMs = this.drawn <= 1 ? cost : this.costMs + (cost - this.costMs) * this.smoothing;
      this.measuring = false;
      this.endedAt = now;
      this.onFrameCost?.(cost);
    }
    if (this.endedAt !== undefined && now - this.endedAt < this.gapMs) {
      this.skipped++;
      return false;
    }
    this.renderedAt = now;
    this.measuring = true;
    this.drawnAt[this.drawn % DRAWN_KEPT] = now;
    this.drawn++;
    return true;
  }

  /** The start times of the drawn frames kept (the last 1,024), from `since` on, oldest first. */
  drawnSince(since: number): number[] {
    const out: number[] = [];
    for (let i = Math.max(0, this.drawn - DRAWN_KEPT); i < this.drawn; i++) {
      const t = this.drawnAt[i % DRAWN_KEPT]!;
      if (t >= since) out.push(t);
    }
    return out;
  }
}
