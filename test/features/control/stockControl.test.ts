import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TakeoverChannel } from '../../../src/features/control/takeoverChannel';
import type { Arbitration } from '../../../src/features/control/stockControl';
import type { AuditEntry } from '../../../src/features/control/auditRepo';
import { parseLease } from '../../../src/contracts/arbitration';
import { createOperatorBridge, type OperatorBridge } from '../../../src/sim/operatorBridge';
import { FakeRobot } from '../../support/fakeLink';

type Entry = Omit<AuditEntry, 'id'>;

/** A stock robot: rosapi answers, but nobody publishes /operator/control. */
function stockRobot(): FakeRobot {
  const robot = new FakeRobot();
  robot.services.set('/rosapi/publishers', () => ({ publishers: [] }));
  return robot;
}

const channels: TakeoverChannel[] = [];
function consoleOn(robot: FakeRobot, consoleId: string, operator: string) {
  const audit: Entry[] = [];
  const arbitration: Arbitration[] = [];
  const link = robot.link();
  const ch = new TakeoverChannel({
    robotId: 'ws://robot:9090',
    link,
    identity: { consoleId, operator: () => operator },
    audit: (e) => audit.push(e),
    listener: { arbitrationChanged: (_id, a) => arbitration.push(a) },
    grantTimeoutMs: 3000,
  });
  channels.push(ch);
  return { ch, audit, arbitration, link };
}

let bridge: OperatorBridge | undefined;
beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_800_000_000_000);
});
afterEach(() => {
  bridge?.stop();
  bridge = undefined;
  for (const ch of channels.splice(0)) ch.dispose();
  vi.useRealTimers();
});

describe('stock robot: consoles arbitrate control', () => {
  it('detects that nobody publishes the control topic (rosapi/publishers) and says consoles arbitrate', async () => {
    const robot = stockRobot();
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    await vi.advanceTimersByTimeAsync(0);
    expect(a.ch.arbitration()).toBe('consoles');
    expect(a.arbitration).toEqual(['consoles']);
    expect(a.ch.control()).toMatchObject({ holder: '', mine: false, arbitration: 'consoles' });
  });

  it('a robot that publishes the control topic arbitrates itself', async () => {
    const robot = new FakeRobot();
    robot.services.set('/rosapi/publishers', () => ({ publishers: ['/robot/operator_bridge'] }));
    bridge = createOperatorBridge(robot.host(), { resendEveryMs: 0 });
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    await vi.advanceTimersByTimeAsync(0);
    expect(a.ch.arbitration()).toBe('robot');
  });

  it('without rosapi/publishers: no control message within 5 s means consoles arbitrate', async () => {
    const robot = new FakeRobot();
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    await vi.advanceTimersByTimeAsync(4900);
    expect(a.ch.arbitration()).toBe('unknown');
    await vi.advanceTimersByTimeAsync(200);
    expect(a.ch.arbitration()).toBe('consoles');
  });

  it('take control: one claim however often pressed, granted after the claim window, audited as granted', async () => {
    const robot = stockRobot();
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    const b = consoleOn(robot, 'console-b', 'Ana');
    await vi.advanceTimersByTimeAsync(0);
    const p1 = a.ch.takeControl('operator initiated');
    const p2 = a.ch.takeControl('operator initiated');
    expect(p2).toBe(p1);
    await vi.advanceTimersByTimeAsync(1600);
    await expect(p1).resolves.toEqual({ ok: true });
    const leases = robot.messages('/operator/lease').map(parseLease);
    expect(leases.filter((l) => l?.op === 'claim')).toHaveLength(1);
    expect(robot.messages('/operator/request')).toHaveLength(0); // no robot-side request: the robot would not answer it
    expect(a.ch.control()).toMatchObject({ holder: 'Li Wei', mine: true, arbitration: 'consoles' });
    expect(b.ch.control()).toMatchObject({ holder: 'Li Wei', mine: false });
    expect(a.audit.filter((e) => e.kind === 'approve')).toHaveLength(1);
    expect(a.audit.find((e) => e.data.outcome)?.data).toMatchObject({ outcome: 'granted', arbitration: 'consoles' });
    await expect(b.ch.takeControl('x')).resolves.toEqual({ ok: false, error: 'held-by-other', holder: 'Li Wei' });
  });

  it('the holder console goes away: the others see the hold stale, then free after the lease', async () => {
    const robot = stockRobot();
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    const b = consoleOn(robot, 'console-b', 'Ana');
    await vi.advanceTimersByTimeAsync(0);
    void a.ch.takeControl('x');
    await vi.advanceTimersByTimeAsync(1600);
    channels.splice(channels.indexOf(a.ch), 1);
    a.ch.dispose(); // no hand back: the page closed
    a.audit.length = 0;
    await vi.advanceTimersByTimeAsync(2700);
    expect(b.ch.control()).toMatchObject({ holder: 'Li Wei', stale: true });
    await vi.advanceTimersByTimeAsync(2500);
    expect(b.ch.control()).toMatchObject({ holder: '', mine: false });
    expect(b.audit.at(-1)).toMatchObject({ kind: 'control', data: { holder: '', previous: 'Li Wei', change: 'expired' } });
  });

  it('a lead breaks a stale hold: confirmation is the UI, the audit names both people', async () => {
    const robot = stockRobot();
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    const b = consoleOn(robot, 'console-b', 'Ana Lead');
    await vi.advanceTimersByTimeAsync(0);
    void a.ch.takeControl('x');
    await vi.advanceTimersByTimeAsync(1600);
    expect(b.ch.breakHold()).toEqual({ ok: false, error: 'not-stale' });
    a.link.setState('reconnecting'); // its link froze
    await vi.advanceTimersByTimeAsync(2700);
    expect(b.ch.breakHold()).toEqual({ ok: true, holder: 'Li Wei' });
    expect(b.audit.find((e) => e.data.outcome === 'broken')).toMatchObject({
      person: 'Ana Lead',
      data: { brokenBy: 'Ana Lead', holder: 'Li Wei', holderConsole: 'console-a' },
    });
    expect(b.ch.control()).toMatchObject({ holder: '' });
  });

  it('hand back frees control for every console', async () => {
    const robot = stockRobot();
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    const b = consoleOn(robot, 'console-b', 'Ana');
    await vi.advanceTimersByTimeAsync(0);
    void a.ch.takeControl('x');
    await vi.advanceTimersByTimeAsync(1600);
    expect(a.ch.handBack()).toMatchObject({ ok: true });
    expect(b.ch.control()).toMatchObject({ holder: '' });
    expect(a.ch.control()).toMatchObject({ holder: '', mine: false });
  });

  it('a robot that arbitrates but never confirms: the audit says approved and not confirmed', async () => {
    const robot = new FakeRobot();
    robot.services.set('/rosapi/publishers', () => ({ publishers: ['/some/node'] }));
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    await vi.advanceTimersByTimeAsync(0);
    const p = a.ch.takeControl('x');
    await vi.advanceTimersByTimeAsync(3100);
    await expect(p).resolves.toEqual({ ok: false, error: 'no-answer' });
    expect(a.audit.map((e) => [e.kind, e.data.outcome])).toContainEqual(['control', 'not-confirmed']);
  });
});
