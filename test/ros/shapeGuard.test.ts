import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, LimitError } from '../../src/ros/limits';
import { checkShape, scanJson, topicHint } from '../../src/ros/shapeGuard';

const limits = { depth: 10, arrayLength: 5, containers: 20 };

function nested(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

function limitOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof LimitError) return `${e.limit} ${e.size}`;
    throw e;
  }
  return undefined;
}

describe('checkShape (decoded frames)', () => {
  it('passes a message within the limits, counting the frame itself as one level', () => {
    expect(limitOf(() => checkShape(JSON.parse(nested(10)), limits))).toBeUndefined();
    expect(limitOf(() => checkShape({ a: [1, 2, 3, 4, 5], b: new Float32Array(5) }, limits))).toBeUndefined();
  });

  it('refuses depth, array length, typed-array length and container count', () => {
    expect(limitOf(() => checkShape(JSON.parse(nested(11)), limits))).toBe('depth 11');
    expect(limitOf(() => checkShape({ a: [1, 2, 3, 4, 5, 6] }, limits))).toBe('arrayLength 6');
    expect(limitOf(() => checkShape({ a: new Int8Array(6) }, limits))).toBe('arrayLength 6');
    expect(
      limitOf(() => checkShape({ a: [{}, {}, {}, {}, {}], b: [{}, {}, {}, {}, {}], c: [{}, {}, {}, {}, {}], d: [{}, {}] }, limits)),
    ).toBe('containers 21');
  });

  it('a 10,000-level message is refused without overflowing the stack', () => {
    expect(limitOf(() => checkShape(JSON.parse(nested(10_000)), DEFAULT_LIMITS))).toBe(`depth ${DEFAULT_LIMITS.depth + 1}`);
  });

  it('finds an object hidden deep inside an array of numbers', () => {
    const arr: unknown[] = [1, 2, 3];
    arr.push(JSON.parse(nested(9)));
    expect(limitOf(() => checkShape({ x: arr }, { ...limits, arrayLength: 10 }))).toBe('depth 11');
  });
});

describe('scanJson (large frames, before JSON.parse)', () => {
  it('agrees with checkShape on depth, arrays and containers', () => {
    expect(limitOf(() => scanJson(nested(10), limits))).toBeUndefined();
    expect(limitOf(() => scanJson(nested(11), limits))).toBe('depth 11');
    expect(limitOf(() => scanJson('{"a":[1,2,3,4,5]}', limits))).toBeUndefined();
    expect(limitOf(() => scanJson('{"a":[1,2,3,4,5,6]}', limits))).toBe('arrayLength 6');
    expect(limitOf(() => scanJson(JSON.stringify({ l: Array.from({ length: 21 }, () => ({})) }), { ...limits, arrayLength: 100 }))).toBe(
      'containers 21',
    );
  });

  it('is not fooled by brackets, commas and escaped quotes inside strings', () => {
    const text = JSON.stringify({ s: '[[[[[[[[[[[[,,,,,,,,{{{{{{{{"\\"]]]', a: [1, 2], t: 'a\\' });
    expect(limitOf(() => scanJson(text, limits))).toBeUndefined();
    expect(JSON.parse(text)).toBeTruthy();
  });

  it('commas of an object do not count as array elements; an object inside an array does not either', () => {
    const text = JSON.stringify({ arr: [{ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }, 2] });
    expect(limitOf(() => scanJson(text, limits))).toBeUndefined();
  });

  it('skips runs of numbers but still counts an array that is long enough to break the limit', () => {
    const many = `{"data":[${new Array(2000).fill('-1.5e3').join(', ')}],"x":{"y":[[1,2],[3,{"z":"]"}]]}}`;
    expect(limitOf(() => scanJson(many, { ...limits, arrayLength: 2000 }))).toBeUndefined();
    expect(limitOf(() => scanJson(many, { ...limits, arrayLength: 1999 }))).toBe('arrayLength 2000');
    expect(limitOf(() => scanJson('[[1,2,3],[4,5,6],[7,8,9]]', { ...limits, arrayLength: 3 }))).toBeUndefined();
    expect(limitOf(() => scanJson('[[1,2,3],[4,5,6],[7,8,9],[]]', { ...limits, arrayLength: 3 }))).toBe('arrayLength 4');
  });

  it('leaves malformed text to JSON.parse (an unterminated string ends the scan quietly)', () => {
    expect(limitOf(() => scanJson('{"a": "never closed', limits))).toBeUndefined();
  });
});

describe('topicHint', () => {
  it('reads the topic near the start of a rosbridge JSON text, with \\/ escapes', () => {
    expect(topicHint('{"op": "publish", "topic": "\\/camera\\/image", "msg": {"data": "AAAA')).toBe('/camera/image');
    expect(topicHint(`{"op":"publish","msg":${'1'.repeat(1000)},"topic":"/late"}`)).toBeUndefined();
  });
});
