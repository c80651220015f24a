/**
 * What one robot may make the console decode and hold. Every size a frame declares (PNG dimensions, CBOR
 * lengths, base64 lengths, array lengths) is checked against these before anything is allocated for it.
 * The defaults fit a humanoid with a camera (1920×1080 raw RGB, 6 MB) and a 2048² occupancy grid
 * (4.2 M cells, ~17 MB as JSON text); a site profile can raise them through RobotLinkOptions.limits.
 */
export interface DecodeLimits {
  /** One WebSocket frame, or the text of a reassembled fragmented message. */
  frameBytes: number;
  /** Pixel bytes a PNG frame may inflate to (width × height × channels), checked from its header. */
  pngBytes: number;
  /** One byte field (uint8[] as base64 in JSON, a CBOR byte string or typed array). */
  bytesField: number;
  /** Elements of one array (JSON array, CBOR array, typed array, ROS 1 array). */
  arrayLength: number;
  /** Objects and arrays in one message: bounds what a frame of `{}`s can cost (each is ~50 bytes decoded). */
  containers: number;
  /** Nesting depth of one frame (a ROS message nests ~10 levels; structured clone fails at a few thousand). */
  depth: number;
  /** Partial fragmented messages held at once. */
  fragmentsPending: number;
  /** Characters held in partial fragmented messages, all together. */
  fragmentBytes: number;
  /** A partial fragmented message older than this is dropped. */
  fragmentAgeMs: number;
}

export const MB = 1024 * 1024;

export const DEFAULT_LIMITS: Readonly<DecodeLimits> = Object.freeze({
  frameBytes: 64 * MB,
  pngBytes: 64 * MB,
  bytesField: 32 * MB,
  arrayLength: 2 * 2048 * 2048,
  containers: 1_000_000,
  depth: 100,
  fragmentsPending: 8,
  fragmentBytes: 64 * MB,
  fragmentAgeMs: 30_000,
});

/** Frames up to this size are checked after decoding (what they can allocate is small); larger ones before. */
export const PRESCAN_BYTES = 256 * 1024;

export function resolveLimits(partial: Partial<DecodeLimits> | undefined, maxFrameBytes?: number): DecodeLimits {
  const out: DecodeLimits = { ...DEFAULT_LIMITS };
  if (maxFrameBytes !== undefined) out.frameBytes = maxFrameBytes;
  for (const [k, v] of Object.entries(partial ?? {}) as [keyof DecodeLimits, number | undefined][]) {
    if (typeof v === 'number' && v > 0 && Number.isFinite(v)) out[k] = v;
  }
  return out;
}

/** Which limit a frame broke; `size` is what the frame declared or held, `limit` the bound. */
export type LimitName = keyof DecodeLimits;

/** A frame refused by a limit. Thrown inside the decoder, reported as a problem naming topic and sizes. */
export class LimitError extends Error {
  constructor(
    readonly limit: LimitName,
    /** What exceeded it, in words: "PNG of 20000×20000×3", "array", "byte field". */
    readonly what: string,
    readonly size: number,
    readonly max: number,
  ) {
    super(`${what}: ${size.toLocaleString('en')} ${unitOf(limit)}, limit ${max.toLocaleString('en')} (limits.${limit})`);
    this.name = 'LimitError';
  }
}

function unitOf(limit: LimitName): string {
  switch (limit) {
    case 'arrayLength':
      return 'elements';
    case 'containers':
      return 'objects and arrays';
    case 'depth':
      return 'levels';
    case 'fragmentsPending':
      return 'messages';
    case 'fragmentAgeMs':
      return 'ms';
    default:
      return 'bytes';
  }
}
