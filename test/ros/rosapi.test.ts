import { describe, expect, it } from 'vitest';
import { clockEstimate, paramFromRosapi, timeFromRosapi, topicsFromRosapi } from '../../src/ros/rosapi';

describe('rosapi helpers', () => {
  it('rosapi/topics parallel arrays -> [{name, type}]', () => {
    expect(topicsFromRosapi({ topics: ['/a', '/b'], types: ['x/A'] })).toEqual([
      { name: '/a', type: 'x/A' },
      { name: '/b', type: '' },
    ]);
    expect(topicsFromRosapi(undefined)).toEqual([]);
  });

  it('get_param: JSON inside a string; "null" is null; non-JSON kept raw', () => {
    expect(paramFromRosapi({ value: '"<?xml version=\\"1.0\\"?>"' })).toBe('<?xml version="1.0"?>');
    expect(paramFromRosapi({ value: 'null' })).toBeNull();
    expect(paramFromRosapi({ value: '1.5' })).toBe(1.5);
    expect(paramFromRosapi({ value: '{"a":[1]}' })).toEqual({ a: [1] });
    expect(paramFromRosapi({ value: 'not json' })).toBe('not json');
  });

  it('get_time and the midpoint clock estimate', () => {
    expect(timeFromRosapi({ time: { secs: 10, nsecs: 500_000_000 } })).toBe(10_500);
    expect(timeFromRosapi({})).toBeUndefined();
    // sent at 1000, robot said 5050, answer at 1100: rtt 100, robot is 4000 ms ahead
    expect(clockEstimate(1000, 5050, 1100)).toEqual({ latencyMs: 100, clockOffsetMs: 4000 });
  });
});
