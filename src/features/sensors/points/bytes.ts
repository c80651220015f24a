// uint8[] fields as the wire may carry them. The link already hands over Uint8Array, but fixtures, the simulator
// and older link versions may give a base64 string (rosbridge JSON) or a number array.
import { base64ToBytes } from '../../../ros';

export function asBytesLoose(data: unknown): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (typeof data === 'string') return base64ToBytes(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data)) return Uint8Array.from(data as number[]);
  return new Uint8Array(0);
}
