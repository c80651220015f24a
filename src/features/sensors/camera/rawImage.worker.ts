// Converts raw sensor_msgs/Image to pixels off the UI thread. A worker rather than chunking on the UI thread:
// a 1920x1080 rgb8 or 16UC1-with-colour-map frame takes 10-40 ms to convert, which chunking would have to split
// across several animation frames (adding latency to the driver's view), while a worker does it in one go
// without touching the UI thread. It also builds the ImageBitmap here, so the UI thread only draws.
import { rawImageToRgba, type RawDecodeOptions, type RawImageMsg } from './rawImage';

export interface RawWorkerRequest {
  id: number;
  img: RawImageMsg;
  opts?: RawDecodeOptions;
}

export type RawWorkerReply =
  | { id: number; ok: true; width: number; height: number; bitmap?: ImageBitmap; rgba?: Uint8ClampedArray }
  | { id: number; ok: false; error: { code: string; params: Record<string, string | number> } };

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<RawWorkerRequest>) => void) | null;
  postMessage(msg: RawWorkerReply, transfer?: Transferable[]): void;
};

scope.onmessage = (e) => {
  void handle(e.data);
};

async function handle(req: RawWorkerRequest): Promise<void> {
  let r: ReturnType<typeof rawImageToRgba>;
  try {
    r = rawImageToRgba(req.img, req.opts);
  } catch (err) {
    scope.postMessage({ id: req.id, ok: false, error: { code: 'corrupt', params: { detail: String(err) } } });
    return;
  }
  if (!r.ok) {
    scope.postMessage({ id: req.id, ok: false, error: r.error });
    return;
  }
  try {
    const bitmap = await createImageBitmap(new ImageData(r.rgba as Uint8ClampedArray<ArrayBuffer>, r.width, r.height));
    scope.postMessage({ id: req.id, ok: true, width: r.width, height: r.height, bitmap }, [bitmap]);
  } catch {
    scope.postMessage({ id: req.id, ok: true, width: r.width, height: r.height, rgba: r.rgba }, [r.rgba.buffer as ArrayBuffer]);
  }
}
