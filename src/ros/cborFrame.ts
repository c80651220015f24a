import { Decoder } from 'cbor-x';

// cbor-x decodes RFC 8746 typed-array tags (64..87) to the matching typed arrays (Int8Array,
// Float32Array, ...) and byte strings to Uint8Array, and keeps NaN. mapsAsObjects gives plain objects
// like JSON.parse does.
const decoder = new Decoder({ mapsAsObjects: true, useRecords: false });

/** Decode one binary rosbridge frame (compression "cbor" / "cbor-raw"). Throws on bad CBOR. */
export function decodeCborFrame(bytes: Uint8Array): unknown {
  return decoder.decode(bytes);
}
