import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRobotLink } from '../../src/ros/robotLink';
import { BadUrlError, ServiceError, type LinkStatus } from '../../src/ros/types';
import { loopbackLink } from './linkHarness';

const flush = () => vi.advanceTimersByTimeAsync(0);

afterEach(() => {
  vi.useRealTimers();
});

describe('createRobotLink', () => {
  it('bad URL throws BadUrlError with the reason', () => {
    expect(() => createRobotLink('http://robot:9090')).toThrow(BadUrlError);
    expect(() => createRobotLink('garbage')).toThrow(/not a URL/);
    expect(() => createRobotLink('ws://')).toThrow(/no host/);
  });

  it("bad URL with onBadUrl 'fail': state failed with the reason, calls reject with BadUrlError", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const link = createRobotLink('http://robot:9090', { onBadUrl: 'fail' });
    expect(link.status().state).toBe('failed');
    expect(link.status().reason).toMatch(/scheme "http" is not supported/);
    expect(link.problems()[0].kind).toBe('bad-url');
    await expect(link.callService('/x', 't', {})).rejects.toBeInstanceOf(BadUrlError);
    expect(() => link.subscribe('/x', { type: 't' }, () => {})).not.toThrow();
    link.close();
    warn.mockRestore();
  });

  it('connects, dispatches messages to callbacks, latest() and stats', async () => {
    vi.useFakeTimers();
    const { link, last } = loopbackLink();
    const got: unknown[] = [];
    link.subscribe('/battery', { type: 'sensor_msgs/BatteryState' }, (m) => got.push(m));
    await flush();
    expect(link.status().state).toBe('connected');
    expect(last().sent[0]).toMatchObject({ op: 'subscribe', topic: '/battery', type: 'sensor_msgs/BatteryState', compression: 'none' });
    last().receive('{"op":"publish","topic":"\\/battery","msg":{"charge":null,"voltage":12.5}}');
    expect(got).toHaveLength(1);
    expect((got[0] as { charge: number }).charge).toBeNaN();
    expect(link.latest('/battery')?.msg).toBe(got[0]);
    expect(link.topicStats()[0]).toMatchObject({ topic: '/battery', count: 1 });
    expect(link.counters().frames).toBe(1);
    link.close();
    expect(link.status().state).toBe('closed');
  });

  it('a failing service rejects with ServiceError carrying the server text verbatim', async () => {
    vi.useFakeTimers();
    const text = "std_srvs/SetBoolRequest message requires a bool for field data, but got a <class 'str'>";
    const { link } = loopbackLink({ services: { '/robot/set_enabled': () => text }, warnIntervalMs: 1e9 });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const p = link.callService('/robot/set_enabled', 'std_srvs/SetBool', { data: 'yes please' });
    const caught = p.catch((e: unknown) => e);
    await flush();
    const err = (await caught) as ServiceError;
    expect(err).toBeInstanceOf(ServiceError);
    expect(err.message).toBe(text);
    expect(err.serverText).toBe(text);
    expect(err.service).toBe('/robot/set_enabled');
    expect(link.problems().at(-1)?.kind).toBe('service-error');
    link.close();
  });

  it('a service that never answers times out', async () => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { link } = loopbackLink();
    const caught = link.callService('/slow', 't', {}, 1000).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1001);
    expect(String(await caught)).toMatch(/no answer from \/slow within 1000 ms/);
    link.close();
  });

  it('getParam decodes the JSON-in-a-string value; "null" is null', async () => {
    vi.useFakeTimers();
    const { link } = loopbackLink({
      services: { '/rosapi/get_param': (f) => ({ value: (f.args as { name: string }).name === '/robot/name' ? '"harness_bot"' : 'null' }) },
    });
    const a = link.getParam('/robot/name');
    const b = link.getParam('/no/such/param');
    await flush();
    expect(await a).toBe('harness_bot');
    expect(await b).toBeNull();
    link.close();
  });

  it('measures latency and clock offset from rosapi/get_time', async () => {
    vi.useFakeTimers();
    const { link } = loopbackLink({ pingIntervalMs: 2000 });
    await flush();
    await flush();
    const s = link.status();
    expect(s.latencyMs).toBeGreaterThanOrEqual(0);
    expect(Math.abs((s.clockOffsetMs as number) - 100_000)).toBeLessThan(1000);
    link.close();
  });

  it('reconnects with backoff after the robot drops, restoring subscriptions and advertisements', async () => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { link, sockets, last } = loopbackLink({ random: () => 1 });
    const states: LinkStatus[] = [];
    link.onStatus((s) => states.push(s));
    const got: unknown[] = [];
    link.subscribe('/tf', { type: 'tf2_msgs/TFMessage', throttleRate: 100 }, (m) => got.push(m));
    const pub = link.advertise('/cmd_vel', 'geometry_msgs/Twist', { queueSize: 1 });
    await flush();
    expect(sockets).toHaveLength(1);
    last().serverClose(1006);
    expect(link.status()).toMatchObject({ state: 'reconnecting', reason: 'connection lost', attempt: 1 });
    expect(link.status().nextRetryAt).toBeGreaterThan(Date.now());
    pub.publish({ linear: { x: 1 } }); // dropped, not queued for later
    await vi.advanceTimersByTimeAsync(500);
    await vi.advanceTimersByTimeAsync(1);
    expect(sockets).toHaveLength(2);
    expect(link.status().state).toBe('connected');
    const ops = last().sent.map((f) => `${String(f.op)} ${String(f.topic)}`);
    expect(ops).toContain('subscribe /tf');
    expect(ops).toContain('advertise /cmd_vel');
    expect(ops).not.toContain('publish /cmd_vel');
    expect(last().sent.find((f) => f.op === 'subscribe')).toMatchObject({ throttle_rate: 100 });
    last().receive('{"op":"publish","topic":"/tf","msg":{"transforms":[]}}');
    expect(got).toHaveLength(1);
    pub.publish({ linear: { x: 2 } });
    expect(last().sent.at(-1)).toMatchObject({ op: 'publish', topic: '/cmd_vel', msg: { linear: { x: 2 } } });
    expect(link.problems().some((p) => p.message === 'not connected: dropped a message for /cmd_vel')).toBe(true);
    expect(states.map((s) => s.state)).toEqual(['connected', 'reconnecting', 'connected']);
    link.close();
  });

  it('backs off exponentially while the robot refuses, then gives up after maxAttempts', async () => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { link, sockets } = loopbackLink({ refuse: () => true, random: () => 1, maxAttempts: 4, backoff: { baseMs: 100, maxMs: 300 } });
    await flush();
    expect(link.status()).toMatchObject({ state: 'reconnecting', reason: 'connection refused', attempt: 1 });
    await vi.advanceTimersByTimeAsync(99);
    expect(sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(sockets).toHaveLength(2);
    expect(link.status().attempt).toBe(2);
    await vi.advanceTimersByTimeAsync(201);
    expect(sockets).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(301);
    expect(sockets).toHaveLength(4);
    expect(link.status().state).toBe('failed');
    expect(link.status().reason).toMatch(/connection refused; gave up after 4 attempts/);
    link.close();
  });

  it('silence: "no data on /x (type y?)", then explained by rosapi (types and publishers); cleared when data comes', async () => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { link, last } = loopbackLink({
      silenceMs: 5000,
      services: {
        // /points is listed only because this console's subscription registered it: nobody publishes it
        '/rosapi/topics': () => ({
          topics: ['/battery', '/joint_states', '/points'],
          types: ['sensor_msgs/BatteryState', 'sensor_msgs/JointState', 'sensor_msgs/PointCloud2'],
        }),
        '/rosapi/publishers': (f) => ({ publishers: (f.args as { topic: string }).topic === '/joint_states' ? ['/robot'] : [] }),
      },
    });
    link.subscribe('/battery', { type: 'std_msgs/String' }, () => {});
    link.subscribe('/nothing', { type: 'std_msgs/String' }, () => {});
    link.subscribe('/points', { type: 'sensor_msgs/PointCloud2', compression: 'cbor' }, () => {});
    link.subscribe('/joint_states', { type: 'sensor_msgs/JointState', compression: 'cbor' }, () => {});
    await vi.advanceTimersByTimeAsync(4000);
    expect(link.topicStats().every((s) => s.silentReason === undefined)).toBe(true);
    await vi.advanceTimersByTimeAsync(1500);
    const kinds = link.problems().map((p) => `${p.kind} ${p.message}`);
    expect(kinds).toContain('silent-topic no data on /battery (type std_msgs/String?)');
    expect(kinds).toContain('wrong-type /battery is sensor_msgs/BatteryState on the robot, subscribed as std_msgs/String');
    expect(kinds).toContain('silent-topic nobody publishes /nothing');
    const stats = Object.fromEntries(link.topicStats().map((s) => [s.topic, s.silentReason]));
    expect(stats['/battery']).toBe('/battery is sensor_msgs/BatteryState on the robot, subscribed as std_msgs/String');
    expect(stats['/nothing']).toBe('nobody publishes /nothing');
    expect(stats['/points']).toBe('nobody publishes /points');
    expect(stats['/joint_states']).toBe(
      '/joint_states is published by /robot, but nothing arrives; its rosbridge may be failing to encode it as cbor; try compression "none"',
    );
    last().receive('{"op":"publish","topic":"/nothing","msg":{"data":"hi"}}');
    expect(link.topicStats().find((s) => s.topic === '/nothing')?.silentReason).toBeUndefined();
    link.close();
  });

  it('a stream that stops is re-checked: a changed type names both types', async () => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    let robotType = 'sensor_msgs/BatteryState';
    const { link, last } = loopbackLink({
      silenceMs: 2000,
      services: {
        '/rosapi/topics': () => ({ topics: ['/battery'], types: [robotType] }),
        '/rosapi/publishers': () => ({ publishers: ['/robot'] }),
      },
    });
    link.subscribe('/battery', { type: 'sensor_msgs/BatteryState' }, () => {});
    await flush();
    for (let i = 0; i < 5; i++) {
      last().receive('{"op":"publish","topic":"/battery","msg":{"voltage":12}}');
      await vi.advanceTimersByTimeAsync(1000);
    }
    expect(link.topicStats()[0].silentReason).toBeUndefined();
    robotType = 'std_msgs/Float32'; // the robot's node restarted publishing another type: rosbridge delivers nothing
    await vi.advanceTimersByTimeAsync(6000);
    expect(link.topicStats()[0].silentReason).toBe(
      '/battery changed type on the robot: now std_msgs/Float32, subscribed as sensor_msgs/BatteryState',
    );
    expect(
      link.problems().some((p) => p.kind === 'silent-topic' && /^no data on \/battery for \d+ s \(it came at 1\.0 Hz\)$/.test(p.message)),
    ).toBe(true);
    link.close();
  });

  it('unsubscribing the last callback sends unsubscribe; a throwing consumer does not hurt others', async () => {
    vi.useFakeTimers();
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { link, last } = loopbackLink();
    const seen: number[] = [];
    const off1 = link.subscribe('/c', { type: 'std_msgs/Int32' }, () => {
      throw new Error('consumer bug');
    });
    const off2 = link.subscribe('/c', { type: 'std_msgs/Int32' }, (m) => seen.push((m as { data: number }).data));
    await flush();
    last().receive('{"op":"publish","topic":"/c","msg":{"data":7}}');
    expect(seen).toEqual([7]);
    expect(err).toHaveBeenCalled();
    off1();
    expect(last().sent.filter((f) => f.op === 'unsubscribe')).toHaveLength(0);
    off2();
    expect(last().sent.filter((f) => f.op === 'unsubscribe')).toHaveLength(1);
    expect(link.topicStats()).toHaveLength(0);
    link.close();
  });

  it('fragmentSize is sent as fragment_size', async () => {
    vi.useFakeTimers();
    const { link, last } = loopbackLink();
    link.subscribe('/map', { type: 'nav_msgs/OccupancyGrid', fragmentSize: 500 }, () => {});
    await flush();
    expect(last().sent[0]).toMatchObject({ op: 'subscribe', topic: '/map', fragment_size: 500 });
    link.close();
  });

  it('introspect returns topics with types, services and params', async () => {
    vi.useFakeTimers();
    const { link } = loopbackLink({
      services: {
        '/rosapi/topics': () => ({ topics: ['/a', '/b'], types: ['x/A', 'x/B'] }),
        '/rosapi/services': () => ({ services: ['/s'] }),
        '/rosapi/get_param_names': () => ({ names: ['/p'] }),
      },
    });
    const p = link.introspect();
    await flush();
    expect(await p).toEqual({
      topics: [
        { name: '/a', type: 'x/A' },
        { name: '/b', type: 'x/B' },
      ],
      services: ['/s'],
      params: ['/p'],
    });
    link.close();
  });
});

describe('createLoopbackLink (bench/test entry)', () => {
  it('gives a connected link whose socket pushes frames through the real decode path', async () => {
    const { createLoopbackLink } = await import('../../src/ros/loopbackLink');
    const { link, socket } = await createLoopbackLink();
    const got: unknown[] = [];
    link.subscribe('/joint_states', { type: 'sensor_msgs/JointState' }, (m) => got.push(m));
    socket.receive('{"op":"publish","topic":"\\/joint_states","msg":{"name":["a"],"position":[1],"velocity":[],"effort":[]}}');
    expect(got).toHaveLength(1);
    expect(link.counters().frames).toBe(1);
    link.close();
  });
});

describe('calls on a link that gave up', () => {
  it('reject at once instead of waiting for the timeout', async () => {
    vi.useFakeTimers();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { link } = loopbackLink({ refuse: () => true, maxAttempts: 1 });
    await flush();
    expect(link.status().state).toBe('failed');
    await expect(link.callService('/x', 't', {}, 60_000)).rejects.toThrow(/robot link failed: connection refused/);
    link.close();
    vi.useRealTimers();
  });
});
