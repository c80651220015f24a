// The worker side of point-cloud decoding: PointCloud2 -> packed Float32 positions and colours (bounded by the
// layer's cap), the two buffers transferred back. The same function decodes small clouds (and every cloud where
// there are no workers) on the UI thread, so both paths give the same bytes.
import type { PrepHandler } from '../../../scene/prep';
import { decodePointCloud2, type CloudResult, type PointCloud2Msg } from './pointCloud2';

/** Never throws: a message that breaks the decoder is a bad-layout error value. */
export function decodeCloudHere(msg: PointCloud2Msg, maxPoints: number): CloudResult {
  try {
    return decodePointCloud2(msg, { maxPoints });
  } catch (err) {
    return {
      error: { code: 'bad-layout', params: { point_step: String(msg?.point_step), row_step: `${String(msg?.row_step)} (${String(err)})` } },
    };
  }
}

/** Preparation-pool handler of kind 'cloud' (opts: { maxPoints }). */
export const cloudPrep: PrepHandler = (msg, opts) => {
  const result = decodeCloudHere(msg as PointCloud2Msg, (opts as { maxPoints: number }).maxPoints);
  const transfer = 'error' in result && result.error ? [] : [result.positions.buffer as ArrayBuffer, result.colors.buffer as ArrayBuffer];
  return { result, transfer };
};
