import { afterEach, describe, expect, it } from 'vitest';
import { createOperatorBridge, type OperatorBridge } from '../../src/sim/operatorBridge';
import { FakeRobot } from '../support/fakeLink';

let bridge: OperatorBridge | undefined;
afterEach(() => bridge?.stop());

describe('robot-side operator bridge', () => {
  it('re-sends open requests for consoles that connect later and asks by itself on a hazard', async () => {
    const robot = new FakeRobot();
    const host = { ...robot.host(), hazard: () => 'blocked by the hazard zone' };
    bridge = createOperatorBridge(host, { resendEveryMs: 20, autoRequestEveryMs: 10 });
    await new Promise((r) => setTimeout(r, 60));
    const reqs = robot.messages('/operator/request').map((m) => JSON.parse((m as { data: string }).data) as { id: string; reason: string });
    expect(new Set(reqs.map((r) => r.id)).size).toBe(1); // only one open request at a time
    expect(reqs.length).toBeGreaterThan(1); // re-sent
    expect(reqs[0].reason).toBe('blocked by the hazard zone');
  });
});

describe('stock robot and restarts', () => {
  it('a stock robot publishes no control topic and grants nothing (consoles arbitrate)', () => {
    const robot = new FakeRobot();
    const b = createOperatorBridge(robot.host(), { stock: true, resendEveryMs: 0 });
    const id = b.requestTakeover('x');
    robot.publish('/operator/response', { data: JSON.stringify({ id, decision: 'approved', operator: 'Li', at: 1, console: 'c' }) });
    expect(robot.messages('/operator/control')).toEqual([]);
    expect(b.control().holder).toBe('');
    b.stop();
  });

  it('with sequential ids, a reboot counts request ids from 1 again', () => {
    const robot = new FakeRobot();
    const b = createOperatorBridge(robot.host(), { sequentialIds: true, resendEveryMs: 0 });
    expect([b.requestTakeover('a'), b.requestTakeover('b')]).toEqual(['1', '2']);
    b.reboot();
    expect(b.pending()).toEqual([]);
    expect(b.requestTakeover('c')).toBe('1');
    b.stop();
  });
});
