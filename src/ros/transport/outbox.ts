// Worker -> main thread in batches. Every postMessage is a task on the UI thread with a fixed cost (the
// event, the task switch, a structured-clone header) on top of the message itself: 10 humanoids streaming
// /tf and /joint_states at 100 Hz are ~2,000 of them a second, which cost the site scene 0.6-1.1 s of UI
// thread in 8 s. A robot publishes its topics in bursts (one control tick sends /tf and /joint_states
// together), so messages that arrive within a few milliseconds of each other cross as one post.

/** How long a message may wait in the worker for company: a fraction of one 16 ms frame. */
export const BATCH_MS = 3;
/** A batch is posted at once when it holds this many messages ... */
export const BATCH_MAX = 64;
/** ... or this many bytes (a big map or cloud never waits). */
export const BATCH_BYTES = 1024 * 1024;

export interface OutboxClock {
  now(): number;
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(t: unknown): void;
}

const realClock: OutboxClock = {
  now: () => performance.now(),
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
};

/**
 * Collects items and hands them on together: BATCH_MS after the first one, or at once when the batch is full,
 * big, old (a late timer in a busy worker does not hold messages back while frames keep arriving) or when an
 * item is urgent (a service response, the connection's open or end). Order is kept: `flush()` before
 * posting anything that does not go through the outbox.
 */
export class Outbox<T> {
  private items: T[] = [];
  private transfer: Transferable[] = [];
  private bytes = 0;
  private since = 0;
  private timer: unknown;

  constructor(
    private readonly post: (items: T[], transfer: Transferable[]) => void,
    private readonly clock: OutboxClock = realClock,
  ) {}

  get size(): number {
    return this.items.length;
  }

  add(item: T, bytes: number, transfer: Transferable[] | undefined, urgent: boolean): void {
    const now = this.clock.now();
    if (this.items.length === 0) this.since = now;
    this.items.push(item);
    this.bytes += bytes;
    if (transfer) for (const t of transfer) if (!this.transfer.includes(t)) this.transfer.push(t);
    if (urgent || this.items.length >= BATCH_MAX || this.bytes >= BATCH_BYTES || now - this.since >= BATCH_MS) this.flush();
    else this.timer ??= this.clock.setTimeout(() => this.flush(), BATCH_MS);
  }

  flush(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.items.length === 0) return;
    const { items, transfer } = this;
    this.items = [];
    this.transfer = [];
    this.bytes = 0;
    this.post(items, transfer);
  }
}
