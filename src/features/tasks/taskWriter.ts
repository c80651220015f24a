// Saves changed tasks in the background, one batch (one transaction) at a time and in order. A failed batch
// touches nothing saved before; its tasks stay marked and are tried again a little later.
import type { Task } from './taskModel';

export interface TaskWriterOptions {
  save(batch: Task[]): Promise<void>;
  /** The task as it is now (a task may change again while a batch is being written). */
  lookup(id: string): Task | undefined;
  saved(): void;
  failed(err: unknown): void;
  retryMs?: number;
}

export class TaskWriter {
  private dirty = new Set<string>();
  /** In the batch being written now: the hub's echo of an older version must not replace the newer copy. */
  private inFlight = new Set<string>();
  private writing: Promise<void> = Promise.resolve();
  private retryTimer?: ReturnType<typeof setTimeout>;

  constructor(private readonly opts: TaskWriterOptions) {}

  /** Marks a task to be written with the next batch. */
  mark(id: string): void {
    this.dirty.add(id);
  }

  /** Marked, or in the batch being written (not yet in the table). */
  isDirty(id: string): boolean {
    return this.dirty.has(id) || this.inFlight.has(id);
  }

  /** Drops a pending write of this task (the hub's copy replaced it). */
  forget(id: string): void {
    this.dirty.delete(id);
  }

  /** Queues a batch of everything marked (nothing when nothing is). */
  schedule(): void {
    if (this.dirty.size === 0) return;
    this.writing = this.writing.then(() => this.writeDirty());
  }

  /** Waits for every pending write. */
  async flush(): Promise<void> {
    this.schedule();
    await this.writing;
  }

  dispose(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  private async writeDirty(): Promise<void> {
    if (this.dirty.size === 0) return;
    const ids = [...this.dirty];
    this.dirty.clear();
    for (const id of ids) this.inFlight.add(id);
    const batch = ids.map((id) => this.opts.lookup(id)).filter((t): t is Task => !!t);
    try {
      await this.opts.save(batch);
      for (const id of ids) this.inFlight.delete(id);
      this.opts.saved();
    } catch (err) {
      for (const id of ids) this.inFlight.delete(id);
      for (const id of ids) this.dirty.add(id);
      this.opts.failed(err);
      this.retryTimer ??= setTimeout(() => {
        this.retryTimer = undefined;
        this.schedule();
      }, this.opts.retryMs ?? 3000);
    }
  }
}
