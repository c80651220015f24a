// PointCloud2 decoding for the layer: big clouds in the scene's preparation pool (workers sized to the machine,
// src/app/prep.worker.ts hosts cloudPrep), small ones here (posting costs more than decoding a few thousand
// points), and every cloud here where there are no workers or the pool's worker cannot prepare clouds.
// Never throws; errors are values.
import type { PrepPool } from '../../../scene';
import { asBytesLoose } from './bytes';
import { decodeCloudHere } from './cloudPrep';
import type { CloudResult, PointCloud2Msg } from './pointCloud2';

/** Clouds of at least this many bytes go to the pool. */
export const POOL_MIN_BYTES = 256 * 1024;

/**
 * Decodes `msg` into at most `maxPoints` points. `key` names the stream in the pool (robot + topic): callers
 * keep one cloud per key in flight (sensorSlots.ts), so the pool never drops one that would be shown.
 */
export function decodeCloud(msg: PointCloud2Msg, maxPoints: number, pool?: PrepPool | null, key = 'cloud'): Promise<CloudResult> {
  const data = asBytesLoose(msg?.data);
  if (!pool || data.byteLength < POOL_MIN_BYTES) return Promise.resolve(decodeCloudHere(msg, maxPoints));
  // Only the fields the decoder reads; the pool copies them (the link may still hold this message as its latest).
  const copy: PointCloud2Msg = {
    header: msg.header,
    height: msg.height,
    width: msg.width,
    fields: msg.fields,
    is_bigendian: msg.is_bigendian,
    point_step: msg.point_step,
    row_step: msg.row_step,
    data,
  };
  return new Promise((resolve) => {
    pool.submit(key, { kind: 'cloud', msg: copy, opts: { maxPoints } }, (reply) => {
      // null: the worker failed or knows no clouds (a pool without the app's worker): decode here instead.
      resolve((reply.result as CloudResult | null) ?? decodeCloudHere(msg, maxPoints));
    });
  });
}
