// What a preparation worker does with a request: big payloads turned into render-ready buffers off the UI
// thread, the buffers listed for transfer (moved, not copied). Pure, so Node tests run it without a Worker.
// Each kind of payload has a handler: the scene's own (grids, URDF mesh files) are here; features add theirs through their
// prep.ts, and the app's worker entry (src/app/prep.worker.ts) hosts them all in one pool.

import { prepareMesh } from './meshParse';
import { decodeGridStrips } from './occupancyGrid';
import type { OccupancyGrid } from './rosMsgs';

/** A job for a worker: `msg` is the message to prepare, `opts` what the handler of `kind` needs besides. */
export type PrepRequest = { id: number; kind: string; msg: unknown; opts?: unknown };

export type PrepReply = { id: number; kind: string; result: unknown; error?: string };

/** Prepares one message: the render-ready result (null when it cannot be shown) and the buffers to transfer. */
export type PrepHandler = (msg: unknown, opts: unknown) => { result: unknown; transfer: ArrayBuffer[] };

export type PrepHandlers = Record<string, PrepHandler>;

/** Occupancy grid -> RGBA strips of whole rows (opts: { stripTexels }). */
export const gridPrep: PrepHandler = (msg, opts) => {
  const result = decodeGridStrips(msg as OccupancyGrid, (opts as { stripTexels: number }).stripTexels);
  return { result, transfer: result ? result.strips.map((s) => s.buffer as ArrayBuffer) : [] };
};

/** URDF mesh file (STL, OBJ, COLLADA) -> geometry buffers, normals and bounds (msg: { format, data }; see meshParse.ts). */
export const meshPrep: PrepHandler = prepareMesh;

/** The handlers of the scene itself. */
export const scenePrepHandlers: PrepHandlers = { grid: gridPrep, mesh: meshPrep };

/** The reply to a request and the buffers to transfer with it. Never throws. */
export function handlePrep(req: PrepRequest, handlers: PrepHandlers = scenePrepHandlers): { reply: PrepReply; transfer: ArrayBuffer[] } {
  const handler = Object.hasOwn(handlers, req.kind) ? handlers[req.kind] : undefined;
  if (!handler) return { reply: { id: req.id, kind: req.kind, result: null, error: `no preparation for ${req.kind}` }, transfer: [] };
  try {
    const { result, transfer } = handler(req.msg, req.opts);
    return { reply: { id: req.id, kind: req.kind, result }, transfer };
  } catch (e) {
    return { reply: { id: req.id, kind: req.kind, result: null, error: e instanceof Error ? e.message : String(e) }, transfer: [] };
  }
}

/** The side of a worker's global scope that hostPrepWorker uses. */
export interface PrepScope {
  postMessage(m: PrepReply, transfer?: Transferable[]): void;
  onmessage: ((ev: { data: PrepRequest }) => void) | null;
}

/**
 * Answers the scope's requests in order. `ready`: what the handlers need first (the mesh simplifier's
 * WebAssembly: meshDetailReady); requests that come before it has settled wait for it, so a result never
 * depends on how fast the worker started.
 */
export function hostPrepWorker(scope: PrepScope, handlers: PrepHandlers = scenePrepHandlers, ready?: Promise<unknown>): void {
  const answer = (data: PrepRequest) => {
    const { reply, transfer } = handlePrep(data, handlers);
    scope.postMessage(reply, transfer);
  };
  if (!ready) {
    scope.onmessage = ({ data }) => answer(data);
    return;
  }
  let waiting: PrepRequest[] | null = [];
  scope.onmessage = ({ data }) => (waiting ? waiting.push(data) : answer(data));
  const start = () => {
    const queued = waiting ?? [];
    waiting = null;
    for (const data of queued) answer(data);
  };
  ready.then(start, start);
}
