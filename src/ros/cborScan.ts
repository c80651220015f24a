import { LimitError, type DecodeLimits } from './limits';

type ScanLimits = Pick<DecodeLimits, 'depth' | 'arrayLength' | 'containers' | 'bytesField'>;

/** Bytes per element of the RFC 8746 typed-array tags 64..87 (null: not a typed-array tag). */
function typedElementSize(tag: number): number | null {
  if (tag < 64 || tag > 87 || tag === 76) return null;
  const f = (tag >> 4) & 1; // 0: integer, 1: float
  const ll = tag & 3;
  return f === 0 ? 1 << ll : 2 << ll;
}

class Truncated extends Error {}

/**
 * Walks the structure of a CBOR frame without decoding it: every declared length (byte and text strings,
 * arrays, maps, typed arrays) is checked against what the frame holds and against the limits, so that a
 * large frame is refused before cbor-x allocates for it. Malformed CBOR is left to cbor-x to report.
 * Throws LimitError.
 */
export function scanCbor(bytes: Uint8Array, limits: ScanLimits): void {
  try {
    new CborWalker(bytes, limits).run();
  } catch (e) {
    if (e instanceof Truncated) return;
    throw e;
  }
}

class CborWalker {
  private pos = 0;
  private containers = 0;
  /**
   * Items still expected per open array/map, innermost last; for an indefinite one (ends with a break),
   * -1 minus the items seen so far.
   * The bottom entry stands for the one top-level item, so the depth of a new container is `left.length`.
   */
  private readonly left: number[] = [1];
  /** Element size of a typed-array tag waiting for its byte string (0: none). */
  private pendingTyped = 0;

  constructor(
    private readonly b: Uint8Array,
    private readonly limits: ScanLimits,
  ) {}

  run(): void {
    const left = this.left;
    while (left.length > 0) {
      if (this.pos >= this.b.length) throw new Truncated();
      this.item();
      while (left.length > 0 && left[left.length - 1] === 0) left.pop();
    }
  }

  private arg(ai: number): number {
    const b = this.b;
    if (ai < 24) return ai;
    const size = ai === 24 ? 1 : ai === 25 ? 2 : ai === 26 ? 4 : ai === 27 ? 8 : -1;
    if (size < 0 || this.pos + size > b.length) throw new Truncated(); // reserved or cut off: cbor-x reports it
    let v = 0;
    for (let i = 0; i < size; i++) v = v * 256 + b[this.pos + i];
    this.pos += size;
    return v;
  }

  private open(items: number, what: 'array' | 'map', declared: number): void {
    const depth = this.left.length;
    if (depth > this.limits.depth) throw new LimitError('depth', 'nesting', depth, this.limits.depth);
    if (++this.containers > this.limits.containers) throw new LimitError('containers', 'message', this.containers, this.limits.containers);
    if (what === 'array' && declared > this.limits.arrayLength)
      throw new LimitError('arrayLength', 'array', declared, this.limits.arrayLength);
    // every item takes at least one byte: a longer declaration cannot be met (cbor-x says so)
    if (items > this.b.length - this.pos) throw new Truncated();
    if (items !== 0) this.left.push(items);
  }

  private item(): void {
    const left = this.left;
    const top = left.length - 1;
    if (left[top] > 0) left[top]--;
    else if (left[top] < 0 && --left[top] < -1 - this.limits.arrayLength) {
      throw new LimitError('arrayLength', 'indefinite array or map', -1 - left[top], this.limits.arrayLength);
    }
    const ib = this.b[this.pos++];
    const major = ib >> 5;
    const ai = ib & 31;
    if (ai === 31) return this.indefinite(major);
    const n = this.arg(ai);
    if (major === 2 || major === 3) return this.skipString(major, n);
    if (major === 4) return this.open(n, 'array', n);
    if (major === 5) return this.open(n * 2, 'map', n);
    if (major === 6) {
      const size = typedElementSize(n);
      if (size !== null) this.pendingTyped = size;
      if (left[top] >= 0) left[top]++; // the tagged item is still to come
    }
    // majors 0, 1 and 7 carry their value in the head that arg() consumed
  }

  private skipString(major: number, n: number): void {
    if (major === 2) {
      if (n > this.limits.bytesField) throw new LimitError('bytesField', 'byte string', n, this.limits.bytesField);
      if (this.pendingTyped > 0 && n / this.pendingTyped > this.limits.arrayLength) {
        throw new LimitError('arrayLength', 'typed array', Math.floor(n / this.pendingTyped), this.limits.arrayLength);
      }
    }
    this.pendingTyped = 0;
    if (n > this.b.length - this.pos) throw new Truncated();
    this.pos += n;
  }

  private indefinite(major: number): void {
    if (major === 7) {
      // break: closes the indefinite container it sits in (anything else open there is malformed)
      const top = this.left.length - 1;
      if (top < 1 || this.left[top] >= 0) throw new Truncated();
      this.left.length = top;
      return;
    }
    if (major !== 4 && major !== 5) throw new Truncated(); // indefinite strings: cbor-x refuses them
    this.open(0, major === 4 ? 'array' : 'map', 0);
    this.left.push(-1);
  }
}
