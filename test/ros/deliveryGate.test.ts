import { describe, expect, it } from 'vitest';
import { DeliveryGate, type GateLimits } from '../../src/ros/transport/deliveryGate';
import { LoopbackSocket } from '../../src/ros/transport/loopbackSocket';
import { hostLinkWorker } from '../../src/ros/transport/workerHost';
import type { FromWorker, PortLike, ToWorker } from '../../src/ros/transport/workerProtocol';
import { unbatched } from './workerPosts';

const small: GateLimits = { maxInFlight: 4, maxInFlightBytes: 1000, perTopic: 2, maxHeldBytes: 500 };

function gate(limits = small) {
  const out: string[] = [];
  const g = new DeliveryGate<string>((s) => out.push(s), limits);
  return { g, out };
}

describe('delivery gate between the link worker and a busy main thread', () => {
  it('passes everything straight through while the main thread keeps up', () => {
    const { g, out } = gate();
    for (let i = 0; i < 20; i++) {
      g.offer(`tf${i}`, 10, '/tf');
      g.ack(1, 10);
    }
    expect(out).toHaveLength(20);
    expect(g.takeDropped().size).toBe(0);
  });

  it('while behind keeps the newest of each topic, never drops a response, and delivers in arrival order', () => {
    const { g, out } = gate();
    for (let i = 0; i < 4; i++) g.offer(`tf${i}`, 10, '/tf'); // in flight: 4, the bound
    g.offer('tf4', 10, '/tf');
    g.offer('js0', 10, '/joint_states');
    g.offer('response', 10); // a service response: no topic, never dropped
    g.offer('tf5', 10, '/tf');
    g.offer('js1', 10, '/joint_states');
    g.offer('tf6', 10, '/tf'); // /tf holds tf4 tf5 tf6: tf4 goes (2 per topic)
    g.offer('js2', 10, '/joint_states'); // js0 goes
    expect(out).toEqual(['tf0', 'tf1', 'tf2', 'tf3']);
    expect(g.heldCount).toBe(5);
    g.ack(4, 40);
    expect(out.slice(4)).toEqual(['response', 'tf5', 'js1', 'tf6']);
    g.ack(4, 40);
    expect(out.slice(8)).toEqual(['js2']);
    expect(Object.fromEntries(g.takeDropped())).toEqual({ '/tf': 1, '/joint_states': 1 });
    expect(g.takeDropped().size).toBe(0);
    // Caught up: straight through again.
    g.offer('tf7', 10, '/tf');
    expect(out.at(-1)).toBe('tf7');
  });

  it('holds at most maxHeldBytes of droppable messages, keeping the newest message of every topic', () => {
    const { g, out } = gate({ ...small, perTopic: 100 });
    for (let i = 0; i < 4; i++) g.offer(`x${i}`, 1, '/x');
    g.offer('map', 400, '/map'); // the latched map: the only one of its topic, kept
    for (let i = 0; i < 10; i++) g.offer(`cloud${i}`, 60, '/points');
    expect(g.heldByteCount).toBeLessThanOrEqual(500);
    g.ack(4, 4);
    g.ack(100, 10_000);
    g.ack(100, 10_000);
    expect(out).toContain('map');
    expect(out).toContain('cloud9');
    expect(out).not.toContain('cloud0');
  });

  it('one message bigger than the in-flight byte bound still passes when nothing else is in flight', () => {
    const { g, out } = gate();
    g.offer('huge', 5000, '/map');
    expect(out).toEqual(['huge']);
    g.offer('next', 1, '/x');
    expect(out).toEqual(['huge']);
    g.ack(1, 5000);
    expect(out).toEqual(['huge', 'next']);
  });

  it('a new connection forgets what was held for the old one', () => {
    const { g, out } = gate();
    for (let i = 0; i < 6; i++) g.offer(`old${i}`, 1, '/x');
    g.reset();
    g.offer('new', 1, '/x');
    expect(out.at(-1)).toBe('new');
    g.ack(100, 100);
    expect(out.filter((s) => s.startsWith('old'))).toHaveLength(4);
  });
});

describe('link worker with a main thread that does not keep up', () => {
  it('posts a bounded number of messages, thins the flood per topic, keeps the response and says what it dropped', async () => {
    const posted: FromWorker[] = [];
    const port: PortLike<ToWorker, FromWorker> = { onmessage: null, postMessage: (m) => posted.push(...unbatched([m])) };
    let socket: LoopbackSocket | undefined;
    hostLinkWorker(port, (url) => (socket = new LoopbackSocket(url)));
    port.onmessage!({ data: { t: 'connect', conn: 0, url: 'ws://robot.test:9090' } });
    await new Promise((r) => setTimeout(r, 0));
    socket!.serverOpen();
    for (let i = 0; i < 3000; i++) {
      socket!.receive(JSON.stringify({ op: 'publish', topic: '/tf', msg: { i } }));
      if (i === 2000)
        socket!.receive(JSON.stringify({ op: 'service_response', id: 'call_1', service: '/rosapi/topics', result: true, values: {} }));
    }
    const msgs = () => posted.filter((m): m is Extract<FromWorker, { t: 'msg' }> => m.t === 'msg');
    // 'open' and the first messages fill the gate; the page is busy and acknowledges nothing.
    expect(msgs().length).toBeLessThan(600);
    // The page catches up: it acknowledges everything it was given, twice.
    for (let k = 0; k < 3; k++) {
      const n = posted.filter((m) => m.t === 'msg' || m.t === 'open').length;
      const bytes = msgs().reduce((s, m) => s + m.bytes, 0);
      port.onmessage!({ data: { t: 'ack', n, bytes } });
      await new Promise((r) => setTimeout(r, 10)); // the worker's outbox posts the rest of its batch
    }
    const frames = msgs().map((m) => m.frame);
    const tf = frames.filter((f) => f.topic === '/tf').map((f) => (f.msg as { i: number }).i);
    expect(tf.length).toBeLessThan(600);
    expect(tf.at(-1)).toBe(2999); // the newest arrived
    expect(tf).toEqual([...tf].sort((a, b) => a - b)); // in order
    const response = frames.findIndex((f) => f.op === 'service_response');
    expect(response).toBeGreaterThan(-1);
    expect(frames.slice(response + 1).every((f) => (f.msg as { i: number }).i > 2000)).toBe(true);
    const problem = posted.find((m) => m.t === 'problem' && m.kind === 'memory');
    expect(problem).toMatchObject({ topic: '/tf' });
    expect((problem as { text: string }).text).toMatch(
      /the console fell behind the robot: dropped \d+ older messages? on \/tf and kept the newest/,
    );
  });
});
