import { encode } from 'cbor-x';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { publishIfSendable } from '../../src/ros/publishing';
import type { LinkStatus, TapEvent } from '../../src/ros/types';
import { loopbackLink } from './linkHarness';

const flush = () => vi.advanceTimersByTimeAsync(0);

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const quiet = () => vi.spyOn(console, 'warn').mockImplementation(() => {});

describe('status while the robot is away', () => {
  it('says since when it is unreachable, when the next try is, and keeps the last figures with their age', async () => {
    vi.useFakeTimers();
    quiet();
    let refuse = false;
    const { link, last, sockets } = loopbackLink({ pingIntervalMs: 2000, random: () => 0.5, refuse: () => refuse });
    link.subscribe('/tf', { type: 'tf2_msgs/TFMessage' }, () => {});
    await flush();
    await flush();
    const figuresAt = link.status().figuresAt!;
    expect(link.status().latencyMs).toBeGreaterThanOrEqual(0);
    // up 10 s with data: a good connection
    for (let i = 0; i < 11; i++) {
      last().receive('{"op":"publish","topic":"/tf","msg":{"transforms":[]}}');
      await vi.advanceTimersByTimeAsync(1000);
    }
    refuse = true;
    const lostAt = Date.now();
    last().serverClose(1006);
    const s = link.status();
    expect(s).toMatchObject({ state: 'reconnecting', reason: 'connection lost', retryMode: 'probe', downSince: lostAt, attempt: 1 });
    expect(s.nextRetryAt).toBe(lostAt + 1000);
    expect(s.latencyMs).toBeDefined();
    expect(s.figuresAt).toBeGreaterThanOrEqual(figuresAt);
    await vi.advanceTimersByTimeAsync(1001);
    await flush();
    expect(sockets).toHaveLength(2);
    expect(link.status()).toMatchObject({
      state: 'reconnecting',
      reason: 'connection refused',
      retryMode: 'probe',
      downSince: lostAt,
      attempt: 2,
    });
    expect(
      link
        .problems()
        .filter((p) => p.kind === 'connection')
        .map((p) => p.message),
    ).toEqual(['connection lost', 'connection refused']);
    link.close();
  });

  it('a robot that accepts and drops at once: backs off and says it keeps dropping the connection', async () => {
    vi.useFakeTimers();
    quiet();
    const { link, sockets } = loopbackLink({ random: () => 1 });
    const states: LinkStatus[] = [];
    link.onStatus((s) => states.push(s));
    for (let i = 0; i < 40; i++) {
      await vi.advanceTimersByTimeAsync(50);
      const s = sockets.at(-1)!;
      if (s.readyState === 1) s.serverClose(1000);
    }
    // in 2 s: the first connection, one quick retry, then 2 s of backoff (not four per second)
    expect(sockets.length).toBeLessThanOrEqual(3);
    expect(link.status()).toMatchObject({ state: 'reconnecting', retryMode: 'flapping', flaps: 2 });
    expect(link.status().reason).toMatch(/^robot keeps dropping the connection \(2 times in a row; closed by robot \(code 1000\)\)$/);
    link.close();
  });
});

describe('motion that cannot leave is dropped, not queued', () => {
  it('publish says whether it left: not while the socket is backed up or the link is down', async () => {
    vi.useFakeTimers();
    quiet();
    const { link, last } = loopbackLink();
    const pub = link.advertise('/cmd_vel', 'geometry_msgs/Twist', { queueSize: 1, dropIfUnsendable: true });
    await flush();
    expect(pub.publish({ linear: { x: 0.1 } })).toBe(true);
    last().bufferedAmount = 64 * 1024; // a frozen proxy: what was sent has not left
    expect(pub.publish({ linear: { x: 0.2 } })).toBe(false);
    expect(publishIfSendable(pub, { linear: { x: 0.3 } })).toBe(false);
    last().bufferedAmount = 0;
    expect(publishIfSendable(pub, { linear: { x: 0.4 } })).toBe(true);
    const sent = last()
      .sent.filter((f) => f.op === 'publish')
      .map((f) => (f.msg as { linear: { x: number } }).linear.x);
    expect(sent).toEqual([0.1, 0.4]);
    expect(link.problems().find((p) => p.message.startsWith('socket backed up'))).toMatchObject({ count: 2, topic: '/cmd_vel' });
    last().serverClose(1006);
    expect(pub.publish({ linear: { x: 1 } })).toBe(false);
    link.close();
  });

  it('lastReceivedAt follows every frame from the robot, also ones that carry no message', async () => {
    vi.useFakeTimers();
    quiet();
    const { link, last } = loopbackLink();
    await flush();
    expect(link.lastReceivedAt()).toBe(0);
    await vi.advanceTimersByTimeAsync(100);
    last().receive('garbage');
    expect(link.lastReceivedAt()).toBe(Date.now());
    await vi.advanceTimersByTimeAsync(600);
    expect(Date.now() - link.lastReceivedAt()).toBe(600); // what a teleop layer checks against its 500 ms
    link.close();
  });
});

describe('tap', () => {
  it('sees every message in (with the raw CBOR frame) and every message out, with topic, type and time', async () => {
    vi.useFakeTimers();
    const { link, last } = loopbackLink({ services: { '/robot/reset': () => ({ success: true }) } });
    link.subscribe('/battery', { type: 'sensor_msgs/BatteryState', compression: 'cbor' }, () => {});
    const pub = link.advertise('/cmd_vel', 'geometry_msgs/Twist');
    await flush();
    const events: TapEvent[] = [];
    const off = link.tap((e) => events.push(e));
    const frame = encode({
      op: 'publish',
      topic: '/battery',
      msg: { voltage: 12, cell_voltage: new Float32Array([4.1, 4.2]) },
    }) as Uint8Array;
    last().receive(frame);
    pub.publish({ linear: { x: 0.5 } });
    await link.callService('/robot/reset', 'std_srvs/Trigger', {});
    off();
    last().receive(frame);
    const summary = events.map((e) => `${e.direction} ${e.op} ${e.topic} ${e.type ?? ''}`.trim());
    expect(summary).toEqual([
      'in publish /battery sensor_msgs/BatteryState',
      'out publish /cmd_vel geometry_msgs/Twist',
      'out call_service /robot/reset std_srvs/Trigger',
      'in service_response /robot/reset std_srvs/Trigger',
    ]);
    const battery = events[0];
    expect(battery.rawEncoding).toBe('cbor');
    expect([...battery.raw!]).toEqual([...frame]);
    expect(battery.bytes).toBe(frame.byteLength);
    expect((battery.msg as { cell_voltage: Float32Array }).cell_voltage).toBeInstanceOf(Float32Array);
    expect(events[1].msg).toEqual({ linear: { x: 0.5 } });
    expect(events.every((e) => e.at === Date.now())).toBe(true);
    link.close();
  });
});

describe('what the robot says about itself', () => {
  it("a ROS 2 rosbridge's status frames (warnings, errors) land in Problems verbatim; info does not", async () => {
    vi.useFakeTimers();
    quiet();
    const { link, last } = loopbackLink();
    await flush();
    last().receive(
      '{"op":"status","level":"error","msg":"Tried to register topic /battery with type std_msgs/String but it is already established with type sensor_msgs/BatteryState"}',
    );
    last().receive('{"op":"status","level":"info","msg":"Subscribed to /battery"}');
    expect(
      link
        .problems()
        .filter((p) => p.kind === 'server-status')
        .map((p) => p.message),
    ).toEqual([
      'rosbridge error: Tried to register topic /battery with type std_msgs/String but it is already established with type sensor_msgs/BatteryState',
    ]);
    link.close();
  });
});

describe('memory budget', () => {
  it('counts what the robot makes the link hold and lets go of the largest kept message when over', async () => {
    vi.useFakeTimers();
    quiet();
    const { link, last } = loopbackLink({ memoryBudgetBytes: 300_000 });
    link.subscribe('/a', { type: 'std_msgs/String' }, () => {});
    link.subscribe('/b', { type: 'std_msgs/String' }, () => {});
    await flush();
    const frame = (topic: string, n: number) => JSON.stringify({ op: 'publish', topic, msg: { data: 'x'.repeat(n) } });
    last().receive(frame('/a', 100_000));
    const m1 = link.memory();
    expect(m1.budgetBytes).toBe(300_000);
    expect(m1.byPart.latest).toBe(frame('/a', 100_000).length);
    expect(m1.usedBytes).toBe(m1.byPart.latest + m1.byPart.fragments + m1.byPart.problems + m1.byPart.pending);
    last().receive(frame('/b', 250_000));
    expect(link.latest('/b')).toBeUndefined(); // the largest went
    expect(link.latest('/a')).toBeDefined();
    expect(link.memory().usedBytes).toBeLessThanOrEqual(300_000);
    expect(link.problems().find((p) => p.kind === 'memory')).toMatchObject({ topic: '/b' });
    expect(link.problems().find((p) => p.kind === 'memory')!.message).toMatch(
      /let go of the kept message of \/b \(0\.2 MB\); this robot held 0\.3 MB of 0\.3 MB/,
    );
    last().receive(frame('/b', 10));
    expect(link.latest('/b')).toBeDefined();
    link.close();
  });
});
