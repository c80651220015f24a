// Conformance with the recorded ROS 1 rosbridge 0.11.17 (what is compared and how: ./compare.ts).
// Introspection and subscriptions: rosapi, latched topics, throttling by the server, relay between clients.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIXTURE_DIR } from '../../fixtures/transcript';
import { count, run, SCENARIOS, stopRobotsAfterAll, subscribeTime } from './compare';

stopRobotsAfterAll();

describe.concurrent('conformance with the recorded ROS 1 rosbridge 0.11.17', () => {
  it('covers every recorded scenario', () => {
    const files = readdirSync(FIXTURE_DIR)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => f.replace('.jsonl', ''))
      .sort();
    expect(files).toEqual(SCENARIOS);
  });

  it('01 rosapi introspection', async () => {
    await run('01-rosapi-introspection');
  }, 30_000);

  it('02 subscribe robot topics: latched first, NaN as null, rates', async () => {
    const { sc, byConn } = await run('02-subscribe-robot-topics');
    const { rec, sim } = byConn.get(0)!;
    for (const t of ['/map', '/tf_static', '/client_count']) {
      expect(count(sim, t), t).toBe(count(rec, t));
      expect(sim.find((m) => m.topic === t)!.t - subscribeTime(sc, t), `${t} latched delivery`).toBeLessThan(1500); // generous for a loaded box
    }
    const bat = sim.find((m) => m.topic === '/battery')!.value.msg as Record<string, unknown>;
    expect(bat.charge).toBeNull();
    expect(bat.capacity).toBeNull();
    for (const t of ['/battery', '/semantic_map']) expect(Math.abs(count(sim, t) - count(rec, t)), t).toBeLessThanOrEqual(1);
    for (const t of ['/tf', '/joint_states']) expect(count(sim, t), t).toBeGreaterThanOrEqual(count(rec, t));
  }, 30_000);

  it('03 throttle_rate/queue_length are applied by the server', async () => {
    const { byConn } = await run('03-subscribe-throttle-queue');
    const { rec, sim } = byConn.get(0)!;
    for (const t of ['/joint_states', '/tf']) expect(Math.abs(count(sim, t) - count(rec, t)), t).toBeLessThanOrEqual(2); // 6 and 3 recorded
  }, 30_000);

  it('12 latched /map and relay between two clients', async () => {
    const { byConn } = await run('12-latched-and-reconnect');
    expect(byConn.get(0)!.sim).toEqual([]);
    const b = byConn.get(1)!.sim;
    expect(b[0]!.topic).toBe('/map');
    expect(b.find((m) => m.topic === '/harness/chatter')!.value.msg).toEqual({ data: 'hello from client A' });
  }, 30_000);
});
