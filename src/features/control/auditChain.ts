// The audit trail is a hash chain: each record carries the SHA-256 (Web Crypto) of the record before it and
// its own hash over its content and that link. Changing a stored record breaks its own hash; removing one
// breaks the next record's link (and leaves a gap in the sequence numbers). verifyChain() names the first
// record that does not hold. Removing the newest records is seen only against an earlier export's head hash.

export const GENESIS_HASH = '0'.repeat(64);

/** What is hashed: the record's content, its sequence number and the link to the previous record. */
export interface ChainedContent {
  seq: number;
  at: number;
  robotId: string;
  kind: string;
  person: string;
  data: unknown;
  prevHash: string;
}

export interface ChainedRecord extends ChainedContent {
  hash: string;
}

/** JSON with object keys sorted at every depth, so the same record always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function hashRecord(c: ChainedContent): Promise<string> {
  const { seq, at, robotId, kind, person, data, prevHash } = c;
  return sha256Hex(canonicalJson({ seq, at, robotId, kind, person, data, prevHash }));
}

export type ChainProblem = 'changed' | 'removed-before' | 'unchained';

export interface ChainCheck {
  ok: boolean;
  /** Records checked. */
  count: number;
  /** Hash of the newest record (what an export carries as its head). */
  head: string;
  /** Records written before the trail was chained (older builds): listed, not vouched for. */
  legacy: number;
  /** The first record that does not hold, and why. */
  firstBad?: { seq: number; problem: ChainProblem };
}

/** Checks records oldest first. `changed`: its content no longer matches its hash; `removed-before`: a record before it is gone. */
export async function verifyChain(records: readonly Partial<ChainedRecord>[]): Promise<ChainCheck> {
  let prev = GENESIS_HASH;
  let prevSeq = 0;
  let legacy = 0;
  const count = records.length;
  const bad = (seq: number, problem: ChainProblem): ChainCheck => ({ ok: false, count, legacy, head: prev, firstBad: { seq, problem } });
  for (const r of records) {
    const seq = typeof r.seq === 'number' ? r.seq : prevSeq + 1;
    if (typeof r.hash !== 'string' || typeof r.prevHash !== 'string') {
      // Leading records from before the chain existed are counted; one without a hash inside the chain is not allowed.
      if (prevSeq === 0) {
        legacy++;
        continue;
      }
      return bad(seq, 'unchained');
    }
    if (r.prevHash !== prev || seq !== prevSeq + 1) return bad(seq, 'removed-before');
    const expected = await hashRecord({
      seq,
      at: r.at as number,
      robotId: r.robotId as string,
      kind: r.kind as string,
      person: r.person as string,
      data: r.data,
      prevHash: r.prevHash,
    });
    if (expected !== r.hash) return bad(seq, 'changed');
    prev = r.hash;
    prevSeq = seq;
  }
  return { ok: true, count, legacy, head: prev };
}
