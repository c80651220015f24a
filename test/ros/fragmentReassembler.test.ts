import { describe, expect, it } from 'vitest';
import { FragmentReassembler } from '../../src/ros/fragmentReassembler';
import { loadTranscript } from '../fixtures/transcript';

/** Split as rosbridge does: id 0 gets 0.11.17's float total (len/size + 1); other ids an exact integer count. */
const json = (fill: string, n: number) => JSON.stringify({ op: 'publish', topic: '/t', msg: { data: fill.repeat(n) } });

function split(text: string, size: number, id: unknown = 0): { op: string; id: unknown; data: string; num: number; total: number }[] {
  const total = id === 0 ? text.length / size + 1 : Math.ceil(text.length / size);
  const out = [];
  for (let i = 0, num = 0; i < text.length; i += size, num++) out.push({ op: 'fragment', id, data: text.slice(i, i + size), num, total });
  return out;
}

describe('FragmentReassembler', () => {
  it('reassembles id-0 fragments with a float total (Math.floor pieces)', () => {
    const r = new FragmentReassembler();
    const text = JSON.stringify({ op: 'publish', topic: '/map', msg: { data: Array.from({ length: 200 }, (_, i) => i % 100) } });
    const parts = split(text, 400);
    expect(parts[0].total % 1).not.toBe(0);
    const results = parts.map((p) => r.push(p));
    expect(results.slice(0, -1).every((x) => x.kind === 'partial')).toBe(true);
    expect(results.at(-1)).toEqual({ kind: 'complete', text, broken: undefined });
    expect(r.pending).toBe(0);
  });

  it('reassembles the recorded /map fragments of scenario 11 into 200 cells', () => {
    const r = new FragmentReassembler();
    const frags = loadTranscript('11').filter((l) => l.dir === 's2c' && (l.frame as { op: string }).op === 'fragment');
    const mapFrags = frags.slice(0, 3);
    let whole: string | undefined;
    for (const f of mapFrags) {
      const res = r.push(f.frame as object);
      if (res.kind === 'complete') whole = res.text;
    }
    const msg = JSON.parse(whole as string) as { topic: string; msg: { data: number[] } };
    expect(msg.topic).toBe('/map');
    expect(msg.msg.data).toHaveLength(200);
  });

  it('drops and counts a sequence broken by a missing middle piece', () => {
    const r = new FragmentReassembler();
    const parts = split('x'.repeat(1000), 300);
    expect(r.push(parts[0]).kind).toBe('partial');
    const res = r.push(parts[2]);
    expect(res.kind).toBe('dropped');
    expect(r.dropped).toBe(1);
    expect(r.push(parts[3]).kind).toBe('dropped'); // orphan tail
    expect(r.dropped).toBe(2);
  });

  it('a new piece 0 abandons the unfinished message and carries on with the new one', () => {
    const r = new FragmentReassembler();
    const a = split(json('a', 900), 300);
    const b = split(json('b', 600), 300);
    r.push(a[0]);
    r.push(a[1]);
    const res = r.push(b[0]);
    expect(res.kind).toBe('partial');
    expect(res.kind === 'partial' && res.broken).toMatch(/new message started after 2 of 4/);
    r.push(b[1]);
    expect(r.push(b[2])).toMatchObject({ kind: 'complete', text: json('b', 600) });
    expect(r.dropped).toBe(1);
  });

  it('keeps interleaved messages apart when the server uses distinct non-zero ids', () => {
    const r = new FragmentReassembler();
    const a = split(json('a', 600), 300, 'm1');
    const b = split(json('b', 600), 300, 'm2');
    const out: string[] = [];
    for (const f of [a[0], b[0], a[1], b[1], a[2], b[2]]) {
      const res = r.push(f);
      if (res.kind === 'complete') out.push(res.text);
    }
    expect(out).toEqual([json('a', 600), json('b', 600)]);
    expect(r.dropped).toBe(0);
  });

  it('interleaved id-0 sequences cannot be told apart: both are dropped, never glued together', () => {
    const r = new FragmentReassembler();
    const a = split(json('a', 600), 300);
    const b = split(json('b', 600), 300);
    const out: string[] = [];
    for (const f of [a[0], b[0], a[1], b[1], a[2], b[2]]) {
      const res = r.push(f);
      if (res.kind === 'complete') out.push(res.text);
    }
    expect(out.every((t) => t === json('a', 600) || t === json('b', 600))).toBe(true);
    expect(r.dropped).toBeGreaterThanOrEqual(1);
  });

  it('copes with a length that is an exact multiple of the size (integral total, one piece fewer sent)', () => {
    const r = new FragmentReassembler();
    let text = json('m', 100);
    text = text.replace('"m', ' '.repeat(300 - (text.length % 300)) + '"m'); // pad to a multiple of 300
    expect(text.length % 300).toBe(0);
    const parts = split(text, 300);
    expect(parts[0].total).toBe(parts.length + 1);
    const results = parts.map((p) => r.push(p));
    expect(results.at(-1)).toMatchObject({ kind: 'complete', text });
    expect(r.pending).toBe(0);
  });

  it('rejects fragments with bad fields or out-of-range num', () => {
    const r = new FragmentReassembler();
    expect(r.push({ id: 0, data: 5, num: 0, total: 2 }).kind).toBe('dropped');
    expect(r.push({ id: 0, data: 'x', num: 3, total: 2.5 }).kind).toBe('dropped');
    expect(r.push({ id: 0, data: 'x', num: '0', total: 2 }).kind).toBe('dropped');
    expect(r.dropped).toBe(3);
  });

  it('a single-piece fragment is complete at once', () => {
    expect(new FragmentReassembler().push({ id: 0, data: '{"op":"x"}', num: 0, total: 1.2 })).toMatchObject({
      kind: 'complete',
      text: '{"op":"x"}',
    });
  });

  it('drops messages larger than the cap', () => {
    const r = new FragmentReassembler({ maxChars: 500 });
    const parts = split('z'.repeat(2000), 300);
    const kinds = parts.map((p) => r.push(p).kind);
    expect(kinds).toContain('dropped');
    expect(kinds).not.toContain('complete');
  });

  it('reset counts pending sequences as dropped', () => {
    const r = new FragmentReassembler();
    r.push(split('q'.repeat(900), 300)[0]);
    expect(r.reset()).toBe(1);
    expect(r.dropped).toBe(1);
  });

  it('holds at most maxPending partial messages: 2,000 first fragments leave 8, and the rest are reported', () => {
    const r = new FragmentReassembler({ maxPending: 8 });
    let evicted = 0;
    for (let i = 0; i < 2000; i++) {
      const res = r.push({ id: `m${i}`, data: 'x'.repeat(100), num: 0, total: 5 });
      evicted += res.kind !== 'complete' && res.evicted ? res.evicted.count : 0;
    }
    expect(r.pending).toBe(8);
    expect(evicted).toBe(1992);
    expect(r.dropped).toBe(1992);
    expect(r.heldChars).toBe(800);
  });

  it('bounds the characters held across partial messages, dropping the oldest first', () => {
    const r = new FragmentReassembler({ maxHeldChars: 1000 });
    r.push({ id: 'a', data: 'a'.repeat(400), num: 0, total: 3 });
    r.push({ id: 'b', data: 'b'.repeat(400), num: 0, total: 3 });
    const res = r.push({ id: 'c', data: 'c'.repeat(400), num: 0, total: 3 });
    expect(res).toMatchObject({
      kind: 'partial',
      evicted: { count: 1, chars: 400, reason: 'partial messages held more than 1000 characters' },
    });
    expect(r.heldChars).toBe(800);
    // 'a' is gone: its next piece has no start; 'b' carries on
    expect(r.push({ id: 'a', data: 'a', num: 1, total: 3 }).kind).toBe('dropped');
    expect(r.push({ id: 'b', data: 'b'.repeat(400), num: 1, total: 3 }).kind).toBe('partial');
  });

  it('expires partial messages by age', () => {
    let now = 0;
    const r = new FragmentReassembler({ maxAgeMs: 1000, now: () => now });
    r.push({ id: 'a', data: 'a'.repeat(10), num: 0, total: 3 });
    now = 500;
    r.push({ id: 'b', data: 'b'.repeat(10), num: 0, total: 3 });
    now = 1001;
    expect(r.expire()).toEqual({ count: 1, chars: 10, reason: 'incomplete after 1000 ms' });
    expect(r.pending).toBe(1);
    now = 1400;
    expect(r.expire()).toBeUndefined();
    now = 2000;
    expect(r.expire()?.count).toBe(1);
    expect(r.heldChars).toBe(0);
  });

  it('refuses at its first piece a message that declares more pieces than the cap allows', () => {
    const r = new FragmentReassembler({ maxChars: 10_000 });
    const res = r.push({ id: 0, data: 'x'.repeat(200_000), num: 0, total: 1000.5 });
    expect(res.kind).toBe('dropped');
    expect(res.kind === 'dropped' && res.reason).toMatch(/declares 1000 pieces of 200000 characters/);
    expect(r.pending).toBe(0);
  });
});
