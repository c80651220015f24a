/**
 * Reassembles rosbridge server fragments ({op:"fragment", id, data, num, total}).
 *
 * ROS 1 rosbridge 0.11.17 always sends `id: 0` and a float `total` (len/size + 1), so ids cannot separate
 * messages and the piece count is Math.floor(total). The server sends the pieces of one message back to
 * back on one socket, so reassembly is sequential: a piece 0 starts a message, the next pieces must follow
 * in order, and anything else breaks the sequence, which is dropped and counted.
 * Python's `len/size + 1` is an integer exactly when the length is a multiple of the size, and then one piece
 * fewer is sent; so for an integral total with id 0, the message is also complete one piece early when what
 * arrived parses as JSON (a proper prefix of a JSON object never does).
 * When the server does send distinct non-zero ids (ROS 2 / newer servers), each id gets its own sequence,
 * which also copes with interleaving.
 */
export interface FragmentFrame {
  id?: unknown;
  data?: unknown;
  num?: unknown;
  total?: unknown;
}

/**
 * `broken` is set when this fragment made the reassembler give up an earlier, unfinished message;
 * `evicted` when starting this one pushed older partial messages out (too many, too many bytes, too old).
 */
export type FragmentResult =
  | { kind: 'partial'; broken?: string; evicted?: Eviction }
  | { kind: 'complete'; text: string; broken?: string; evicted?: Eviction }
  | { kind: 'dropped'; reason: string; evicted?: Eviction };

/** Partial messages given up to stay within the bounds. */
export interface Eviction {
  count: number;
  chars: number;
  reason: string;
}

export interface ReassemblerOptions {
  /** Characters of one message. */
  maxChars?: number;
  /** Partial messages held at once. */
  maxPending?: number;
  /** Characters held in all partial messages together. */
  maxHeldChars?: number;
  /** A partial message older than this is given up. */
  maxAgeMs?: number;
  now?: () => number;
}

interface Sequence {
  parts: string[];
  total: number;
  chars: number;
  startedAt: number;
}

export class FragmentReassembler {
  /** Insertion order is age order: the oldest partial message is first. */
  private readonly sequences = new Map<string, Sequence>();
  /** Messages given up on (broken, superseded, evicted or expired sequences, bad fragment frames). */
  dropped = 0;
  private held = 0;
  private readonly maxChars: number;
  private readonly maxPending: number;
  private readonly maxHeld: number;
  private readonly maxAge: number;
  private readonly now: () => number;

  constructor(opts: ReassemblerOptions = {}) {
    this.maxChars = opts.maxChars ?? Number.POSITIVE_INFINITY;
    this.maxPending = opts.maxPending ?? Number.POSITIVE_INFINITY;
    this.maxHeld = opts.maxHeldChars ?? Number.POSITIVE_INFINITY;
    this.maxAge = opts.maxAgeMs ?? Number.POSITIVE_INFINITY;
    this.now = opts.now ?? Date.now;
  }

  /** Characters held in partial messages. */
  get heldChars(): number {
    return this.held;
  }

  get pending(): number {
    return this.sequences.size;
  }

  /**
   * Feed one fragment. Returns the whole JSON text when the last piece arrives. A broken sequence yields
   * 'dropped' (and, when the breaking fragment starts a new message, that new message carries on).
   */
  push(frame: FragmentFrame): FragmentResult {
    const { data, num, total } = frame;
    if (typeof data !== 'string' || typeof num !== 'number' || typeof total !== 'number' || !Number.isInteger(num) || num < 0) {
      this.dropped++;
      return { kind: 'dropped', reason: 'fragment without string data, integer num and numeric total' };
    }
    const pieces = Math.floor(total);
    if (pieces < 1 || num >= pieces) {
      this.dropped++;
      return { kind: 'dropped', reason: `fragment ${num} of ${pieces} is out of range` };
    }
    const key = frame.id === undefined || frame.id === null || frame.id === 0 || frame.id === '' ? '' : String(frame.id);
    const seq = this.sequences.get(key);
    if (num === 0) return this.start(key, seq, data, total, pieces);

    if (!seq || seq.parts.length !== num || seq.total !== pieces) {
      this.dropped++;
      const had = seq ? seq.parts.length : 0;
      if (seq) this.forget(key, seq);
      return {
        kind: 'dropped',
        reason: seq
          ? `fragment ${num} of ${pieces} arrived after ${had} of ${seq.total} pieces`
          : `fragment ${num} of ${pieces} arrived without its start`,
      };
    }
    seq.parts.push(data);
    seq.chars += data.length;
    this.held += data.length;
    if (seq.parts.length === pieces - 1 && key === '' && Number.isInteger(total)) {
      const text = seq.parts.join('');
      if (this.completeEarly(key, total, seq.parts.length, pieces, text)) {
        this.forget(key, seq);
        return { kind: 'complete', text };
      }
    }
    if (seq.parts.length < pieces) {
      if (seq.chars > this.maxChars) {
        this.forget(key, seq);
        this.dropped++;
        return { kind: 'dropped', reason: `fragmented message exceeds ${this.maxChars} characters` };
      }
      const evicted = this.enforce(seq);
      return evicted ? { kind: 'partial', evicted } : { kind: 'partial' };
    }
    this.forget(key, seq);
    return { kind: 'complete', text: seq.parts.join('') };
  }

  private start(key: string, seq: Sequence | undefined, data: string, total: number, pieces: number): FragmentResult {
    let broken: string | undefined;
    if (seq) {
      this.dropped++;
      broken = `a new message started after ${seq.parts.length} of ${seq.total} fragments`;
      this.forget(key, seq);
    }
    if (pieces === 1 || this.completeEarly(key, total, 1, pieces, data)) return { kind: 'complete', text: data, broken };
    // The first piece shows the piece size: a message declaring more than the cap is refused before it is held.
    const declared = (pieces - 1) * data.length;
    if (declared > this.maxChars) {
      this.dropped++;
      return {
        kind: 'dropped',
        reason: `a fragmented message declares ${pieces} pieces of ${data.length} characters (~${declared} characters), more than ${this.maxChars}`,
      };
    }
    const fresh: Sequence = { parts: [data], total: pieces, chars: data.length, startedAt: this.now() };
    this.sequences.set(key, fresh);
    this.held += data.length;
    const evicted = this.enforce(fresh);
    return { kind: 'partial', broken, evicted };
  }

  /** Gives up the oldest partial messages (never `keep`) until within count, bytes and age. */
  private enforce(keep?: Sequence): Eviction | undefined {
    let count = 0;
    let chars = 0;
    let reason = '';
    const now = this.now();
    for (const [key, s] of this.sequences) {
      if (s === keep) continue;
      const why =
        this.sequences.size > this.maxPending
          ? `more than ${this.maxPending} partial messages at once`
          : this.held > this.maxHeld
            ? `partial messages held more than ${this.maxHeld} characters`
            : now - s.startedAt > this.maxAge
              ? `incomplete after ${this.maxAge} ms`
              : '';
      if (why === '') break;
      reason ||= why;
      count++;
      chars += s.chars;
      this.forget(key, s);
    }
    if (count === 0) return undefined;
    this.dropped += count;
    return { count, chars, reason };
  }

  /** Gives up partial messages older than the age limit (call now and then: the link does so on every frame). */
  expire(): Eviction | undefined {
    if (this.sequences.size === 0) return undefined;
    const first = this.sequences.values().next().value as Sequence;
    if (this.now() - first.startedAt <= this.maxAge) return undefined;
    return this.enforce();
  }

  private forget(key: string, seq: Sequence): void {
    this.sequences.delete(key);
    this.held -= seq.chars;
  }

  private completeEarly(key: string, total: number, have: number, pieces: number, text: string): boolean {
    if (key !== '' || !Number.isInteger(total) || have !== pieces - 1) return false;
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  }

  /** Forget partial messages (on disconnect). Returns how many were pending. */
  reset(): number {
    const n = this.sequences.size;
    this.dropped += n;
    this.sequences.clear();
    this.held = 0;
    return n;
  }
}
