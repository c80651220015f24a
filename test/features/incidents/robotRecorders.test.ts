import { afterEach, describe, expect, it, vi } from 'vitest';
import { fleetLinkTap } from '../../../src/features/incidents/providerHelpers';
import { RobotRecorders, tapRecord } from '../../../src/features/incidents/robotRecorders';
import type { RobotLink } from '../../../src/ros/types';
import { loopbackLink } from '../../ros/linkHarness';

const flush = () => vi.advanceTimersByTimeAsync(0);
afterEach(() => vi.useRealTimers());

function recordersOn(getLink: () => RobotLink | undefined, budget?: number) {
  const changed = new Set<() => void>();
  const links = { get: getLink, onChange: (cb: () => void) => (changed.add(cb), () => changed.delete(cb)) };
  const rec = new RobotRecorders({
    tapFor: (id) => fleetLinkTap(id, links),
    subscribeDiagnostics: () => () => undefined,
    ringBytesFor: () => budget,
    onDiagnostics: () => undefined,
  });
  return { rec, linksChanged: () => changed.forEach((cb) => cb()) };
}

describe('evidence recorders on the link tap', () => {
  it('record what the robot sent and what the console sent, each at its own time, the console marked', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(1_700_000_000_000);
    const { link, last } = loopbackLink();
    const { rec } = recordersOn(() => link);
    rec.watch('r1');
    link.subscribe('/scan', { type: 'sensor_msgs/LaserScan' }, () => undefined);
    const cmd = link.advertise('/cmd_vel', 'geometry_msgs/Twist');
    await flush();
    const scan = JSON.stringify({ op: 'publish', topic: '/scan', msg: { ranges: [1, 2, 3], angle_min: 0 } });
    last()!.receive(scan);
    vi.advanceTimersByTime(40);
    cmd.publish({ linear: { x: 0.4, y: 0, z: 0 }, angular: { x: 0, y: 0, z: 0 } });
    vi.advanceTimersByTime(40);
    last()!.receive(scan);
    const ring = rec.ring('r1')!;
    const held = ring.snapshot(0, Date.now());
    const cmds = held.filter((m) => m.topic === '/cmd_vel');
    expect(cmds).toHaveLength(1);
    expect(cmds[0]).toMatchObject({ type: 'geometry_msgs/Twist', sent: true, receivedAt: 1_700_000_000_040 });
    const scans = held.filter((m) => m.topic === '/scan');
    expect(scans.map((m) => [m.receivedAt, m.sent ?? false, m.type])).toEqual([
      [1_700_000_000_000, false, 'sensor_msgs/LaserScan'],
      [1_700_000_000_080, false, 'sensor_msgs/LaserScan'],
    ]);
    // The ring counts the frames' sizes, not a walk over the messages.
    expect(scans[0]!.bytes).toBe(scan.length);
    const size = ring.size;
    rec.stop();
    last()!.receive(scan);
    expect(ring.size).toBe(size);
    link.close();
  });

  it('follow the fleet link (opened after the ring, or replaced) and apply the site budget', async () => {
    vi.useFakeTimers();
    const a = loopbackLink();
    const slot: { link?: RobotLink } = {};
    const { rec, linksChanged } = recordersOn(() => slot.link, 5 * 1024 * 1024);
    rec.watch('r1');
    expect(rec.ring('r1')!.maxBytes).toBe(5 * 1024 * 1024);
    slot.link = a.link;
    linksChanged();
    a.link.subscribe('/odom', { type: 'nav_msgs/Odometry' }, () => undefined);
    await flush();
    a.last()!.receive(JSON.stringify({ op: 'publish', topic: '/odom', msg: {} }));
    expect(
      rec
        .ring('r1')!
        .snapshot(0, Date.now())
        .filter((m) => m.topic === '/odom'),
    ).toHaveLength(1);
    rec.stop();
    a.link.close();
  });

  it('tapRecord keeps a ROS 1 payload as it came and not a whole CBOR frame', () => {
    const raw = new Uint8Array([1, 2, 3]);
    expect(tapRecord('/a', 't', {}, 1, { direction: 'in', bytes: 3, raw, rawEncoding: 'ros1' }).raw).toBe(raw);
    expect(tapRecord('/a', 't', {}, 1, { direction: 'in', bytes: 3, raw, rawEncoding: 'cbor' }).raw).toBeUndefined();
    expect(tapRecord('/a', 't', {}, 1, { direction: 'out', bytes: 3 }).sent).toBe(true);
  });
});
