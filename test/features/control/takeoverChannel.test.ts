import { afterEach, describe, expect, it } from 'vitest';
import { TakeoverChannel, type PendingRequest } from '../../../src/features/control/takeoverChannel';
import { parseControl, parseResponse } from '../../../src/contracts/operatorProtocol';
import { createOperatorBridge, type OperatorBridge } from '../../../src/sim/operatorBridge';
import type { AuditEntry } from '../../../src/features/control/auditRepo';
import { FakeRobot } from '../../support/fakeLink';

type Entry = Omit<AuditEntry, 'id'>;

function consoleOn(robot: FakeRobot, consoleId: string, operator: string) {
  const audit: Entry[] = [];
  const newRequests: PendingRequest[] = [];
  const ch = new TakeoverChannel({
    robotId: 'ws://robot:9090',
    robotName: () => 'atlas',
    link: robot.link(),
    identity: { consoleId, operator: () => operator },
    audit: (e) => audit.push(e),
    listener: { newRequest: (r) => newRequests.push(r) },
    grantTimeoutMs: 200,
  });
  return { ch, audit, newRequests };
}

let bridge: OperatorBridge | undefined;
afterEach(() => bridge?.stop());

describe('takeover request → decision → control', () => {
  it('queues a robot request, approves it and the robot names this console as the single holder', async () => {
    const robot = new FakeRobot();
    bridge = createOperatorBridge(robot.host(), { robotName: 'atlas', resendEveryMs: 0 });
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    expect(a.ch.control()).toMatchObject({ holder: '', mine: false });

    const id = bridge.requestTakeover('blocked by the hazard zone');
    expect(a.ch.pending()).toHaveLength(1);
    expect(a.ch.pending()[0]).toMatchObject({ id, kind: 'takeover', reason: 'blocked by the hazard zone' });
    expect(a.newRequests).toHaveLength(1);

    const res = await a.ch.approve(id);
    expect(res).toEqual({ ok: true });
    expect(a.ch.pending()).toHaveLength(0);
    expect(a.ch.holdsControl()).toBe(true);
    expect(bridge.control()).toMatchObject({ holder: 'Li Wei', console: 'console-a' });
    expect(bridge.pending()).toHaveLength(0);
    const resp = parseResponse(robot.messages('/operator/response')[0]);
    expect(resp).toMatchObject({ id, decision: 'approved', operator: 'Li Wei' });
    expect(typeof resp?.at).toBe('number');
    expect(a.audit.map((e) => e.kind)).toEqual(['request', 'approve', 'control', 'control']);
    expect(a.audit[3].data).toMatchObject({ outcome: 'granted', mine: true });
    expect(a.audit[1].person).toBe('Li Wei');
    expect(a.audit[0].person).toBe('atlas');
  });

  it('deny closes the request with a reason and leaves control alone', () => {
    const robot = new FakeRobot();
    bridge = createOperatorBridge(robot.host(), { resendEveryMs: 0 });
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    const id = bridge.requestTakeover('lost');
    expect(a.ch.deny(id, 'robot can wait')).toEqual({ ok: true });
    expect(a.ch.pending()).toEqual([]);
    expect(bridge.control().holder).toBe('');
    expect(parseResponse(robot.messages('/operator/response')[0])).toMatchObject({ decision: 'denied', reason: 'robot can wait' });
    expect(a.audit.at(-1)).toMatchObject({ kind: 'deny', person: 'Li Wei', data: { reason: 'robot can wait' } });
  });

  it('refuses without an operator name', async () => {
    const robot = new FakeRobot();
    bridge = createOperatorBridge(robot.host(), { resendEveryMs: 0 });
    const a = consoleOn(robot, 'console-a', '  ');
    const id = bridge.requestTakeover('x');
    expect(await a.ch.approve(id)).toEqual({ ok: false, error: 'no-operator' });
    expect(robot.messages('/operator/response')).toHaveLength(0);
  });

  it('a decision by another console clears the request from every queue', async () => {
    const robot = new FakeRobot();
    bridge = createOperatorBridge(robot.host(), { resendEveryMs: 0 });
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    const b = consoleOn(robot, 'console-b', 'Sam');
    const id = bridge.requestTakeover('x');
    expect(b.ch.pending()).toHaveLength(1);
    await a.ch.approve(id);
    expect(b.ch.pending()).toHaveLength(0);
    expect(b.ch.control()).toMatchObject({ holder: 'Li Wei', mine: false });
    expect(b.audit.find((e) => e.kind === 'approve')).toMatchObject({ person: 'Li Wei', data: { mine: false } });
  });

  it('a second console cannot steal control: refused locally, and the robot keeps the holder even if asked', async () => {
    const robot = new FakeRobot();
    bridge = createOperatorBridge(robot.host(), { resendEveryMs: 0 });
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    const b = consoleOn(robot, 'console-b', 'Sam');
    await a.ch.approve(bridge.requestTakeover('first'));
    expect(a.ch.holdsControl()).toBe(true);

    // A second request arrives; console B tries to approve it and to take control itself.
    const id2 = bridge.requestTakeover('second');
    expect(await b.ch.approve(id2)).toEqual({ ok: false, error: 'held-by-other', holder: 'Li Wei' });
    expect(await b.ch.takeControl('mine now')).toEqual({ ok: false, error: 'held-by-other', holder: 'Li Wei' });
    expect(b.ch.handBack()).toMatchObject({ ok: false });

    // Even a console that bypasses the check (stale view) is refused by the robot.
    robot.publish('/operator/response', {
      data: JSON.stringify({ id: id2, decision: 'approved', operator: 'Sam', console: 'console-b', at: 1 }),
    });
    robot.publish('/operator/response', {
      data: JSON.stringify({ id: 'x', decision: 'handback', operator: 'Sam', console: 'console-b', at: 2 }),
    });
    expect(bridge.control()).toMatchObject({ holder: 'Li Wei', console: 'console-a' });
    expect(a.ch.holdsControl()).toBe(true);
    expect(b.ch.holdsControl()).toBe(false);
    expect(bridge.events().filter((e) => e.kind === 'refused')).toHaveLength(2);
  });

  it('two consoles racing for the same request end with exactly one holder', async () => {
    const robot = new FakeRobot();
    bridge = createOperatorBridge(robot.host(), { resendEveryMs: 0 });
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    const b = consoleOn(robot, 'console-b', 'Sam');
    const idA = bridge.requestTakeover('one');
    const idB = bridge.requestTakeover('two');
    const [ra, rb] = await Promise.all([a.ch.approve(idA), b.ch.approve(idB)]);
    const holders = [a.ch.holdsControl(), b.ch.holdsControl()].filter(Boolean);
    expect(holders).toHaveLength(1);
    expect([ra.ok, rb.ok].filter(Boolean)).toHaveLength(1);
  });

  it('hand back releases control, publishes handback and records the duration', async () => {
    const robot = new FakeRobot();
    let t = 1_000_000;
    robot.clock = () => t;
    bridge = createOperatorBridge(robot.host(), { resendEveryMs: 0, now: () => t });
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    (a.ch as unknown as { now: () => number }).now = () => t;
    await a.ch.approve(bridge.requestTakeover('x'));
    t += 42_000;
    const res = a.ch.handBack();
    expect(res).toEqual({ ok: true, durationMs: 42_000 });
    expect(bridge.control()).toMatchObject({ holder: '' });
    expect(a.ch.holdsControl()).toBe(false);
    expect(parseControl(robot.messages('/operator/control').at(-1))).toMatchObject({ holder: '' });
    const hb = a.audit.find((e) => e.kind === 'handback');
    expect(hb).toMatchObject({ person: 'Li Wei', data: { durationMs: 42_000 } });
    expect(a.audit.map((e) => e.kind)).toEqual(['request', 'approve', 'control', 'control', 'handback', 'control']);
  });

  it('a console can take control by itself (console-made request) when nobody holds it', async () => {
    const robot = new FakeRobot();
    bridge = createOperatorBridge(robot.host(), { resendEveryMs: 0 });
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    expect(await a.ch.takeControl('inspection')).toEqual({ ok: true });
    expect(bridge.control().holder).toBe('Li Wei');
    expect(a.newRequests).toHaveLength(0); // no alarm for our own request
    expect(a.audit.map((e) => e.kind)).toEqual(['request', 'approve', 'control', 'control']);
  });

  it('a late console learns the holder from the latched control topic', async () => {
    const robot = new FakeRobot();
    bridge = createOperatorBridge(robot.host(), { resendEveryMs: 0 });
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    await a.ch.approve(bridge.requestTakeover('x'));
    const late = consoleOn(robot, 'console-c', 'Ana');
    expect(late.ch.control()).toMatchObject({ holder: 'Li Wei', mine: false });
  });

  it('ignores malformed messages', () => {
    const robot = new FakeRobot();
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    robot.publish('/operator/request', { data: 'not json' });
    robot.publish('/operator/request', { data: '{"kind":"takeover"}' });
    robot.publish('/operator/control', { data: '[1]' });
    expect(a.ch.pending()).toEqual([]);
    expect(a.ch.control()).toBeUndefined();
  });
});

describe('waiting time', () => {
  it('counts from the robot’s first ask when a re-sent request reaches a console late', () => {
    const robot = new FakeRobot();
    const a = consoleOn(robot, 'console-a', 'Li Wei');
    const at = Date.now() - 42_000;
    robot.publish('/operator/request', { data: JSON.stringify({ id: 'r1', kind: 'takeover', reason: 'x', severity: 'warning', at }) });
    expect(a.ch.pending().find((r) => r.id === 'r1')?.receivedAt).toBe(at);
    // A robot clock far in the future is not trusted.
    robot.publish('/operator/request', {
      data: JSON.stringify({ id: 'r2', kind: 'takeover', reason: 'x', severity: 'warning', at: Date.now() + 60_000 }),
    });
    expect(Date.now() - a.ch.pending().find((r) => r.id === 'r2')!.receivedAt).toBeLessThan(1000);
  });
});
