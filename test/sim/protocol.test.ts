import { describe, expect, it } from 'vitest';
import { extractMessage } from '../../src/sim/protocol';

describe('incoming buffer (rosbridge 0.11 semantics)', () => {
  it('parses a whole frame, or finds the first {...} with an op after garbage and keeps what follows', () => {
    expect(extractMessage('{"op":"a"}')).toEqual({ msg: { op: 'a' }, rest: '' });
    const garbage = '{"op": "subscribe", "topic": "/battthis is not json at all';
    const r = extractMessage(`${garbage}{"op":"call_service","id":"after-garbage","args":{}}tail`);
    expect(r.msg).toEqual({ op: 'call_service', id: 'after-garbage', args: {} });
    expect(r.rest).toBe('tail');
    expect(extractMessage('{"op": "subscribe", "topic": "/batt')).toEqual({ msg: undefined, rest: '{"op": "subscribe", "topic": "/batt' });
  });

  it('handles braces inside strings and reports op-less objects once', () => {
    expect(extractMessage('xx{"op":"a","s":"}{"}').msg).toEqual({ op: 'a', s: '}{' });
    const r = extractMessage('garbage{"id":1}{"op":"b"}');
    expect(r.msg).toEqual({ id: 1 });
    expect(extractMessage(r.rest).msg).toEqual({ op: 'b' });
  });

  it('stays fast on large garbage', () => {
    const junk = '{"a":['.repeat(2000);
    const t = performance.now();
    expect(extractMessage(`${junk}{"op":"x"}`).msg).toEqual({ op: 'x' });
    expect(performance.now() - t).toBeLessThan(5000); // the naive all-slices scan took minutes
  });
});
