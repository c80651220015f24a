import { clockEstimate, timeFromRosapi, type CallFn } from './rosapi';

/**
 * Round-trip latency and robot clock offset from a periodic rosapi/get_time call (one in flight at a time).
 * Offset is robot minus console at the midpoint of the round trip (NTP-style).
 */
export class LatencyProbe {
  private timer: ReturnType<typeof setInterval> | undefined;
  private inFlight = false;
  private failureReported = false;
  /** Bumped by start/stop so that an answer from an earlier connection is ignored. */
  private generation = 0;

  constructor(
    private readonly call: CallFn,
    private readonly onFigure: (f: { latencyMs: number; clockOffsetMs: number }) => void,
    /** Called once per start() when the call fails (no rosapi, timeout). */
    private readonly onFailure: (text: string) => void,
    private readonly intervalMs = 2000,
  ) {}

  start(): void {
    this.stop();
    if (this.intervalMs <= 0) return;
    this.failureReported = false;
    this.timer = setInterval(() => this.probe(), this.intervalMs);
    this.probe();
  }

  stop(): void {
    this.generation++;
    this.inFlight = false;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private probe(): void {
    if (this.inFlight) return;
    this.inFlight = true;
    const sentAt = Date.now();
    const generation = this.generation;
    this.call('/rosapi/get_time', 'rosapi/GetTime', {}, Math.max(5000, this.intervalMs))
      .then(
        (values) => {
          const robotMs = timeFromRosapi(values);
          if (robotMs !== undefined && generation === this.generation) this.onFigure(clockEstimate(sentAt, robotMs, Date.now()));
        },
        (e: unknown) => {
          if (this.failureReported || generation !== this.generation) return;
          this.failureReported = true;
          this.onFailure(`no latency/clock figure: /rosapi/get_time failed (${e instanceof Error ? e.message : String(e)})`);
        },
      )
      .finally(() => {
        if (generation === this.generation) this.inFlight = false;
      });
  }
}
