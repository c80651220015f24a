// What a preparation worker does with a request: big payloads turned into render-ready buffers off the UI
// thread, the buffers listed for transfer (moved, not copied). Pure, so Node tests run it without a Worker.

import { decodeGridStrips, type GridStrips } from './occupancyGrid';
import type { OccupancyGrid } from './rosMsgs';

export type PrepRequest = { id: number; kind: 'grid'; msg: OccupancyGrid; stripTexels: number };

export type PrepReply = { id: number; kind: 'grid'; result: GridStrips | null; error?: string };

/** The reply to a request and the buffers to transfer with it. Never throws. */
export function handlePrep(req: PrepRequest): { reply: PrepReply; transfer: ArrayBuffer[] } {
  try {
    const result = decodeGridStrips(req.msg, req.stripTexels);
    const transfer = result ? result.strips.map((s) => s.buffer as ArrayBuffer) : [];
    return { reply: { id: req.id, kind: 'grid', result }, transfer };
  } catch (e) {
    return { reply: { id: req.id, kind: 'grid', result: null, error: e instanceof Error ? e.message : String(e) }, transfer: [] };
  }
}

/** The side of a worker's global scope that hostPrepWorker uses. */
export interface PrepScope {
  postMessage(m: PrepReply, transfer?: Transferable[]): void;
  onmessage: ((ev: { data: PrepRequest }) => void) | null;
}

export function hostPrepWorker(scope: PrepScope): void {
  scope.onmessage = ({ data }) => {
    const { reply, transfer } = handlePrep(data);
    scope.postMessage(reply, transfer);
  };
}
