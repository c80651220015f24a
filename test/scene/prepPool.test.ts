// The preparation pool: sized to the machine, work spread over its workers, and a newer message of the same
// key replacing one still waiting (its callback never runs) or still running (its reply is dropped).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PrepPool, poolSize, type PrepPort } from '../../src/scene/prepPool';
import { handlePrep, type PrepReply, type PrepRequest } from '../../src/scene/prepWorkerHost';
import type { GridStrips } from '../../src/scene/occupancyGrid';
import type { OccupancyGrid } from '../../src/scene/rosMsgs';

/** Workers that answer only when told to (answer()), so tests control what is running when. */
function fakeWorkers() {
  const ports: (PrepPort & { inbox: PrepRequest[]; answer(): void; terminated: boolean })[] = [];
  const factory = () => {
    const port = {
      inbox: [] as PrepRequest[],
      terminated: false,
      onmessage: null as PrepPort['onmessage'],
      postMessage(m: PrepRequest) {
        port.inbox.push(structuredClone(m));
      },
      answer() {
        const req = port.inbox.shift()!;
        port.onmessage!({ data: handlePrep(req).reply });
      },
      terminate() {
        port.terminated = true;
      },
    };
    ports.push(port);
    return port;
  };
  return { ports, factory };
}

const msg = (fill: number): OccupancyGrid => ({
  header: { stamp: { secs: 0, nsecs: 0 }, frame_id: 'map' },
  info: { resolution: 1, width: 2, height: 2, origin: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
  data: new Int8Array(4).fill(fill),
});

describe('PrepPool', () => {
  it('sizes itself to the machine, keeping a core for the UI thread, 1 to 4 workers', () => {
    expect(poolSize(1)).toBe(1);
    expect(poolSize(2)).toBe(1);
    expect(poolSize(4)).toBe(3);
    expect(poolSize(64)).toBe(4);
    expect(poolSize(undefined)).toBe(1);
  });

  it('runs different keys on different workers at once', () => {
    const { ports, factory } = fakeWorkers();
    const pool = new PrepPool(factory, 2);
    const got: string[] = [];
    for (const k of ['a', 'b', 'c']) pool.submit(k, { kind: 'grid', msg: msg(0), opts: { stripTexels: 4 } }, () => got.push(k));
    expect(ports).toHaveLength(2);
    expect(pool.running).toBe(2);
    expect(pool.waiting).toBe(1);
    ports[1].answer();
    ports[0].answer();
    ports[1].answer();
    expect(got.sort()).toEqual(['a', 'b', 'c']);
  });

  it('replaces a waiting job of the same key, and drops the reply of a running one that a newer job superseded', () => {
    const { ports, factory } = fakeWorkers();
    const pool = new PrepPool(factory, 1);
    const got: { fill: number; reply: PrepReply }[] = [];
    const submit = (fill: number) =>
      pool.submit('robot|/map', { kind: 'grid', msg: msg(fill), opts: { stripTexels: 4 } }, (reply) => got.push({ fill, reply }));
    submit(0); // runs
    submit(50); // waits
    submit(100); // replaces the waiting one
    expect(pool.waiting).toBe(1);
    ports[0].answer(); // the first finishes, but newer work of its key exists: dropped
    expect(got).toHaveLength(0);
    ports[0].answer(); // the newest
    expect(got.map((g) => g.fill)).toEqual([100]);
    expect((got[0].reply.result as GridStrips).strips[0][0]).toBeLessThan(100); // occupied is dark
    expect(pool.dropped).toBe(2);
    expect(ports[0].inbox).toHaveLength(0);
  });

  it('starts its workers before any job when asked (the view does so once it is up), and counts answers by kind', () => {
    const { ports, factory } = fakeWorkers();
    const pool = new PrepPool(factory, 2);
    expect(ports).toHaveLength(0);
    pool.start();
    expect(ports).toHaveLength(2);
    pool.start(); // idempotent
    expect(ports).toHaveLength(2);
    pool.submit('a', { kind: 'grid', msg: msg(0), opts: { stripTexels: 4 } }, () => {});
    expect(ports).toHaveLength(2); // the job went to a started worker
    ports[0].answer();
    expect(pool.answered).toEqual({ grid: 1 });
  });

  it('reports a job whose worker failed and replaces the worker', () => {
    const { ports, factory } = fakeWorkers();
    const pool = new PrepPool(factory, 1);
    const got: PrepReply[] = [];
    pool.submit('a', { kind: 'grid', msg: msg(0), opts: { stripTexels: 4 } }, (r) => got.push(r));
    ports[0].onerror!('boom');
    expect(got[0].result).toBeNull();
    expect(got[0].error).toContain('boom');
    expect(ports[0].terminated).toBe(true);
    pool.submit('a', { kind: 'grid', msg: msg(0), opts: { stripTexels: 4 } }, (r) => got.push(r));
    expect(ports).toHaveLength(2);
    ports[1].answer();
    expect(got[1].result).not.toBeNull();
  });
});

describe('the page pool', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });
  const load = async (search: string) => {
    class FakeWorker {
      onmessage = null;
      postMessage() {}
      terminate() {}
    }
    vi.stubGlobal('Worker', FakeWorker);
    vi.stubGlobal('location', { search });
    vi.stubGlobal('navigator', { hardwareConcurrency: 4 });
    vi.resetModules();
    return (await import('../../src/scene/prepPool')).sharedPrepPool();
  };

  it('has workers where the page has Web Workers, and none with ?prep=inline (everything prepared on the page)', async () => {
    expect((await load('?robot=ws://x'))?.size).toBe(3);
    expect(await load('?robot=ws://x&prep=inline')).toBeNull();
  });

  it('moves the buffers a job names to the worker, and copies the rest', () => {
    const posted: { transfer?: Transferable[] }[] = [];
    const pool = new PrepPool(
      () => ({
        onmessage: null,
        postMessage(_m: PrepRequest, transfer?: Transferable[]) {
          posted.push({ transfer });
        },
      }),
      2,
    );
    const data = new ArrayBuffer(8);
    pool.submit('a', { kind: 'mesh', msg: { data } }, () => {}, [data]);
    pool.submit('b', { kind: 'grid', msg: {} }, () => {});
    expect(posted[0]!.transfer).toEqual([data]);
    expect(posted[1]!.transfer).toBeUndefined();
  });
});
