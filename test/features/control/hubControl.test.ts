// Who decides control of a stock robot: the site hub while it is connected, the consoles' arbitration on
// `<ns>/operator/lease` without it. Two consoles on one simulated stock robot, each with its own hub lease
// client talking to an in-memory hub that keeps the same rules as hub/src/leases.ts (fake timers throughout).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TakeoverChannel } from '../../../src/features/control/takeoverChannel';
import type { AuditEntry } from '../../../src/features/control/auditRepo';
import type { HubLost } from '../../../src/features/control/channelTypes';
import { parseLease } from '../../../src/contracts/arbitration';
import type { FeedEntry } from '../../../src/contracts';
import { HubLeaseClient } from '../../../src/sync';
import { MemoryHub } from '../../support/memoryHub';
import { FakeRobot } from '../../support/fakeLink';

const ROBOT = 'ws://robot:9090';

function stockRobot(): FakeRobot {
  const robot = new FakeRobot();
  robot.services.set('/rosapi/publishers', () => ({ publishers: [] }));
  return robot;
}

const channels: TakeoverChannel[] = [];
const clients: HubLeaseClient[] = [];
let hub: MemoryHub;

/** One console: its channel on the robot and, unless `hub` is false, its lease client at the hub. */
function consoleOn(
  robot: FakeRobot,
  consoleId: string,
  person: { user: string; name: string; role?: 'operator' | 'lead' },
  withHub = true,
) {
  const audit: Omit<AuditEntry, 'id'>[] = [];
  const lost: HubLost[] = [];
  const link = robot.link();
  const leases = withHub
    ? new HubLeaseClient({
        api: hub.api(person.user, person.role ?? 'operator', consoleId),
        consoleId,
        online: () => !hub.cut.has(consoleId),
        ttlMs: 6000,
        renewMs: 2000,
      })
    : undefined;
  if (leases) clients.push(leases);
  const ch = new TakeoverChannel({
    robotId: ROBOT,
    link,
    identity: { consoleId, operator: () => person.name },
    audit: (e) => audit.push(e),
    listener: { hubLeaseLost: (_id, l) => lost.push(l) },
    hubLeases: leases,
  });
  channels.push(ch);
  return { ch, audit, lost, link, leases };
}

const topicOps = (robot: FakeRobot, console: string) =>
  robot
    .messages('/operator/lease')
    .map(parseLease)
    .filter((l) => l?.console === console)
    .map((l) => l!.op);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_800_000_000_000);
  hub = new MemoryHub();
});
afterEach(() => {
  for (const ch of channels.splice(0)) ch.dispose();
  for (const c of clients.splice(0)) c.stop();
  vi.useRealTimers();
});

describe('control of a stock robot with a site hub', () => {
  it('take control asks the hub and also holds the consoles lease; a second console is refused by the hub, naming person and console', async () => {
    const robot = stockRobot();
    const a = consoleOn(robot, 'console-a', { user: 'liwei', name: 'Li Wei' });
    const b = consoleOn(robot, 'console-b', { user: 'ana', name: 'Ana' });
    await vi.advanceTimersByTimeAsync(0);
    const p = a.ch.takeControl('operator initiated');
    await vi.advanceTimersByTimeAsync(1100); // the consoles' claim window
    await expect(p).resolves.toEqual({ ok: true });
    expect(hub.leases.get(ROBOT)).toMatchObject({ holder: 'liwei', consoleId: 'console-a' });
    expect(a.ch.control()).toMatchObject({ mine: true, authority: 'hub' });
    expect(topicOps(robot, 'console-a')).toContain('hold'); // heard by consoles without the hub
    expect(a.audit.find((e) => e.data.outcome)?.data).toMatchObject({ outcome: 'granted' });
    expect(a.audit.find((e) => e.kind === 'approve')?.data).toMatchObject({ authority: 'hub' });

    await b.leases!.refresh(); // what its poll (or the hub's feed) tells it
    const r = await b.ch.takeControl('x');
    expect(r).toEqual({ ok: false, error: 'held-by-other', holder: 'liwei', console: 'console-a' });
    expect(topicOps(robot, 'console-b')).toEqual([]); // the hub said no: nothing claimed on the robot
    // Renewed at the hub while held, far past the TTL.
    await vi.advanceTimersByTimeAsync(20_000);
    expect(a.ch.control()).toMatchObject({ mine: true });
    expect(hub.leases.get(ROBOT)!.expiresAt).toBeGreaterThan(Date.now());
    // Handing back releases both; then the other console gets it.
    expect(a.ch.handBack()).toMatchObject({ ok: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(hub.leases.has(ROBOT)).toBe(false);
    const pb = b.ch.takeControl('x');
    await vi.advanceTimersByTimeAsync(1100);
    await expect(pb).resolves.toEqual({ ok: true });
    expect(hub.leases.get(ROBOT)).toMatchObject({ holder: 'ana', consoleId: 'console-b' });
  });

  it('the hub lease broken by a lead ends control at once: the consoles lease is released, audited with why', async () => {
    const robot = stockRobot();
    const a = consoleOn(robot, 'console-a', { user: 'liwei', name: 'Li Wei' });
    await vi.advanceTimersByTimeAsync(0);
    void a.ch.takeControl('x');
    await vi.advanceTimersByTimeAsync(1100);
    expect(a.ch.holdsControl()).toBe(true);
    const entry: FeedEntry = {
      seq: 7,
      entity: 'lease',
      id: ROBOT,
      body: { site: 'plant-1', robotId: ROBOT, holder: null },
      change: { action: 'break', previousHolder: 'liwei', brokenBy: 'marta', reason: 'person in the aisle' },
      by: 'marta',
      consoleId: 'laptop',
      receivedAt: Date.now() + 5,
    };
    a.leases!.onFeed([entry]);
    expect(a.ch.holdsControl()).toBe(false);
    expect(a.lost).toEqual([expect.objectContaining({ why: 'broken', by: 'marta' })]);
    expect(topicOps(robot, 'console-a').at(-1)).toBe('release');
    expect(a.audit.at(-1)).toMatchObject({
      kind: 'control',
      data: { holder: '', previous: 'Li Wei', change: 'released', hubLease: 'broken', hubBy: 'marta' },
    });
  });

  it('the hub unreachable mid-drive: control ends at once; taken again through the consoles; a console still on the hub cannot drive too', async () => {
    const robot = stockRobot();
    const a = consoleOn(robot, 'console-a', { user: 'liwei', name: 'Li Wei' });
    const b = consoleOn(robot, 'console-b', { user: 'ana', name: 'Ana' });
    await vi.advanceTimersByTimeAsync(0);
    void a.ch.takeControl('x');
    await vi.advanceTimersByTimeAsync(1100);
    hub.cut.add('console-a');
    await vi.advanceTimersByTimeAsync(2000); // the next renewal cannot reach the hub: unsure, stop
    expect(a.ch.holdsControl()).toBe(false);
    expect(a.lost[0]).toMatchObject({ why: 'unreachable' });
    expect(a.ch.control()).toMatchObject({ authority: 'consoles' });

    // B still reaches the hub, which still has A's unrenewed lease: refused, naming A.
    await expect(b.ch.takeControl('x')).resolves.toEqual({ ok: false, error: 'held-by-other', holder: 'liwei', console: 'console-a' });
    await vi.advanceTimersByTimeAsync(6000); // A's lease lapsed at the hub
    // Both press at once: A through the consoles (fallback), B through the hub, which says yes; the consoles'
    // lease is A's (the earlier claim), so B hands the hub lease back and does not drive. One driver.
    const pa = a.ch.takeControl('hub down');
    await vi.advanceTimersByTimeAsync(100);
    const pb = b.ch.takeControl('x');
    await vi.advanceTimersByTimeAsync(1100);
    await expect(pa).resolves.toEqual({ ok: true });
    await expect(pb).resolves.toMatchObject({ ok: false, error: 'held-by-other', holder: 'Li Wei' });
    expect(a.ch.control()).toMatchObject({ mine: true, authority: 'consoles' });
    expect(b.ch.holdsControl()).toBe(false);
    expect(hub.leases.has(ROBOT)).toBe(false);
    expect(topicOps(robot, 'console-b')).toContain('claim');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(a.ch.holdsControl()).toBe(true);
    expect(b.ch.holdsControl()).toBe(false);
  });

  it('says who decides: the consoles while the hub is out of reach, the hub once it is back', async () => {
    const robot = stockRobot();
    hub.cut.add('console-a');
    const a = consoleOn(robot, 'console-a', { user: 'liwei', name: 'Li Wei' });
    await vi.advanceTimersByTimeAsync(0);
    expect(a.ch.control()).toMatchObject({ arbitration: 'consoles', authority: 'consoles' });
    hub.cut.delete('console-a');
    await vi.advanceTimersByTimeAsync(1000);
    expect(a.ch.control()).toMatchObject({ arbitration: 'consoles', authority: 'hub' });
  });

  it('a console without a hub is refused while a hub console holds the robot (it hears the consoles lease)', async () => {
    const robot = stockRobot();
    const a = consoleOn(robot, 'console-a', { user: 'liwei', name: 'Li Wei' });
    const c = consoleOn(robot, 'console-c', { user: '', name: 'Chen' }, false);
    await vi.advanceTimersByTimeAsync(0);
    void a.ch.takeControl('x');
    await vi.advanceTimersByTimeAsync(1100);
    await expect(c.ch.takeControl('x')).resolves.toEqual({ ok: false, error: 'held-by-other', holder: 'Li Wei' });
    expect(c.ch.control()).toMatchObject({ authority: 'consoles', mine: false });
  });

  it('breaking a stale hold goes through the hub: refused for an operator, done by a lead at the hub and on the topic', async () => {
    const robot = stockRobot();
    const a = consoleOn(robot, 'console-a', { user: 'liwei', name: 'Li Wei' });
    const op = consoleOn(robot, 'console-b', { user: 'ana', name: 'Ana' });
    const lead = consoleOn(robot, 'console-l', { user: 'marta', name: 'Marta', role: 'lead' });
    await vi.advanceTimersByTimeAsync(0);
    void a.ch.takeControl('x');
    await vi.advanceTimersByTimeAsync(1100);
    a.link.setState('reconnecting'); // its robot link froze; its hub lease is still renewed
    await vi.advanceTimersByTimeAsync(2700);
    expect(lead.ch.control()).toMatchObject({ holder: 'Li Wei', stale: true });
    await expect(op.ch.breakHoldEverywhere('stale')).resolves.toMatchObject({ ok: false, error: 'forbidden' });
    expect(hub.leases.has(ROBOT)).toBe(true);
    await expect(lead.ch.breakHoldEverywhere('holder gone quiet')).resolves.toEqual({ ok: true, holder: 'Li Wei' });
    expect(hub.breaks).toEqual([{ robotId: ROBOT, by: 'marta', holder: 'liwei', reason: 'holder gone quiet' }]);
    expect(topicOps(robot, 'console-l')).toContain('break');
    expect(lead.audit.find((e) => e.data.outcome === 'broken')).toMatchObject({
      person: 'Marta',
      data: { brokenBy: 'Marta', holder: 'Li Wei', holderConsole: 'console-a', authority: 'hub', hubBreak: 'broken' },
    });
    // The holder's next renewal is refused: it steps down itself.
    await vi.advanceTimersByTimeAsync(2000);
    expect(a.ch.holdsControl()).toBe(false);
    expect(a.lost[0]).toMatchObject({ why: 'taken' });
  });
});
