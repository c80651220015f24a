// The preparation worker's side: grid strips decoded there are, byte for byte, the texels the UI-thread path
// (decodeOccupancyGrid) produces, and every strip goes back as its own transferred buffer.
import { describe, expect, it } from 'vitest';
import { decodeOccupancyGrid, stripRows, type GridStrips } from '../../src/scene/occupancyGrid';
import { handlePrep, hostPrepWorker, type PrepReply, type PrepScope } from '../../src/scene/prepWorkerHost';
import type { OccupancyGrid } from '../../src/scene/rosMsgs';
import { concat } from '../support/bytes';

function grid(w: number, h: number, data: Int8Array | number[]): OccupancyGrid {
  return {
    header: { stamp: { secs: 0, nsecs: 0 }, frame_id: 'map' },
    info: { resolution: 0.05, width: w, height: h, origin: { position: { x: 1, y: 2, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
    data,
  };
}

function cells(n: number): Int8Array {
  const d = new Int8Array(n);
  for (let i = 0; i < n; i++) d[i] = i % 7 === 0 ? 100 : i % 11 === 0 ? -1 : i % 5 === 0 ? (i % 99) + 1 : i % 13 === 0 ? -77 : 0;
  return d;
}

describe('preparation worker', () => {
  it('cuts a grid into strips whose texels are exactly the UI-thread decode (Int8Array and number[])', () => {
    const w = 301,
      h = 97;
    const data = cells(w * h);
    const reference = decodeOccupancyGrid(grid(w, h, data))!.rgba;
    for (const input of [data, Array.from(data)]) {
      for (const stripTexels of [w * 10, 4096, w * h * 2]) {
        const { reply, transfer } = handlePrep({ id: 1, kind: 'grid', msg: grid(w, h, input), opts: { stripTexels } });
        const r = reply.result as GridStrips;
        expect(r.rowsPerStrip).toBe(stripRows(w, stripTexels));
        expect(r.strips.length).toBe(Math.ceil(h / r.rowsPerStrip));
        expect(Buffer.from(concat(r.strips)).equals(Buffer.from(reference))).toBe(true);
        expect(transfer.length).toBe(r.strips.length);
        expect(new Set(transfer).size).toBe(r.strips.length);
        expect(r.meta).toMatchObject({ width: w, height: h, resolution: 0.05, frame: 'map' });
      }
    }
  });

  it('answers a grid it cannot show with null, and never throws', () => {
    const { reply } = handlePrep({ id: 2, kind: 'grid', msg: grid(4, 4, new Int8Array(3)), opts: { stripTexels: 16 } });
    expect(reply).toMatchObject({ id: 2, result: null });
    expect(() => handlePrep({ id: 3, kind: 'grid', msg: null as unknown as OccupancyGrid, opts: { stripTexels: 16 } })).not.toThrow();
  });

  it('answers a kind it has no handler for with an error, and hosts the handlers it is given', () => {
    expect(handlePrep({ id: 4, kind: 'cloud', msg: {} }).reply).toMatchObject({ id: 4, result: null, error: 'no preparation for cloud' });
    expect(handlePrep({ id: 5, kind: 'toString', msg: {} }).reply.error).toBe('no preparation for toString');
    const echo = handlePrep({ id: 6, kind: 'echo', msg: 3, opts: 4 }, { echo: (m, o) => ({ result: [m, o], transfer: [] }) });
    expect(echo.reply).toEqual({ id: 6, kind: 'echo', result: [3, 4] });
  });

  it('posts the reply with the strips listed for transfer', () => {
    const posted: { m: PrepReply; transfer?: Transferable[] }[] = [];
    const scope: PrepScope = { onmessage: null, postMessage: (m, transfer) => posted.push({ m, transfer }) };
    hostPrepWorker(scope);
    scope.onmessage!({ data: { id: 7, kind: 'grid', msg: grid(8, 8, cells(64)), opts: { stripTexels: 16 } } });
    expect(posted).toHaveLength(1);
    expect(posted[0].m.id).toBe(7);
    expect(posted[0].transfer).toHaveLength(4);
  });
});
