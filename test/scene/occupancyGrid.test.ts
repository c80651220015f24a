import { describe, expect, it } from 'vitest';
import { cellAt, decodeGridData, decodeOccupancyGrid, DEFAULT_GRID_COLORS } from '../../src/scene/occupancyGrid';
import type { OccupancyGrid } from '../../src/scene/rosMsgs';
import { SceneWarnings } from '../../src/scene/sceneWarnings';

function grid(w: number, h: number, data: ArrayLike<number>, extra: Partial<OccupancyGrid['info']> = {}): OccupancyGrid {
  return {
    header: { stamp: { secs: 0, nsecs: 0 }, frame_id: 'map' },
    info: {
      resolution: 0.10000000149011612,
      width: w,
      height: h,
      origin: { position: { x: -1, y: -0.5, z: 0 }, orientation: { x: 0, y: 0, z: Math.sin(0.25), w: Math.cos(0.25) } },
      ...extra,
    },
    data,
  };
}
const px = (rgba: Uint8Array, i: number) => Array.from(rgba.slice(i * 4, i * 4 + 4));

describe('occupancy grid decoding', () => {
  it('maps free/occupied/unknown/in-between/invalid to colours, from Int8Array and number[] alike', () => {
    const vals = [0, 100, -1, 50, 120, -100];
    const a = decodeGridData(Int8Array.from(vals), vals.length);
    const b = decodeGridData(vals, vals.length);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(px(a, 0)).toEqual(DEFAULT_GRID_COLORS.free);
    expect(px(a, 1)).toEqual(DEFAULT_GRID_COLORS.occupied);
    expect(px(a, 2)).toEqual(DEFAULT_GRID_COLORS.unknown);
    const mid = px(a, 3);
    expect(mid[0]).toBeLessThan(DEFAULT_GRID_COLORS.free[0]);
    expect(mid[0]).toBeGreaterThan(DEFAULT_GRID_COLORS.occupied[0]);
    expect(px(a, 4)).toEqual(DEFAULT_GRID_COLORS.invalid);
    expect(px(a, 5)).toEqual(DEFAULT_GRID_COLORS.invalid);
  });

  it('reads an Int8Array that is a view into a larger buffer', () => {
    const buf = new Int8Array([7, 7, 100, 0, 7]);
    const view = new Int8Array(buf.buffer, 2, 2);
    const out = decodeGridData(view, 2);
    expect(px(out, 0)).toEqual(DEFAULT_GRID_COLORS.occupied);
    expect(px(out, 1)).toEqual(DEFAULT_GRID_COLORS.free);
  });

  it('gives the same bytes for aligned, unaligned and odd-length Int8Array input as for number[]', () => {
    const vals = Array.from({ length: 23 }, (_, i) => [0, 100, -1, 37, 127, -128][i % 6]);
    const ref = decodeGridData(vals, vals.length);
    const aligned = decodeGridData(Int8Array.from(vals), vals.length);
    const buf = new Int8Array(vals.length + 1);
    buf.set(vals, 1);
    const unaligned = decodeGridData(new Int8Array(buf.buffer, 1, vals.length), vals.length);
    expect(Array.from(aligned)).toEqual(Array.from(ref));
    expect(Array.from(unaligned)).toEqual(Array.from(ref));
  });

  it('keeps origin position, yaw, resolution and frame', () => {
    const g = decodeOccupancyGrid(grid(20, 10, new Int8Array(200)))!;
    expect(g.width).toBe(20);
    expect(g.height).toBe(10);
    expect(g.resolution).toBeCloseTo(0.1);
    expect(g.origin.tx).toBe(-1);
    expect(g.origin.ty).toBe(-0.5);
    expect(g.yaw).toBeCloseTo(0.5);
    expect(g.frame).toBe('map');
    expect(g.rgba.length).toBe(800);
  });

  it('skips grids with bad sizes or data, counting warnings, without throwing', () => {
    const w = new SceneWarnings();
    expect(decodeOccupancyGrid(grid(20, 10, new Int8Array(199)), w)).toBeNull();
    expect(decodeOccupancyGrid(grid(20, 10, [0, 1]), w)).toBeNull();
    expect(decodeOccupancyGrid(grid(0, 10, []), w)).toBeNull();
    expect(decodeOccupancyGrid(grid(2.5, 2, [0, 0, 0, 0, 0]), w)).toBeNull();
    expect(decodeOccupancyGrid(grid(2, 2, [0, 0, 0, 0], { resolution: null as unknown as number }), w)).toBeNull();
    expect(
      decodeOccupancyGrid(
        grid(2, 2, [0, 0, 0, 0], { origin: { position: { x: 0, y: 0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 0 } } }),
        w,
      ),
    ).toBeNull();
    expect(decodeOccupancyGrid(null, w)).toBeNull();
    expect(decodeOccupancyGrid({ info: {} } as unknown as OccupancyGrid, w)).toBeNull();
    expect(w.count('bad-grid')).toBe(8);
  });

  it('finds cells on borders despite float32-widened resolution', () => {
    const g = { width: 20, height: 10, resolution: 0.10000000149011612, origin: { tx: -1, ty: -0.5, tz: 0, qx: 0, qy: 0, qz: 0, qw: 1 } };
    expect(cellAt(g, -1 + 0.3, -0.5 + 0.2)).toEqual({ col: 3, row: 2 });
    expect(cellAt(g, -1.01, 0)).toBeNull();
  });

  it('decodes a 2048x2048 grid the same from Int8Array (CBOR) and number[] (JSON); npm run bench times both', () => {
    const n = 2048 * 2048;
    const i8 = new Int8Array(n);
    for (let i = 0; i < n; i++) i8[i] = i % 7 === 0 ? 100 : i % 5 === 0 ? -1 : 0;
    const fromI8 = new Uint8Array(n * 4);
    const fromArr = new Uint8Array(n * 4);
    decodeGridData(i8, n, undefined, fromI8);
    decodeGridData(Array.from(i8), n, undefined, fromArr);
    expect(Buffer.from(fromArr.buffer).equals(Buffer.from(fromI8.buffer))).toBe(true);
    expect(Array.from(fromI8.subarray(0, 4))).toEqual(Array.from(DEFAULT_GRID_COLORS.occupied));
  });
});
