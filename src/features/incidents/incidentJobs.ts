// The incident service's background work: delayed jobs (a clip is written once its window has passed) and
// running ones, so stop() can cancel what has not started and flush() can wait for what has.

export class IncidentJobs {
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private running = new Set<Promise<void>>();

  /** Keeps `job` until it settles (flush waits for it). */
  track(job: Promise<void>): void {
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
  }

  /** Runs `fn` after `delayMs` (at once when that is in the past) and tracks the job it starts. */
  later(delayMs: number, fn: () => Promise<void>): void {
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        this.track(fn());
      },
      Math.max(0, delayMs),
    );
    this.timers.add(t);
  }

  /** Resolves when every running job, and any job those start, has settled. */
  async flush(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  /** Cancels every delayed job that has not started. */
  cancel(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
