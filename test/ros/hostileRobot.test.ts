// The robot link against a hostile rosbridge (test/support/hostileRobot.ts), over real sockets in Node: no
// crash, no uncaught error, valid messages keep flowing, memory stays bounded, and Problems says what happened.
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRobotLink } from '../../src/ros/robotLink';
import type { LinkProblem, LiveRobotLink } from '../../src/ros/types';
import { ATTACKS, HostileRobot, TOPIC, TYPE, type Attack } from '../support/hostileRobot';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Heap and buffers in use after a full collection, MB. */
function memoryMb(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1e6;
}

interface Run {
  robot: HostileRobot;
  link: LiveRobotLink;
  got: string[];
  uncaught: unknown[];
  baseMb: number;
  problems(kind?: LinkProblem['kind']): LinkProblem[];
}

const runs: Run[] = [];
const uncaught: unknown[] = [];
const onUncaught = (e: unknown) => uncaught.push(e);

beforeAll(() => {
  process.on('uncaughtException', onUncaught);
  process.on('unhandledRejection', onUncaught);
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterAll(() => {
  process.off('uncaughtException', onUncaught);
  process.off('unhandledRejection', onUncaught);
});

afterEach(async () => {
  for (const r of runs.splice(0)) {
    r.link.close();
    await r.robot.stop();
  }
  expect(uncaught).toEqual([]);
});

async function attack(a: Attack, opts: Parameters<typeof createRobotLink>[1] = {}): Promise<Run> {
  const baseMb = memoryMb();
  const robot = new HostileRobot(a);
  await robot.start();
  const link = createRobotLink(robot.url, {
    transport: 'inline',
    pingIntervalMs: 0,
    detectCapabilities: false,
    warnIntervalMs: 1e9,
    ...opts,
  });
  const got: string[] = [];
  link.subscribe<{ data: string }>(TOPIC, { type: TYPE }, (m) => got.push(m.data));
  const run: Run = { robot, link, got, uncaught, baseMb, problems: (kind) => link.problems().filter((p) => !kind || p.kind === kind) };
  runs.push(run);
  return run;
}

const grewMb = (r: Run) => memoryMb() - r.baseMb;

describe('the robot link against a hostile robot', () => {
  it('PNG bomb by header: refused from the IHDR, named with its size; the link carries on', async () => {
    const r = await attack(ATTACKS.pngBombHeader);
    await vi.waitFor(() => expect(r.got).toEqual(['valid 1']), { timeout: 10_000 });
    expect(r.link.counters().oversized).toBe(3);
    expect(r.problems('limit')).toEqual([expect.objectContaining({ count: 3, robot: r.robot.url })]);
    expect(r.problems('limit')[0].message).toMatch(
      /^refused a frame, \d{1,3}(,\d{3})* bytes: PNG of 20000×20000×3: 1,200,020,000 bytes, limit 67,108,864 \(limits\.pngBytes\)$/,
    );
    expect(grewMb(r)).toBeLessThan(50);
  });

  it('PNG zlib bomb: a 1000×1000 image inflating to 64 MB is refused having held one step of it', async () => {
    const r = await attack(ATTACKS.pngBombZlib);
    await vi.waitFor(() => expect(r.got).toEqual(['valid 1']), { timeout: 20_000 });
    expect(r.problems('malformed-frame')[0].message).toMatch(/inflates past the 3001000-byte image its header declares \(1000×1000\)/);
    expect(grewMb(r)).toBeLessThan(50);
  });

  it('CBOR with huge declared lengths: every frame refused (limit or malformed), none allocated for', async () => {
    const r = await attack(ATTACKS.cborHugeLengths);
    await vi.waitFor(() => expect(r.got).toEqual(['valid 1']), { timeout: 10_000 });
    const c = r.link.counters();
    expect(c.malformed + c.oversized).toBe(10);
    expect(c.oversized).toBeGreaterThanOrEqual(4); // the large frames are refused by the scan, naming the limit
    expect(
      r
        .problems('limit')
        .map((p) => p.message)
        .join('\n'),
    ).toMatch(/limits\.(bytesField|arrayLength)/);
    expect(grewMb(r)).toBeLessThan(50);
  });

  it('2,000 first fragments of 200 KB: at most 8 held, what was dropped is said once with a count', async () => {
    const r = await attack(ATTACKS.fragmentFlood);
    await vi.waitFor(() => expect(r.got).toEqual(['valid 1']), { timeout: 60_000 });
    expect(r.link.counters().fragmentsDropped).toBeGreaterThanOrEqual(1992);
    const drops = r.problems('fragment');
    expect(drops).toHaveLength(1);
    expect(drops[0].count).toBeGreaterThanOrEqual(1992);
    expect(drops[0].message).toMatch(
      /^dropped 1 unfinished fragmented message \(204,\d{3} characters\): more than 8 partial messages at once$/,
    );
    expect(r.link.memory().byPart.fragments).toBeLessThanOrEqual(2 * 8 * 205 * 1024);
    expect(grewMb(r)).toBeLessThan(60); // unbounded, the 2,000 partial messages held over 400 MB
  });

  it('10,000 levels deep (JSON and CBOR): refused with a depth problem, nothing thrown on the way', async () => {
    const r = await attack(ATTACKS.deepJson);
    await vi.waitFor(() => expect(r.got).toEqual(['valid 1']), { timeout: 10_000 });
    const limits = r.problems('limit');
    expect(limits.map((p) => p.message).join('\n')).toMatch(/nesting: 101 levels, limit 100 \(limits\.depth\)/);
    expect(limits.reduce((n, p) => n + (p.count ?? 1), 0)).toBe(2);
    expect(limits.some((p) => p.topic === TOPIC)).toBe(true);
  });

  it('10,000 malformed frames: the 100 valid messages between them all arrive; Problems holds a handful of entries', async () => {
    const r = await attack(ATTACKS.malformedStorm);
    await vi.waitFor(() => expect(r.got).toHaveLength(100), { timeout: 30_000 });
    expect(r.got[99]).toBe('valid 9999');
    const c = r.link.counters();
    expect(c.malformed + c.fragmentsDropped).toBeGreaterThanOrEqual(9000);
    expect(r.link.problems().length).toBeLessThan(10);
    expect(r.problems('malformed-frame')[0].count).toBeGreaterThan(5000);
    expect(r.link.status().state).toBe('connected');
    expect(grewMb(r)).toBeLessThan(50);
  });

  it('a 1 MB error text: the call rejects with it verbatim, Problems keeps it bounded', async () => {
    const r = await attack(ATTACKS.hugeServiceError);
    await vi.waitFor(() => expect(r.link.status().state).toBe('connected'));
    const err = await r.link.callService('/robot/set_enabled', 'std_srvs/SetBool', { data: true }).catch((e: Error) => e);
    expect((err as Error).message).toHaveLength(1024 * 1024);
    expect(r.problems('service-error')[0].message.length).toBeLessThanOrEqual(1000);
    expect(r.link.memory().byPart.problems).toBeLessThan(10_000);
  });

  it('accept-and-close after 50 ms: the link backs off and says the robot keeps dropping the connection', async () => {
    const r = await attack(ATTACKS.flapping, { random: () => 1 });
    await new Promise((res) => setTimeout(res, 6000));
    // the old policy (backoff reset on every open) connected about twice a second: 12 in these 6 s
    expect(r.robot.connections).toBeLessThanOrEqual(5);
    expect(r.link.status().reason).toMatch(/^robot keeps dropping the connection \(\d+ times in a row; closed by robot \(code 1000\)\)$/);
    expect(r.problems('connection').some((p) => p.message.startsWith('robot keeps dropping'))).toBe(true);
    // each reconnection re-subscribed once, not more
    expect(r.robot.received.filter((f) => f.op === 'subscribe')).toHaveLength(r.robot.connections);
  });

  it('a robot that stalls (open, silent): connected but quiet, calls time out, the topic is reported silent', async () => {
    const r = await attack(ATTACKS.stall, { silenceMs: 1000, serviceTimeoutMs: 800, pingIntervalMs: 500 });
    await vi.waitFor(() => expect(r.link.status().state).toBe('connected'));
    const openedAt = Date.now();
    await expect(r.link.callService('/rosapi/get_time', 'rosapi/GetTime', {})).rejects.toThrow(
      /no answer from \/rosapi\/get_time within 800 ms/,
    );
    await vi.waitFor(() => expect(r.link.topicStats()[0].silentReason).toBe(`no data on ${TOPIC} (type ${TYPE}?)`), { timeout: 5000 });
    expect(r.link.lastReceivedAt()).toBe(0); // what tells a teleop layer to stop driving
    expect(Date.now() - openedAt).toBeGreaterThan(500);
    expect(r.problems('timeout').length).toBeGreaterThanOrEqual(1);
  });
});
