import type { LinkStatus } from './types';

/** A link's current status with its listeners; `whenConnected` waits for the next connection. */
export class StatusBox {
  private current: LinkStatus;
  private readonly listeners = new Set<(s: LinkStatus) => void>();

  constructor(
    readonly url: string,
    initial: Omit<LinkStatus, 'url'>,
  ) {
    this.current = { ...initial, url };
  }

  get(): LinkStatus {
    return this.current;
  }

  subscribe(cb: (s: LinkStatus) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  set(next: Omit<LinkStatus, 'url'>): void {
    this.current = { ...next, url: this.url };
    for (const cb of this.listeners) {
      try {
        cb(this.current);
      } catch (e) {
        console.error('robot link: status listener threw', e);
      }
    }
  }

  /** The last latency/clock figures, carried into every status so a card can show them with their age. */
  figures(): Pick<LinkStatus, 'latencyMs' | 'clockOffsetMs' | 'figuresAt'> {
    const { latencyMs, clockOffsetMs, figuresAt } = this.current;
    return { latencyMs, clockOffsetMs, figuresAt };
  }

  /** Resolves once connected; rejects at once when failed or closed, or after `timeoutMs`. */
  whenConnected(timeoutMs: number): Promise<void> {
    const { state, reason } = this.current;
    if (state === 'connected') return Promise.resolve();
    if (state === 'failed' || state === 'closed') return Promise.reject(new Error(`robot link ${state}: ${reason ?? ''}`));
    return new Promise((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer);
        off();
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(
        () => done(new Error(`not connected to the robot within ${timeoutMs} ms (${this.current.reason ?? this.current.state})`)),
        timeoutMs,
      );
      const off = this.subscribe((s) => {
        if (s.state === 'connected') done();
        else if (s.state === 'failed' || s.state === 'closed') done(new Error(`robot link ${s.state}: ${s.reason ?? ''}`));
      });
    });
  }
}
