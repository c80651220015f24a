// A pool of preparation workers sized to the machine: big payloads (occupancy grids, point clouds, mesh files)
// are turned into render-ready buffers there, never on the UI thread. Work is keyed (robot + topic, or a mesh
// file's URL): a newer job of the same key replaces one still waiting, and the result of one already running is
// dropped when it comes back, so the UI only ever uploads the newest message.

import type { PrepReply, PrepRequest } from './prepWorkerHost';

/** The side of a Worker the pool uses. */
export interface PrepPort {
  postMessage(m: PrepRequest, transfer?: Transferable[]): void;
  onmessage: ((ev: { data: PrepReply }) => void) | null;
  onerror?: ((ev: unknown) => void) | null;
  terminate?(): void;
}

type Job = { id: number; key: string; req: Omit<PrepRequest, 'id'>; done: (reply: PrepReply) => void; transfer?: Transferable[] };

interface Slot {
  port: PrepPort | undefined;
  job: Job | undefined;
}

/** Workers for a machine with this many logical cores: one core stays with the UI thread, at most 4. */
export function poolSize(cores: number | undefined): number {
  const n = Number.isFinite(cores) && (cores as number) > 0 ? Math.floor(cores as number) : 2;
  return Math.max(1, Math.min(4, n - 1));
}

export class PrepPool {
  private readonly slots: Slot[];
  /** Waiting jobs in arrival order, at most one per key. */
  private readonly queue = new Map<string, Job>();
  /** The newest job id of each key: a reply with another id is stale. */
  private readonly latest = new Map<string, number>();
  private nextId = 1;
  /** Replies dropped because a newer job of their key had been submitted (for tests and the bench). */
  dropped = 0;
  /** Jobs a worker answered, by kind (for tests: which payloads went through the pool). */
  readonly answered: Record<string, number> = {};
  private disposed = false;

  constructor(
    private readonly factory: () => PrepPort,
    size: number,
  ) {
    this.slots = Array.from({ length: Math.max(1, size) }, () => ({ port: undefined, job: undefined }));
  }

  get size(): number {
    return this.slots.length;
  }

  /** Jobs waiting for a worker. */
  get waiting(): number {
    return this.queue.size;
  }

  /** Jobs running in a worker. */
  get running(): number {
    return this.slots.filter((s) => s.job).length;
  }

  /**
   * Prepares `req` in a worker; `done` is called with the reply unless a newer job of the same key was submitted
   * meanwhile (then the newer one's `done` gets its reply instead). The request is copied to the worker, so the
   * message stays usable on the UI thread, except the buffers in `transfer`: they are moved to the worker (the
   * caller gives them up; a job that could not be posted is answered with an error).
   */
  submit(key: string, req: Omit<PrepRequest, 'id'>, done: (reply: PrepReply) => void, transfer?: Transferable[]): void {
    if (this.disposed) return;
    const job: Job = { id: this.nextId++, key, req, done, transfer };
    this.latest.set(key, job.id);
    if (this.queue.delete(key)) this.dropped++;
    this.queue.set(key, job);
    this.pump();
  }

  /**
   * Starts every worker now (the view calls it once it is up and idle): a worker started by the first big
   * message costs that message's frame the worker's start and its module's loading.
   */
  start(): void {
    if (this.disposed) return;
    for (const slot of this.slots) {
      try {
        slot.port ??= this.spawn(slot);
      } catch {
        // started again with its first job, which then reports the failure
      }
    }
  }

  /** Forget a key: its waiting job goes, a running one's reply is dropped. */
  cancel(key: string): void {
    this.queue.delete(key);
    this.latest.delete(key);
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const next = this.queue.values().next();
      if (next.done) return;
      const job = next.value;
      this.queue.delete(job.key);
      this.run(slot, job);
    }
  }

  private run(slot: Slot, job: Job): void {
    slot.job = job;
    try {
      slot.port ??= this.spawn(slot);
      const req = { ...job.req, id: job.id } as PrepRequest;
      if (job.transfer?.length) slot.port.postMessage(req, job.transfer);
      else slot.port.postMessage(req);
    } catch (e) {
      this.finish(slot, { id: job.id, kind: job.req.kind, result: null, error: e instanceof Error ? e.message : String(e) });
    }
  }

  private spawn(slot: Slot): PrepPort {
    const port = this.factory();
    port.onmessage = ({ data }) => this.finish(slot, data);
    port.onerror = (ev) => {
      const job = slot.job;
      // A worker that failed is replaced on its next job.
      slot.port?.terminate?.();
      slot.port = undefined;
      if (job) this.finish(slot, { id: job.id, kind: job.req.kind, result: null, error: `preparation worker failed: ${String(ev)}` });
    };
    return port;
  }

  private finish(slot: Slot, reply: PrepReply): void {
    const job = slot.job;
    slot.job = undefined;
    if (this.disposed) return;
    if (job) this.answered[job.req.kind] = (this.answered[job.req.kind] ?? 0) + 1;
    if (job && job.id === reply.id) {
      if (this.latest.get(job.key) === job.id) {
        this.latest.delete(job.key);
        job.done(reply);
      } else this.dropped++;
    }
    this.pump();
  }

  dispose(): void {
    this.disposed = true;
    this.queue.clear();
    for (const s of this.slots) s.port?.terminate?.();
  }
}

let shared: PrepPool | null | undefined;
let workerFactory: (() => PrepPort) | undefined;

/**
 * Where the page's pool gets its workers: the app hands over a worker hosting every feature's preparation
 * (src/app/prep.worker.ts). Must be called before the first sharedPrepPool(); without it the pool's workers
 * know the scene's own kinds only (grids).
 */
export function configurePrepPool(factory: () => PrepPort): void {
  workerFactory = factory;
}

/**
 * The page's pool (null where there are no Web Workers, e.g. Node: callers then prepare inline). A page opened
 * with `?prep=inline` has none either: everything is prepared on the UI thread (for comparing, as `?link=inline`
 * does for the robot link).
 */
export function sharedPrepPool(): PrepPool | null {
  if (shared !== undefined) return shared;
  if (typeof Worker === 'undefined') return (shared = null);
  if (typeof location !== 'undefined' && new URLSearchParams(location.search).get('prep') === 'inline') return (shared = null);
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  shared = new PrepPool(
    workerFactory ??
      (() => new Worker(new URL('./prep.worker.ts', import.meta.url), { type: 'module', name: 'prepare' }) as unknown as PrepPort),
    poolSize(cores),
  );
  return shared;
}
