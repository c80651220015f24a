import { describe, expect, it } from 'vitest';
import { RequestQueue, compareRequests, incidentCandidateKey, type PendingRequest } from '../../../src/features/control/requestQueue';
import type { OperatorRequest } from '../../../src/contracts';
import { TakeoverChannel } from '../../../src/features/control/takeoverChannel';
import { FakeRobot } from '../../support/fakeLink';

let clock = 1_000_000;
const queue = (staleMs = 15_000) => new RequestQueue({ robotId: 'r', now: () => clock, clockOffsetMs: () => 0, staleMs });
const req = (id: string, o: Partial<OperatorRequest> = {}): OperatorRequest => ({
  id,
  kind: 'takeover',
  reason: 'x',
  severity: 'warning',
  ...o,
});

describe('request queue', () => {
  it('a re-send is not a new request; after the link restarts the same id is a new request', () => {
    const q = queue();
    expect(q.add(req('1')).added).toBeDefined();
    expect(q.add(req('1')).added).toBeUndefined();
    q.take('1');
    expect(q.add(req('1')).added).toBeUndefined(); // decided: the robot's late re-send does not bring it back
    q.linkRestarted();
    const again = q.add(req('1', { reason: 'robot restarted, asks again' }));
    expect(again.added).toMatchObject({ id: '1', reason: 'robot restarted, asks again' });
    expect(q.list()).toHaveLength(1);
  });

  it('a request still open at the restart is replaced by the new one with the same id', () => {
    const q = queue();
    q.add(req('1', { reason: 'old' }));
    q.add(req('2', { reason: 'old two' }));
    q.linkRestarted();
    expect(q.add(req('1', { reason: 'new' })).added?.reason).toBe('new');
    expect(
      q
        .list()
        .map((r) => r.reason)
        .sort(),
    ).toEqual(['new', 'old two']);
    expect(q.add(req('1', { reason: 'new' })).added).toBeUndefined(); // and its re-sends are re-sends again
  });

  it('a request not re-sent for the stale time is stale (still listed); a re-send makes it fresh', () => {
    const q = queue(10_000);
    q.add(req('1'));
    clock += 9_000;
    expect(q.refreshStale()).toBe(false);
    clock += 1_000;
    expect(q.refreshStale()).toBe(true);
    expect(q.list()[0]).toMatchObject({ id: '1', stale: true });
    expect(q.add(req('1')).changed).toBe(true);
    expect(q.list()[0].stale).toBe(false);
  });

  it('console-made requests never go stale', () => {
    const q = queue(10);
    q.add(req('c', { origin: 'Li Wei' }));
    clock += 1000;
    expect(q.refreshStale()).toBe(false);
  });

  it('orders fresh before stale, most severe first, newest first', () => {
    const p = (id: string, severity: PendingRequest['severity'], receivedAt: number, stale = false): PendingRequest => ({
      ...req(id, { severity }),
      robotId: 'r',
      receivedAt,
      lastSeenAt: receivedAt,
      stale,
    });
    const list = [
      p('old-warn', 'warning', 1),
      p('new-info', 'info', 9),
      p('crit', 'critical', 2),
      p('new-warn', 'warning', 5),
      p('stale-crit', 'critical', 8, true),
    ];
    expect(list.sort(compareRequests).map((r) => r.id)).toEqual(['crit', 'new-warn', 'old-warn', 'new-info', 'stale-crit']);
  });

  it('only requests at or above the incident severity become candidates, keyed so repeats merge', () => {
    const base = { robotId: 'r', receivedAt: 0, lastSeenAt: 0, stale: false };
    expect(incidentCandidateKey({ ...req('1', { severity: 'warning' }), ...base })).toBeUndefined();
    const a = incidentCandidateKey({ ...req('1', { severity: 'critical', reason: 'blocked' }), ...base });
    const b = incidentCandidateKey({ ...req('2', { severity: 'critical', reason: 'blocked' }), ...base });
    expect(a).toBeDefined();
    expect(a).toBe(b);
    expect(incidentCandidateKey({ ...req('3', { severity: 'warning' }), ...base }, 'warning')).toBeDefined();
  });
});

describe('requests through the channel', () => {
  it('a restarted robot counting its ids from 1 again: every request appears', () => {
    const robot = new FakeRobot();
    const link = robot.link();
    const ch = new TakeoverChannel({ robotId: 'r', link, identity: { consoleId: 'c', operator: () => 'Li' }, audit: () => {} });
    const send = (id: string, reason: string) => robot.publish('/operator/request', { data: JSON.stringify(req(id, { reason })) });
    send('1', 'first life one');
    send('2', 'first life two');
    expect(ch.deny('1', 'no')).toEqual({ ok: true });
    expect(ch.deny('2', 'no')).toEqual({ ok: true });
    link.setState('reconnecting');
    link.setState('connected');
    send('1', 'second life one');
    send('2', 'second life two');
    send('3', 'second life three');
    expect(
      ch
        .pending()
        .map((r) => r.reason)
        .sort(),
    ).toEqual(['second life one', 'second life three', 'second life two']);
    ch.dispose();
  });
});
