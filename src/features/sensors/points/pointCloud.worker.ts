// Decodes PointCloud2 messages off the UI thread (a 300k-point cloud takes 5-25 ms to decode; at 10 Hz that
// would be a dropped frame per cloud). The typed arrays go back as transfers, not copies.
import { decodePointCloud2, type PointCloud2Msg } from './pointCloud2';

export interface CloudWorkerRequest {
  id: number;
  msg: PointCloud2Msg;
  maxPoints: number;
}

export type CloudWorkerReply = { id: number; result: ReturnType<typeof decodePointCloud2> };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<CloudWorkerRequest>) => void) | null;
  postMessage(msg: CloudWorkerReply, transfer?: Transferable[]): void;
};

scope.onmessage = (e) => {
  const { id, msg, maxPoints } = e.data;
  let result: ReturnType<typeof decodePointCloud2>;
  try {
    result = decodePointCloud2(msg, { maxPoints });
  } catch (err) {
    result = {
      error: { code: 'bad-layout', params: { point_step: String(msg?.point_step), row_step: `${String(msg?.row_step)} (${String(err)})` } },
    };
  }
  if (result.error) scope.postMessage({ id, result });
  else scope.postMessage({ id, result }, [result.positions.buffer as ArrayBuffer, result.colors.buffer as ArrayBuffer]);
};
