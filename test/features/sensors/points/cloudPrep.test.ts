// Point clouds in the preparation pool: the worker-side decode gives, bit for bit, the buffers the UI-thread
// path gives (after the request and reply went through structured clone and transfer, as between threads); a
// pool whose worker knows no clouds falls back to decoding here; a cloud waiting while another decodes is
// replaced by a newer one (never decoded); a 2M-point cloud is clipped to the layer's bound and says so.
import { describe, expect, it } from 'vitest';
import { decodeCloud, POOL_MIN_BYTES } from '../../../../src/features/sensors/points/cloudDecoder';
import { cloudPrep, decodeCloudHere } from '../../../../src/features/sensors/points/cloudPrep';
import {
  makePointCloud2,
  MAX_CLOUD_POINTS,
  type CloudResult,
  type PointCloud2Msg,
} from '../../../../src/features/sensors/points/pointCloud2';
import { CLOUD_SLOT, newCloudSlot, onCloud, type CloudSlot } from '../../../../src/features/sensors/points/sensorSlots';
import { sensorsPrepHandlers } from '../../../../src/features/sensors/prep';
import { PrepPool, type PrepPort } from '../../../../src/scene/prepPool';
import { hostPrepWorker, scenePrepHandlers, type PrepHandlers, type PrepReply, type PrepRequest } from '../../../../src/scene/prep';

const ALL: PrepHandlers = { ...scenePrepHandlers, ...sensorsPrepHandlers };

/** A worker in this thread: requests and replies are structured-cloned, the reply's buffers transferred. */
function threadPort(handlers: PrepHandlers, manual = false) {
  const inbox: PrepRequest[] = [];
  const port: PrepPort & { inbox: PrepRequest[]; posted: number; answer(): void } = {
    inbox,
    posted: 0,
    onmessage: null,
    postMessage(m) {
      port.posted++;
      inbox.push(structuredClone(m));
      if (!manual) queueMicrotask(() => port.answer());
    },
    answer() {
      const scope = {
        onmessage: null as ((ev: { data: PrepRequest }) => void) | null,
        postMessage: (r: PrepReply, transfer?: Transferable[]) => port.onmessage!({ data: structuredClone(r, { transfer }) }),
      };
      hostPrepWorker(scope, handlers);
      scope.onmessage!({ data: inbox.shift()! });
    },
  };
  return port;
}

function cloud(n: number, seed = 1): PointCloud2Msg & { data: Uint8Array } {
  const xyz = new Float32Array(n * 3);
  const intensity = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    xyz[i * 3] = Math.sin(i * seed) * 10;
    xyz[i * 3 + 1] = Math.cos(i * 0.37) * 10;
    xyz[i * 3 + 2] = i % 97 === 0 ? NaN : (i % 13) * 0.1;
    intensity[i] = (i * 7) % 255;
  }
  return makePointCloud2(xyz, { intensity, frameId: 'lidar' });
}

function decoded(r: CloudResult) {
  if ('error' in r && r.error) throw new Error(r.error.code);
  return r as Exclude<CloudResult, { error: object }>;
}

const bytes = (a: Float32Array, n: number) => Buffer.from(a.buffer, a.byteOffset, n * 12);

describe('point clouds in the preparation pool', () => {
  it('decodes in the worker exactly what the UI thread decodes, and transfers both buffers', async () => {
    const cases: [PointCloud2Msg, number][] = [
      [cloud(30_000), 200_000],
      [cloud(30_000, 3), 7_000],
      [
        makePointCloud2(
          new Float32Array(90_000).map((_, i) => i * 0.5),
          { bigEndian: true },
        ),
        200_000,
      ],
    ];
    for (const [msg, cap] of cases) {
      const here = decoded(decodeCloudHere(msg, cap));
      const { result, transfer } = cloudPrep(structuredClone(msg), { maxPoints: cap });
      const there = decoded(result as CloudResult);
      expect(transfer).toEqual([there.positions.buffer, there.colors.buffer]);
      const pooled = decoded(await decodeCloud(msg, cap, new PrepPool(() => threadPort(ALL), 2), 'r1|/points'));
      for (const r of [there, pooled]) {
        expect([r.count, r.total, r.capped, r.colorSource]).toEqual([here.count, here.total, here.capped, here.colorSource]);
        expect(bytes(r.positions, r.count).equals(bytes(here.positions, here.count))).toBe(true);
        expect(bytes(r.colors, r.count).equals(bytes(here.colors, here.count))).toBe(true);
      }
    }
  });

  it('sends big clouds to the pool and keeps small ones here; falls back here when the worker knows no clouds', async () => {
    const port = threadPort(ALL);
    const pool = new PrepPool(() => port, 1);
    const small = cloud(100);
    expect(small.data.byteLength).toBeLessThan(POOL_MIN_BYTES);
    await decodeCloud(small, 1000, pool);
    expect(port.posted).toBe(0);
    const big = cloud(30_000);
    await decodeCloud(big, 1000, pool);
    expect(port.posted).toBe(1);
    const gridOnly = new PrepPool(() => threadPort(scenePrepHandlers), 1);
    const fallback = decoded(await decodeCloud(big, 1000, gridOnly));
    expect(bytes(fallback.positions, fallback.count).equals(bytes(decoded(decodeCloudHere(big, 1000)).positions, fallback.count))).toBe(
      true,
    );
    const bad = await decodeCloud({ ...big, fields: [] }, 1000, pool);
    expect(bad).toMatchObject({ error: { code: 'no-xyz' } });
  });

  it('replaces a cloud waiting behind one being decoded by the newer one, which is decoded next', async () => {
    const port = threadPort(ALL, true);
    const pool = new PrepPool(() => port, 2);
    const slots = new Map<string, unknown>();
    const feed = { robotId: 'r1', slot: <T>(id: string, make: () => T): T => (slots.get(id) ?? slots.set(id, make()).get(id)) as T };
    const [a, b, c] = [cloud(25_000, 1), cloud(25_000, 2), cloud(25_000, 3)];
    onCloud(feed, a, 200_000, pool);
    onCloud(feed, b, 200_000, pool);
    onCloud(feed, c, 200_000, pool);
    const slot = slots.get(CLOUD_SLOT) as CloudSlot;
    expect(port.inbox).toHaveLength(1);
    expect(slot.dropped).toBe(1);
    port.answer();
    await new Promise((r) => setTimeout(r, 0));
    expect(slot.ready?.msg).toBe(a);
    expect(port.inbox).toHaveLength(1);
    expect(Buffer.from((port.inbox[0].msg as PointCloud2Msg).data as Uint8Array).equals(Buffer.from(c.data))).toBe(true);
    port.answer();
    await new Promise((r) => setTimeout(r, 0));
    expect(slot.ready?.msg).toBe(c);
    expect(pool.dropped).toBe(0);
  });

  it('clips a 2M-point cloud to the layer bound (evenly subsampled, marked capped) and never above the ceiling', async () => {
    const n = 2_000_000;
    const big = makePointCloud2(new Float32Array(n * 3).fill(1));
    const r = decoded(await decodeCloud(big, 200_000, new PrepPool(() => threadPort(ALL), 1)));
    expect([r.count, r.total, r.capped, r.positions.length, r.colors.length]).toEqual([200_000, n, true, 600_000, 600_000]);
    const huge = decoded(decodeCloudHere(big, Number.MAX_SAFE_INTEGER));
    expect([huge.count, huge.capped, huge.positions.length]).toEqual([MAX_CLOUD_POINTS, true, MAX_CLOUD_POINTS * 3]);
    expect(newCloudSlot(5).dropped).toBe(0);
  });
});
