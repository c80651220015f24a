// The takeover service and teleop manager wired to the fleet, with in-memory links: approving selects the robot
// and switches it to teleop; driving stops on link loss and on losing control; e-stop order; hand back.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOperatorBridge, type OperatorBridge } from '../../../src/sim/operatorBridge';
import { memoryAuditRepo, isZeroTwist } from '../../support/controlDoubles';
import { FakeRobot, type FakeLink } from '../../support/fakeLink';

const robot = new FakeRobot();
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
const { teleopRobotId, getTeleopControllerForTests } = await import('../../../src/features/control/teleopManager');
const { onEstop } = await import('../../../src/features/control/estop');

const URL_A = 'ws://robot-a:9090';
const { repo, entries } = memoryAuditRepo();

let stop: () => void;
let bridge: OperatorBridge;
const cmdVel = () => robot.log.filter((l) => l.topic === '/cmd_vel');
const isZero = isZeroTwist;

beforeEach(() => {
  vi.useFakeTimers();
  robot.log.length = 0;
  robot.enabled = true;
  entries.length = 0;
  robot.services.set('/robot/set_enabled', (a) => {
    robot.enabled = (a as { data: boolean }).data;
    return { success: true, message: '' };
  });
  robot.params.set('/robot/max_speed', 0.8);
  bridge = createOperatorBridge(robot.host(), { resendEveryMs: 0, robotName: 'atlas-1' });
  useTakeoverStore.setState({ operatorName: 'Li Wei', requests: [], control: {}, mode: {} });
  useFleetStore.getState().addRobot(URL_A);
  useFleetStore.getState().select(undefined);
  stop = svc.startTakeoverService({ audit: repo, alerts: false, inputs: false });
});

afterEach(() => {
  stop();
  bridge.stop();
  useFleetStore.getState().removeRobot(URL_A);
  vi.useRealTimers();
});

async function approveFirst(): Promise<void> {
  bridge.requestTakeover('blocked by the hazard zone');
  const req = useTakeoverStore.getState().requests[0];
  expect(req).toMatchObject({ robotId: URL_A, reason: 'blocked by the hazard zone' });
  const res = await svc.approveRequest(URL_A, req.id);
  expect(res).toEqual({ ok: true });
}

describe('takeover service', () => {
  it('approving selects the robot, switches it to teleop and points the panel at it', async () => {
    await approveFirst();
    expect(useFleetStore.getState().selectedId).toBe(URL_A);
    expect(useTakeoverStore.getState().mode[URL_A]).toBe('teleop');
    expect(useTakeoverStore.getState().focus?.robotId).toBe(URL_A);
    expect(useTakeoverStore.getState().control[URL_A]).toMatchObject({ holder: 'Li Wei', mine: true });
    expect(useTakeoverStore.getState().requests).toEqual([]);
    expect(teleopRobotId()).toBe(URL_A);
  });

  it('link lost while driving: zero twist at once, nothing after', async () => {
    await approveFirst();
    const ctl = getTeleopControllerForTests()!;
    ctl.setInput('keyboard', { linear: 1, angular: 0 });
    vi.advanceTimersByTime(200);
    expect(cmdVel().length).toBeGreaterThan(3);
    const link = links.get(URL_A)!;
    link.setState('reconnecting');
    // The zero twist is handed to the link at once (it reaches the robot if the socket still carries it; the
    // robot's own watchdog covers the rest), then nothing more is sent.
    const sent = () => link.published('/cmd_vel');
    expect(isZero(sent().at(-1))).toBe(true);
    const n = sent().length;
    vi.advanceTimersByTime(2000);
    expect(sent()).toHaveLength(n);
    expect(ctl.snapshot()).toMatchObject({ active: false, allowed: false, lastHalt: 'link' });
  });

  it('losing control (robot releases it) stops driving and leaves teleop', async () => {
    await approveFirst();
    const ctl = getTeleopControllerForTests()!;
    ctl.setInput('keyboard', { linear: 1, angular: 0 });
    vi.advanceTimersByTime(100);
    bridge.releaseControl();
    expect(isZero(cmdVel().at(-1)!.msg)).toBe(true);
    const n = cmdVel().length;
    vi.advanceTimersByTime(1000);
    expect(cmdVel()).toHaveLength(n);
    expect(useTakeoverStore.getState().mode[URL_A]).toBe('auto');
    expect(teleopRobotId()).toBeUndefined();
  });

  it('e-stop: zero twist, then SetBool false, then the estop records, audit, onEstop — without needing control', async () => {
    useFleetStore.getState().select(URL_A);
    const seen: string[] = [];
    const off = onEstop(() => seen.push('event'));
    const link = links.get(URL_A)!;
    link.frames.length = 0;
    const before = entries.length;
    const records = await svc.emergencyStop();
    off();
    const sent = link.commands();
    expect(sent.map((f) => `${f.op} ${String(f.topic ?? f.service)}`)).toEqual([
      'publish /cmd_vel',
      'call_service /robot/set_enabled',
      'publish /operator/response',
      'publish /operator/response',
    ]);
    expect(isZero(sent[0].msg)).toBe(true);
    expect(sent[1].args).toEqual({ data: false });
    expect(entries.slice(before).map((e) => e.kind)).toEqual(['estop']);
    expect(seen).toEqual(['event']);
    expect(records).toMatchObject([{ robotId: URL_A, disabled: true, person: 'Li Wei' }]);
    expect(robot.enabled).toBe(false);
  });

  it('hand back releases control, leaves teleop and audits the duration', async () => {
    await approveFirst();
    vi.advanceTimersByTime(5000);
    const r = svc.handBack(URL_A);
    expect(r).toMatchObject({ ok: true, durationMs: 5000 });
    expect(bridge.control().holder).toBe('');
    expect(useTakeoverStore.getState().mode[URL_A]).toBe('auto');
    expect(teleopRobotId()).toBeUndefined();
    expect(entries.map((e) => e.kind)).toEqual(['request', 'approve', 'control', 'control', 'handback', 'control']);
  });

  it('another console holding control: approve is refused with the holder named', async () => {
    robot.publish('/operator/control', { data: JSON.stringify({ holder: 'Sam', since: 1, console: 'other' }) }, { latch: true });
    bridge.requestTakeover('x');
    const req = useTakeoverStore.getState().requests[0];
    const res = await svc.approveRequest(URL_A, req.id);
    expect(res).toEqual({ ok: false, error: 'held-by-other', holder: 'Sam' });
    expect(useTakeoverStore.getState().notice).toMatchObject({ code: 'held-by-other', holder: 'Sam' });
    expect(teleopRobotId()).toBeUndefined();
  });
});
