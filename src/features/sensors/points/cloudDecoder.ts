// PointCloud2 decoding for the layer: big clouds in pointCloud.worker.ts (one shared worker), small ones here
// (posting costs more than decoding a few thousand points). Never throws; errors are values.
import { asBytesLoose } from './bytes';
import { decodePointCloud2, type CloudResult, type PointCloud2Msg } from './pointCloud2';
import type { CloudWorkerReply, CloudWorkerRequest } from './pointCloud.worker';

const WORKER_MIN_BYTES = 256 * 1024;

let worker: Worker | null | undefined;
let nextId = 1;
const waiting = new Map<number, (r: CloudResult | null) => void>();

function getWorker(): Worker | null {
  if (worker !== undefined) return worker;
  if (typeof Worker === 'undefined') return (worker = null);
  try {
    worker = new Worker(new URL('./pointCloud.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<CloudWorkerReply>) => {
      const cb = waiting.get(e.data.id);
      waiting.delete(e.data.id);
      cb?.(e.data.result);
    };
    worker.onerror = () => {
      // Could not start (CSP, missing file): everyone waiting decodes here instead, and so does everyone after.
      for (const cb of waiting.values()) cb(null);
      waiting.clear();
      worker?.terminate();
      worker = null;
    };
  } catch {
    worker = null;
  }
  return worker;
}

function decodeHere(msg: PointCloud2Msg, maxPoints: number): CloudResult {
  try {
    return decodePointCloud2(msg, { maxPoints });
  } catch (err) {
    return {
      error: { code: 'bad-layout', params: { point_step: String(msg?.point_step), row_step: `${String(msg?.row_step)} (${String(err)})` } },
    };
  }
}

export function decodeCloud(msg: PointCloud2Msg, maxPoints: number): Promise<CloudResult> {
  const data = asBytesLoose(msg?.data);
  const w = data.byteLength >= WORKER_MIN_BYTES ? getWorker() : null;
  if (!w) return Promise.resolve(decodeHere(msg, maxPoints));
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, (r) => resolve(r ?? decodeHere(msg, maxPoints)));
    // Structured clone copies the bytes (the link may still hold this message as its latest value).
    const req: CloudWorkerRequest = {
      id,
      maxPoints,
      msg: {
        header: msg.header,
        height: msg.height,
        width: msg.width,
        fields: msg.fields,
        is_bigendian: msg.is_bigendian,
        point_step: msg.point_step,
        row_step: msg.row_step,
        data,
      },
    };
    w.postMessage(req);
  });
}
