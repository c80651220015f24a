// The takeover service on a stock robot with the site hub as lease authority (the console's own lease client,
// set as the app does): taking control holds the hub lease; losing it mid-drive stops driving at once with a
// zero twist and says why; a refusal by the hub names the holder's person and console.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HubLeaseClient, setHubLeases } from '../../../src/sync';
import { memoryAuditRepo, isZeroTwist } from '../../support/controlDoubles';
import { FakeRobot, type FakeLink } from '../../support/fakeLink';
import { MemoryHub } from '../../support/memoryHub';

const robot = new FakeRobot();
robot.services.set('/rosapi/publishers', () => ({ publishers: [] })); // nobody publishes /operator/control
const links = new Map<string, FakeLink>();
vi.mock('../../../src/ros/robotLink', () => ({
  createRobotLink(url: string) {
    const l = robot.link(url);
    links.set(url, l);
    return l;
  },
}));

const { useFleetStore } = await import('../../../src/fleet/fleetStore');
const svc = await import('../../../src/features/control/takeoverService');
const { useTakeoverStore } = await import('../../../src/features/control/takeoverStore');
const { consoleId } = await import('../../../src/features/control/consoleIdentity');
const { teleopRobotId, getTeleopControllerForTests } = await import('../../../src/features/control/teleopManager');

const URL_A = 'ws://stock-a:9090';
const { repo, entries } = memoryAuditRepo();
const isZero = isZeroTwist;

let stop: () => void;
let hub: MemoryHub;
let leases: HubLeaseClient;

beforeEach(async () => {
  vi.useFakeTimers();
  robot.log.length = 0;
  entries.length = 0;
  hub = new MemoryHub();
  leases = new HubLeaseClient({
    api: hub.api('liwei', 'operator', consoleId()),
    consoleId: consoleId(),
    online: () => !hub.cut.has(consoleId()),
  });
  setHubLeases(leases);
  useTakeoverStore.setState({ operatorName: 'Li Wei', requests: [], control: {}, mode: {}, notice: undefined });
  useFleetStore.getState().addRobot(URL_A);
  stop = svc.startTakeoverService({ audit: repo, alerts: false, inputs: false });
  await vi.advanceTimersByTimeAsync(0); // rosapi: a stock robot, the consoles (and the hub) decide
});

afterEach(() => {
  stop();
  leases.stop();
  setHubLeases(undefined);
  useFleetStore.getState().removeRobot(URL_A);
  vi.useRealTimers();
});

async function take(): Promise<void> {
  const p = svc.takeControl(URL_A, 'operator initiated');
  await vi.advanceTimersByTimeAsync(1100);
  await expect(p).resolves.toEqual({ ok: true });
}

describe('takeover service with the hub as lease authority', () => {
  it('the hub lease lost mid-drive (hub unreachable): zero twist at once, teleop left, the reason shown', async () => {
    await take();
    expect(hub.leases.get(URL_A)).toMatchObject({ holder: 'liwei', consoleId: consoleId() });
    expect(teleopRobotId()).toBe(URL_A);
    expect(useTakeoverStore.getState().control[URL_A]).toMatchObject({ mine: true, authority: 'hub' });
    const link = links.get(URL_A)!;
    getTeleopControllerForTests()!.setInput('keyboard', { linear: 1, angular: 0 });
    await vi.advanceTimersByTimeAsync(200);
    const sent = () => link.published('/cmd_vel');
    expect(sent().length).toBeGreaterThan(2);
    expect(isZero(sent().at(-1))).toBe(false);
    hub.cut.add(consoleId());
    await vi.advanceTimersByTimeAsync(1900); // the renewal 2 s after taking control cannot reach the hub
    expect(isZero(sent().at(-1))).toBe(true);
    const n = sent().length;
    await vi.advanceTimersByTimeAsync(2000);
    expect(sent()).toHaveLength(n);
    expect(teleopRobotId()).toBeUndefined();
    expect(useTakeoverStore.getState().mode[URL_A]).toBe('auto');
    expect(useTakeoverStore.getState().notice).toMatchObject({ code: 'hub-lease-lost', robotId: URL_A });
    expect(useTakeoverStore.getState().notice?.detail).toMatch(/not reachable/);
    expect(entries.at(-1)).toMatchObject({ kind: 'control', data: { holder: '', change: 'released', hubLease: 'unreachable' } });
  });

  it('held at the hub by another console: refused, the notice names the person and the console', async () => {
    await hub.api('marta', 'lead', 'laptop').lease('acquire', URL_A, 'laptop', 60_000);
    await leases.refresh();
    const r = await svc.takeControl(URL_A, 'x');
    expect(r).toEqual({ ok: false, error: 'held-by-other', holder: 'marta', console: 'laptop' });
    expect(useTakeoverStore.getState().notice).toMatchObject({ code: 'held-at-hub', holder: 'marta', detail: 'laptop' });
    expect(teleopRobotId()).toBeUndefined();
    expect(robot.messages('/operator/lease')).toEqual([]); // nothing claimed on the robot
  });
});
