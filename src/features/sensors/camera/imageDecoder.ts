// Turns one image message into something drawable, never blocking the UI thread for long:
//  - CompressedImage (JPEG/PNG): createImageBitmap(new Blob([bytes], {type})) — the browser decodes off-thread.
//  - Image (raw): converted to RGBA in rawImage.worker.ts (one shared worker, requests matched by id).
// Errors come back as values ({code, params}) for the panel to word; exceptions never escape.
import { asBytes, compressedMime, rawImageToRgba, type ImageError, type RawImageMsg } from './rawImage';
import type { RawWorkerReply, RawWorkerRequest } from './rawImage.worker';

export interface DecodedFrame {
  width: number;
  height: number;
  /** ImageBitmap when the platform gives one (close() it after drawing), else ImageData. */
  source: ImageBitmap | ImageData;
}

export type DecodeResult = { ok: true; frame: DecodedFrame } | { ok: false; error: ImageError };

export type ImageDecoder = (type: string, msg: unknown) => Promise<DecodeResult>;

export const COMPRESSED_TYPES = ['sensor_msgs/CompressedImage', 'sensor_msgs/msg/CompressedImage'] as const;
export const RAW_TYPES = ['sensor_msgs/Image', 'sensor_msgs/msg/Image'] as const;

export function isCompressedType(type: string): boolean {
  return (COMPRESSED_TYPES as readonly string[]).includes(type);
}

export function isCameraType(type: string): boolean {
  return isCompressedType(type) || (RAW_TYPES as readonly string[]).includes(type);
}

/** Raw frames larger than this go to the worker; smaller ones are cheaper to convert than to post. */
const WORKER_MIN_BYTES = 64 * 1024;

let worker: Worker | null | undefined;
let nextId = 1;
const waiting = new Map<number, (r: RawWorkerReply) => void>();

function getWorker(): Worker | null {
  if (worker !== undefined) return worker;
  try {
    worker = new Worker(new URL('./rawImage.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<RawWorkerReply>) => {
      const cb = waiting.get(e.data.id);
      waiting.delete(e.data.id);
      cb?.(e.data);
    };
    worker.onerror = () => {
      // The worker could not start (CSP, file missing): answer everyone and fall back to the UI thread.
      for (const cb of waiting.values()) cb({ id: 0, ok: false, error: { code: 'corrupt', params: { detail: 'worker failed' } } });
      waiting.clear();
      worker?.terminate();
      worker = null;
    };
  } catch {
    worker = null;
  }
  return worker;
}

async function decodeCompressed(msg: { format?: unknown; data?: unknown }): Promise<DecodeResult> {
  const bytes = asBytes(msg.data);
  if (bytes.length === 0) return { ok: false, error: { code: 'no-data', params: {} } };
  const mime = compressedMime(msg.format, bytes);
  if (!mime) return { ok: false, error: { code: 'unknown-format', params: { format: String(msg.format ?? '?') } } };
  try {
    const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mime }));
    return { ok: true, frame: { width: bitmap.width, height: bitmap.height, source: bitmap } };
  } catch {
    return { ok: false, error: { code: 'corrupt', params: { format: mime.slice(6) } } };
  }
}

function decodeRawHere(img: RawImageMsg): DecodeResult {
  const r = rawImageToRgba(img);
  if (!r.ok) return r;
  return {
    ok: true,
    frame: { width: r.width, height: r.height, source: new ImageData(r.rgba as Uint8ClampedArray<ArrayBuffer>, r.width, r.height) },
  };
}

function decodeRaw(msg: RawImageMsg): Promise<DecodeResult> {
  const bytes = asBytes(msg.data);
  const w = bytes.length >= WORKER_MIN_BYTES ? getWorker() : null;
  if (!w) return Promise.resolve(decodeRawHere({ ...msg, data: bytes }));
  const id = nextId++;
  return new Promise<DecodeResult>((resolve) => {
    waiting.set(id, (reply) => {
      if (!reply.ok) {
        if (reply.id === 0) resolve(decodeRawHere({ ...msg, data: bytes }));
        else resolve({ ok: false, error: reply.error as ImageError });
        return;
      }
      const source = reply.bitmap ?? new ImageData(reply.rgba as Uint8ClampedArray<ArrayBuffer>, reply.width, reply.height);
      resolve({ ok: true, frame: { width: reply.width, height: reply.height, source } });
    });
    // Structured clone copies the bytes: the link may still hold this message as its latest value.
    const req: RawWorkerRequest = { id, img: { ...msg, data: bytes } };
    w.postMessage(req);
  });
}

/** The browser decoder used by CameraStream. */
export const decodeImageMessage: ImageDecoder = async (type, msg) => {
  if (!msg || typeof msg !== 'object') return { ok: false, error: { code: 'no-data', params: {} } };
  try {
    if (isCompressedType(type)) return await decodeCompressed(msg as { format?: unknown; data?: unknown });
    return await decodeRaw(msg as RawImageMsg);
  } catch (err) {
    return { ok: false, error: { code: 'corrupt', params: { detail: err instanceof Error ? err.message : String(err) } } };
  }
};

export function releaseFrame(f: DecodedFrame): void {
  if (typeof ImageBitmap !== 'undefined' && f.source instanceof ImageBitmap) f.source.close();
}
