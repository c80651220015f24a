import { describe, expect, it, vi } from 'vitest';
import { createRobotLink } from '../../src/ros/robotLink';
import { LoopbackSocket } from '../../src/ros/transport/loopbackSocket';
import { hostLinkWorker } from '../../src/ros/transport/workerHost';
import type { FromWorker, PortLike, ToWorker } from '../../src/ros/transport/workerProtocol';
import type { WorkerLike } from '../../src/ros/transport/workerTransport';
import { binaryFrame, loadTranscript } from '../fixtures/transcript';

/**
 * A Worker stand-in: both directions go through structuredClone with the transfer list, as postMessage
 * does, so transferred buffers really are detached on the sending side.
 */
function fakeWorker(sockets: LoopbackSocket[]) {
  const transferred: ArrayBuffer[] = [];
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
  return { main, transferred, isTerminated: () => terminated };
}


describe('worker transport (decoding off the main thread)', () => {
  it('decodes CBOR in the worker, transfers typed-array buffers, reconnects, terminates on close', async () => {
    const sockets: LoopbackSocket[] = [];
    const w = fakeWorker(sockets);
    const link = createRobotLink('ws://robot.test:9090', { transport: 'worker', createWorker: () => w.main, pingIntervalMs: 0, backoff: { baseMs: 10, maxMs: 10 } });
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
});
