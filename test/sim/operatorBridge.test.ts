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
