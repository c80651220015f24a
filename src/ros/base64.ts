/** base64 -> bytes, using the fastest decoder the platform has. */
type FromBase64 = (s: string) => Uint8Array;

const nativeFromBase64 = (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64;
const NodeBuffer = (globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array } }).Buffer;

export function base64ToBytes(text: string): Uint8Array {
  if (nativeFromBase64) return nativeFromBase64(text);
  if (NodeBuffer) {
    const b = NodeBuffer.from(text, 'base64');
    // A plain Uint8Array over the same memory: consumers should not see Node's Buffer API differences.
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
