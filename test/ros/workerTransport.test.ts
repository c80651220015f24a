import { describe, expect, it, vi } from 'vitest';
import { createRobotLink } from '../../src/ros/robotLink';
import type { TapEvent } from '../../src/ros/types';
import { LoopbackSocket } from '../../src/ros/transport/loopbackSocket';
import { hostLinkWorker } from '../../src/ros/transport/workerHost';
import { unbatched } from './workerPosts';
import type { FromWorker, PortLike, ToWorker } from '../../src/ros/transport/workerProtocol';
import type { WorkerLike } from '../../src/ros/transport/workerTransport';
import { binaryFrame, loadTranscript } from '../fixtures/transcript';

/**
 * A Worker stand-in: both directions go through structuredClone with the transfer list, as postMessage
 * does, so transferred buffers really are detached on the sending side.
 */
function fakeWorker(sockets: LoopbackSocket[], failPost?: (m: FromWorker) => boolean) {
  const transferred: ArrayBuffer[] = [];
  const posted: FromWorker[] = [];
  let terminated = false;
  const main: WorkerLike = {
    onmessage: null,
    postMessage: (m: ToWorker) => {
      const copy = structuredClone(m);
      setTimeout(() => inside.onmessage?.({ data: copy }), 0);
    },
    terminate: () => {
      terminated = true;
    },
  };
  const inside: PortLike<ToWorker, FromWorker> = {
    onmessage: null,
    postMessage: (m: FromWorker, transfer?: Transferable[]) => {
      // As structured clone does, one item that cannot be cloned fails the whole post.
      if (failPost && unbatched([m]).some(failPost)) throw new RangeError('Maximum call stack size exceeded');
      posted.push(m);
      for (const t of transfer ?? []) transferred.push(t as ArrayBuffer);
      const copy = structuredClone(m, { transfer: transfer as Transferable[] | undefined });
      setTimeout(() => main.onmessage?.({ data: copy }), 0);
    },
  };
  hostLinkWorker(inside, (url) => {
    const s = new LoopbackSocket(url);
    sockets.push(s);
    setTimeout(() => s.serverOpen(), 0);
    return s;
  });
  return { main, transferred, posted, isTerminated: () => terminated };
}

describe('worker transport (decoding off the main thread)', () => {
  it('decodes CBOR in the worker, transfers typed-array buffers, reconnects, terminates on close', async () => {
    const sockets: LoopbackSocket[] = [];
    const w = fakeWorker(sockets);
    const link = createRobotLink('ws://robot.test:9090', {
      transport: 'worker',
      createWorker: () => w.main,
      pingIntervalMs: 0,
      backoff: { baseMs: 10, maxMs: 10 },
    });
    const maps: { data: Int8Array }[] = [];
    link.subscribe('/map', { type: 'nav_msgs/OccupancyGrid', compression: 'cbor' }, (m) => maps.push(m as { data: Int8Array }));
    await vi.waitFor(() => expect(sockets[0]?.sent[0]).toMatchObject({ op: 'subscribe', topic: '/map', compression: 'cbor' }));
    expect(link.status().state).toBe('connected');

    const frame = binaryFrame(loadTranscript('04').find((l) => l.type === 'binary')!);
    sockets[0].receive(frame);
    sockets[0].receive('not json');
    await vi.waitFor(() => expect(link.counters().malformed).toBe(1));
    expect(maps).toHaveLength(1);
    expect(maps[0].data).toBeInstanceOf(Int8Array);
    expect(maps[0].data.length).toBe(200);
    expect(w.transferred).toHaveLength(1);
    expect(w.transferred[0].byteLength).toBe(0); // detached on the worker side: moved, not copied
    expect(link.counters()).toMatchObject({ frames: 2, malformed: 1 });
    expect(link.problems().some((p) => p.kind === 'malformed-frame')).toBe(true);

    const states: string[] = [];
    link.onStatus((st) => states.push(`${st.state} ${st.reason ?? ''}`.trim()));
    sockets[0].serverClose(1006);
    await vi.waitFor(() => expect(sockets[1]?.sent.find((f) => f.op === 'subscribe')).toMatchObject({ topic: '/map' }));
    expect(link.status().state).toBe('connected');
    expect(states.slice(0, 2)).toEqual(['reconnecting connection lost', 'connected']);

    link.close();
    expect(w.isTerminated()).toBe(true);
  });

  it('a message that cannot be posted becomes a problem, never an uncaught error; the next ones flow', async () => {
    const sockets: LoopbackSocket[] = [];
    const w = fakeWorker(sockets, (m) => m.t === 'msg' && (m.frame.msg as { poison?: boolean } | undefined)?.poison === true);
    const link = createRobotLink('ws://robot.test:9090', {
      transport: 'worker',
      createWorker: () => w.main,
      pingIntervalMs: 0,
      warnIntervalMs: 1e9,
    });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const got: unknown[] = [];
    link.subscribe('/x', { type: 'std_msgs/String' }, (m) => got.push(m));
    await vi.waitFor(() => expect(sockets[0]?.sent[0]).toMatchObject({ op: 'subscribe' }));
    expect(() => sockets[0].receive('{"op":"publish","topic":"/x","msg":{"poison":true}}')).not.toThrow();
    sockets[0].receive('{"op":"publish","topic":"/x","msg":{"data":"fine"}}');
    await vi.waitFor(() => expect(got).toEqual([{ data: 'fine' }]));
    expect(link.problems().find((p) => p.kind === 'decode')?.message).toMatch(/a publish frame on \/x could not be passed to the console/);
    link.close();
  });

  it('bursts cross in batches, and the page acknowledges every message of a batch (the gate never stalls)', async () => {
    const sockets: LoopbackSocket[] = [];
    const w = fakeWorker(sockets);
    const link = createRobotLink('ws://robot.test:9090', { transport: 'worker', createWorker: () => w.main, pingIntervalMs: 0 });
    const got: number[] = [];
    link.subscribe('/tf', { type: 'tf2_msgs/TFMessage' }, (m) => got.push((m as { i: number }).i));
    await vi.waitFor(() => expect(sockets[0]?.sent[0]).toMatchObject({ op: 'subscribe' }));
    // 40 bursts of 50: 2,000 messages, four times what the gate lets be in flight unacknowledged.
    for (let burst = 0; burst < 40; burst++) {
      for (let k = 0; k < 50; k++) sockets[0].receive(JSON.stringify({ op: 'publish', topic: '/tf', msg: { i: burst * 50 + k } }));
      await vi.waitFor(() => expect(got).toHaveLength((burst + 1) * 50));
    }
    expect(got).toEqual(Array.from({ length: 2000 }, (_, i) => i));
    expect(link.problems().filter((p) => p.kind === 'memory')).toEqual([]); // nothing dropped
    const carried = w.posted.filter((m) => m.t === 'msg' || m.t === 'batch');
    expect(carried.length).toBeLessThan(200);
    link.close();
  });

  it('an error inside the worker is reported, not left on the page', async () => {
    const sockets: LoopbackSocket[] = [];
    const w = fakeWorker(sockets);
    const link = createRobotLink('ws://robot.test:9090', { transport: 'worker', createWorker: () => w.main, pingIntervalMs: 0 });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await vi.waitFor(() => expect(link.status().state).toBe('connected'));
    let prevented = false;
    w.main.onerror?.({ message: 'boom', preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    expect(link.problems().at(-1)).toMatchObject({ kind: 'decode', message: 'the link worker failed: boom' });
    link.close();
  });

  it('binary payloads cross from the worker only while a tap listens; the socket backlog reaches publish', async () => {
    const sockets: LoopbackSocket[] = [];
    const w = fakeWorker(sockets);
    const link = createRobotLink('ws://robot.test:9090', {
      transport: 'worker',
      createWorker: () => w.main,
      pingIntervalMs: 0,
      detectCapabilities: false,
    });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    let maps = 0;
    link.subscribe('/map', { type: 'nav_msgs/OccupancyGrid', compression: 'cbor' }, () => maps++);
    const pub = link.advertise('/cmd_vel', 'geometry_msgs/Twist', { dropIfUnsendable: true });
    await vi.waitFor(() => expect(sockets[0]?.sent[0]).toMatchObject({ op: 'subscribe' }));
    const frame = binaryFrame(loadTranscript('04').find((l) => l.type === 'binary')!);
    sockets[0].receive(frame.slice(0));
    await vi.waitFor(() => expect(maps).toBe(1));
    expect(unbatched(w.posted).find((m) => m.t === 'msg')).not.toHaveProperty('raw');
    const taps: TapEvent[] = [];
    const off = link.tap((e) => taps.push(e));
    await new Promise((r) => setTimeout(r, 5));
    sockets[0].receive(frame.slice(0));
    await vi.waitFor(() => expect(taps).toHaveLength(1));
    expect(taps[0]).toMatchObject({ direction: 'in', topic: '/map', type: 'nav_msgs/OccupancyGrid', rawEncoding: 'cbor' });
    expect(taps[0].raw!.byteLength).toBe(frame.byteLength);
    off();

    expect(pub.publish({ linear: { x: 1 } })).toBe(true);
    await vi.waitFor(() => expect(sockets[0].sent.some((f) => f.op === 'publish')).toBe(true));
    sockets[0].bufferedAmount = 100_000;
    expect(pub.publish({ linear: { x: 2 } })).toBe(true); // the main thread does not know yet ...
    await vi.waitFor(() => expect(w.posted.some((m) => m.t === 'buffered' && m.amount === 100_000)).toBe(true));
    expect(pub.publish({ linear: { x: 3 } })).toBe(false); // ... now it does
    await vi.waitFor(() => expect(link.problems().some((p) => p.message.startsWith('socket backed up'))).toBe(true));
    const xs = sockets[0].sent.filter((f) => f.op === 'publish').map((f) => (f.msg as { linear: { x: number } }).linear.x);
    expect(xs).toEqual([1]); // the worker dropped the second at the socket: it never queued behind the backlog
    sockets[0].bufferedAmount = 0;
    await vi.waitFor(() => expect(pub.publish({ linear: { x: 4 } })).toBe(true));
    link.close();
  });
});
