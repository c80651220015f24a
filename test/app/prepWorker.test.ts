// The app's preparation worker hosts every kind the scene and the features prepare: a pool built on it decodes
// grids and point clouds there (a worker knowing only the scene's kinds would send clouds back to the UI thread),
// in the order asked.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makePointCloud2, type CloudResult } from '../../src/features/sensors/points/pointCloud2';
import type { GridStrips } from '../../src/scene/occupancyGrid';
import type { PrepReply, PrepScope } from '../../src/scene/prep';

const g = globalThis as { self?: unknown };
const hadSelf = 'self' in g;
const saved = g.self;
afterEach(() => {
  if (hadSelf) g.self = saved;
  else delete g.self;
});

describe('the app preparation worker', () => {
  it('prepares grids and point clouds, transferring their buffers', async () => {
    const posted: { m: PrepReply; transfer?: Transferable[] }[] = [];
    const scope: PrepScope = { onmessage: null, postMessage: (m, transfer) => posted.push({ m, transfer }) };
    g.self = scope;
    await import('../../src/app/prep.worker');
    const grid = {
      header: { stamp: { secs: 0, nsecs: 0 }, frame_id: 'map' },
      info: { resolution: 1, width: 4, height: 4, origin: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
      data: new Int8Array(16),
    };
    scope.onmessage!({ data: { id: 1, kind: 'grid', msg: grid, opts: { stripTexels: 8 } } });
    scope.onmessage!({ data: { id: 2, kind: 'cloud', msg: makePointCloud2([1, 2, 3, 4, 5, 6]), opts: { maxPoints: 10 } } });
    // answered once the mesh simplifier's WebAssembly is compiled (the worker waits for it first)
    await vi.waitFor(() => expect(posted).toHaveLength(2));
    expect(posted.map((p) => [p.m.id, p.m.error, p.transfer?.length])).toEqual([
      [1, undefined, 2],
      [2, undefined, 2],
    ]);
    expect((posted[0].m.result as GridStrips).strips).toHaveLength(2);
    expect(Array.from((posted[1].m.result as Exclude<CloudResult, { error: object }>).positions)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
