import { describe, expect, it } from 'vitest';
import { claimBefore, leaseTopic, parseLease } from '../../src/contracts/arbitration';

describe('lease messages', () => {
  it('lives next to the control topic under the namespace', () => {
    expect(leaseTopic('')).toBe('/operator/lease');
    expect(leaseTopic('/robot1/')).toBe('/robot1/operator/lease');
  });

  it('reads a hold and refuses what is not a lease message', () => {
    const hold = { op: 'hold', console: 'c1', operator: 'Li', at: 5, since: 2, leaseMs: 5000 };
    expect(parseLease({ data: JSON.stringify(hold) })).toEqual(hold);
    expect(parseLease({ data: '{"op":"steal","console":"c","at":1}' })).toBeUndefined();
    expect(parseLease({ data: '{"op":"hold","at":1}' })).toBeUndefined();
    expect(parseLease({ data: 'not json' })).toBeUndefined();
    expect(parseLease({ data: '{"op":"claim","console":"c","at":"x"}' })).toBeUndefined();
  });

  it('orders claims by request time, then console id', () => {
    expect(claimBefore({ at: 1, console: 'z' }, { at: 2, console: 'a' })).toBe(true);
    expect(claimBefore({ at: 2, console: 'a' }, { at: 2, console: 'b' })).toBe(true);
    expect(claimBefore({ at: 2, console: 'b' }, { at: 2, console: 'a' })).toBe(false);
  });
});
