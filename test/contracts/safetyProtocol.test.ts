import { describe, expect, it } from 'vitest';
import { parseResponse, parseSafetyRecord, parseSafetyState, safetyTopic, toStringMsg } from '../../src/contracts';

describe('safety protocol', () => {
  it('names the topic under the namespace', () => {
    expect(safetyTopic('')).toBe('/operator/safety');
    expect(safetyTopic('robot1/')).toBe('/robot1/operator/safety');
  });

  it('reads the robot’s state and ignores what is not one', () => {
    expect(parseSafetyState(toStringMsg({ state: 'stopped', at: 5, by: 'Ana', console: 'c1' }))).toEqual({
      state: 'stopped',
      at: 5,
      by: 'Ana',
      console: 'c1',
    });
    expect(parseSafetyState(toStringMsg({ state: 'halted' }))).toBeUndefined();
    expect(parseSafetyState({ data: 'not json' })).toBeUndefined();
  });

  it('reads estop/enable records; older consoles’ parseResponse ignores them', () => {
    const msg = toStringMsg({ id: 'e1', decision: 'estop', operator: 'Ana', at: 9, console: 'c1', confirmed: false, message: 'no' });
    expect(parseSafetyRecord(msg)).toEqual({
      id: 'e1',
      decision: 'estop',
      operator: 'Ana',
      at: 9,
      console: 'c1',
      confirmed: false,
      message: 'no',
    });
    expect(parseResponse(msg)).toBeUndefined();
    expect(parseSafetyRecord(toStringMsg({ id: 'x', decision: 'approved', operator: 'Ana', at: 1 }))).toBeUndefined();
  });
});
