// Three frames of the recorded field-interfaces transcript (test/fixtures/rosbridge/14-field-interfaces.jsonl,
// real ROS 1 rosbridge 0.11.17): the first JSON /camera/image_raw/compressed (base64 JPEG 320x240), the first JSON
// /scan (one NaN range sent as null) and the first CBOR frame, the camera (binary, data as a tagged Uint8Array).
import { binaryFrame, loadTranscript, type TranscriptLine } from '../fixtures/transcript';

const sent: TranscriptLine[] = loadTranscript('14').filter((l) => l.dir === 's2c');

type Publish = { op: string; topic: string; msg: Record<string, unknown> };

function jsonPublish(topic: string): Publish {
  const l = sent.find((x) => x.type !== 'binary' && (x.frame as Publish).topic === topic);
  if (!l) throw new Error(`no ${topic} in fixture`);
  return l.frame as Publish;
}

export const jsonCameraFrame = (): Publish => structuredClone(jsonPublish('/camera/image_raw/compressed'));
export const jsonScanFrame = (): Publish => structuredClone(jsonPublish('/scan'));
/** The raw bytes of the CBOR binary frame. */
export function cborCameraBytes(): Uint8Array {
  const l = sent.find((x) => x.type === 'binary');
  if (!l) throw new Error('no binary frame in fixture');
  return new Uint8Array(binaryFrame(l));
}
