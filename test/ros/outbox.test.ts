import { describe, expect, it } from 'vitest';
import { BATCH_BYTES, BATCH_MAX, BATCH_MS, Outbox, type OutboxClock } from '../../src/ros/transport/outbox';
import { LoopbackSocket } from '../../src/ros/transport/loopbackSocket';
import { hostLinkWorker } from '../../src/ros/transport/workerHost';
import type { FromWorker, PortLike, ToWorker } from '../../src/ros/transport/workerProtocol';
import { unbatched } from './workerPosts';

function manualClock() {
  let t = 0;
  const timers: { at: number; f: () => void; id: number }[] = [];
  let nextId = 0;
  const clock: OutboxClock = {
    now: () => t,
    setTimeout: (f, ms) => {
      timers.push({ at: t + ms, f, id: ++nextId });
      return nextId;
    },
    clearTimeout: (id) => {
      const i = timers.findIndex((x) => x.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    t += ms;
    for (const x of timers.filter((x) => x.at <= t)) {
      timers.splice(timers.indexOf(x), 1);
      x.f();
    }
  };
  /** Time passes but the timers do not run: a busy worker's timer comes late. */
  const late = (ms: number) => (t += ms);
  return { clock, advance, late, pending: () => timers.length };
}

function outbox() {
  const c = manualClock();
  const posts: { items: string[]; transfer: Transferable[] }[] = [];
  const box = new Outbox<string>((items, transfer) => posts.push({ items, transfer }), c.clock);
  return { box, posts, ...c };
}

describe('outbox: worker -> main thread in batches', () => {
  it('holds a burst for BATCH_MS and posts it as one, in order, with each buffer to move listed once', () => {
    const { box, posts, advance, pending } = outbox();
    const shared = new ArrayBuffer(8);
    box.add('tf', 100, [shared], false);
    box.add('joints', 200, [shared, new ArrayBuffer(4)], false);
    expect(posts).toHaveLength(0);
    advance(BATCH_MS - 1);
    expect(posts).toHaveLength(0);
    advance(1);
    expect(posts.map((p) => p.items)).toEqual([['tf', 'joints']]);
    expect(posts[0]!.transfer).toHaveLength(2);
    expect(pending()).toBe(0);
  });

  it('an urgent item goes at once and takes the waiting ones with it, in order', () => {
    const { box, posts, pending } = outbox();
    box.add('tf', 10, undefined, false);
    box.add('service_response', 10, undefined, true);
    expect(posts.map((p) => p.items)).toEqual([['tf', 'service_response']]);
    expect(pending()).toBe(0); // its timer went with it
  });

  it('a full, a big or an old batch does not wait for the timer', () => {
    const { box, posts, late } = outbox();
    for (let i = 0; i < BATCH_MAX; i++) box.add(`m${i}`, 1, undefined, false);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.items).toHaveLength(BATCH_MAX);
    box.add('map', BATCH_BYTES, undefined, false);
    expect(posts.at(-1)!.items).toEqual(['map']);
    // A busy worker runs its timer late: a frame that arrives after the window posts what waits.
    box.add('a', 1, undefined, false);
    late(1);
    box.add('b', 1, undefined, false);
    expect(posts).toHaveLength(2);
    late(BATCH_MS);
    box.add('c', 1, undefined, false);
    expect(posts.at(-1)!.items).toEqual(['a', 'b', 'c']);
    expect(box.size).toBe(0);
  });

  it('flush() with nothing waiting posts nothing', () => {
    const { box, posts } = outbox();
    box.flush();
    expect(posts).toHaveLength(0);
  });
});

describe('link worker posting in batches', () => {
  async function worker() {
    const posted: FromWorker[] = [];
    const port: PortLike<ToWorker, FromWorker> = { onmessage: null, postMessage: (m) => posted.push(m) };
    let socket: LoopbackSocket | undefined;
    hostLinkWorker(port, (url) => (socket = new LoopbackSocket(url)));
    port.onmessage!({ data: { t: 'connect', conn: 0, url: 'ws://robot.test:9090' } });
    await new Promise((r) => setTimeout(r, 0));
    socket!.serverOpen();
    return { posted, socket: socket! };
  }
  const publish = (topic: string, i: number) => JSON.stringify({ op: 'publish', topic, msg: { i } });

  it("one control tick's messages cross as one post; a response does not wait, and nothing overtakes", async () => {
    const { posted, socket } = await worker();
    expect(posted.map((m) => m.t)).toEqual(['open']);
    socket.receive(publish('/tf', 1));
    socket.receive(publish('/joint_states', 1));
    socket.receive(publish('/odom', 1));
    expect(posted).toHaveLength(1);
    await new Promise((r) => setTimeout(r, BATCH_MS + 10));
    expect(posted).toHaveLength(2);
    const batch = posted[1]!;
    expect(batch.t).toBe('batch');
    expect(unbatched([batch]).map((m) => (m.t === 'msg' ? m.frame.topic : m.t))).toEqual(['/tf', '/joint_states', '/odom']);

    socket.receive(publish('/tf', 2));
    socket.receive(JSON.stringify({ op: 'service_response', id: 'call_1', service: '/rosapi/topics', result: true, values: {} }));
    expect(posted).toHaveLength(3); // at once, without waiting for the window
    expect(unbatched([posted[2]!]).map((m) => (m.t === 'msg' ? m.frame.op : m.t))).toEqual(['publish', 'service_response']);

    // A problem is posted at once, after the messages that arrived before it.
    socket.receive(publish('/tf', 3));
    socket.receive('not json');
    const order = unbatched(posted.slice(3)).map((m) => (m.t === 'msg' ? `msg ${String(m.frame.topic)}` : m.t));
    expect(order.slice(0, 2)).toEqual(['msg /tf', 'problem']);
  });

  it('a lone message after a quiet spell waits at most BATCH_MS', async () => {
    const { posted, socket } = await worker();
    socket.receive(publish('/battery', 1));
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const look = () => (posted.length > 1 ? resolve() : setTimeout(look, 1));
      look();
    });
    expect(performance.now() - t0).toBeLessThan(BATCH_MS + 100); // a generous bound for a loaded test machine
    expect(posted[1]).toMatchObject({ t: 'msg', frame: { topic: '/battery' } });
  });
});
