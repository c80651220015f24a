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

/** `broken` is set when this fragment made the reassembler give up an earlier, unfinished message. */
export type FragmentResult =
  { kind: 'partial'; broken?: string } | { kind: 'complete'; text: string; broken?: string } | { kind: 'dropped'; reason: string };

interface Sequence {
  parts: string[];
  total: number;
  chars: number;
}

export class FragmentReassembler {
  private readonly sequences = new Map<string, Sequence>();
  /** Messages given up on (broken or superseded sequences, bad fragment frames). */
  dropped = 0;

  constructor(private readonly maxChars = Number.POSITIVE_INFINITY) {}

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

    if (num === 0) {
      let broken: string | undefined;
      if (seq) {
        this.dropped++;
        broken = `a new message started after ${seq.parts.length} of ${seq.total} fragments`;
      }
      if (pieces === 1 || this.completeEarly(key, total, 1, pieces, data)) {
        this.sequences.delete(key);
        return { kind: 'complete', text: data, broken };
      }
      this.sequences.set(key, { parts: [data], total: pieces, chars: data.length });
      return { kind: 'partial', broken };
    }

    if (!seq || seq.parts.length !== num || seq.total !== pieces) {
      this.dropped++;
      const had = seq ? seq.parts.length : 0;
      this.sequences.delete(key);
      return {
        kind: 'dropped',
        reason: seq
          ? `fragment ${num} of ${pieces} arrived after ${had} of ${seq.total} pieces`
          : `fragment ${num} of ${pieces} arrived without its start`,
      };
    }
    seq.parts.push(data);
    seq.chars += data.length;
    if (seq.parts.length === pieces - 1 && key === '' && Number.isInteger(total)) {
      const text = seq.parts.join('');
      if (this.completeEarly(key, total, seq.parts.length, pieces, text)) {
        this.sequences.delete(key);
        return { kind: 'complete', text };
      }
    }
    if (seq.parts.length < pieces) {
      if (seq.chars > this.maxChars) {
        this.sequences.delete(key);
        this.dropped++;
        return { kind: 'dropped', reason: `fragmented message exceeds ${this.maxChars} characters` };
      }
      return { kind: 'partial' };
    }
    this.sequences.delete(key);
    return { kind: 'complete', text: seq.parts.join('') };
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
    return n;
  }

  get pending(): number {
    return this.sequences.size;
  }
}
