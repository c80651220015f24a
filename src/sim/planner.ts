// Grid A* for the simulated move_base: 8-connected, no corner cutting, octile heuristic, then the path is
// shortened by line of sight. Knows nothing about the site: the caller says which points are blocked.

export interface Point {
  x: number;
  y: number;
}

export interface PlanOptions {
  /** Area searched, metres, map frame. */
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
  /** Cell size, metres (default 0.2). */
  resolution?: number;
  /** True where the robot may not stand. */
  blocked(x: number, y: number): boolean;
  /** Give up after this many expanded cells (default 200k). */
  maxExpansions?: number;
}

export type PlanResult = { ok: true; path: Point[]; length: number } | { ok: false; reason: 'start-outside' | 'goal-outside' | 'no-path' };

class MinHeap {
  private keys: number[] = [];
  private vals: number[] = [];
  get size(): number {
    return this.vals.length;
  }
  push(key: number, val: number): void {
    const k = this.keys;
    const v = this.vals;
    k.push(key);
    v.push(val);
    let i = v.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (k[p]! <= k[i]!) break;
      [k[p], k[i]] = [k[i]!, k[p]!];
      [v[p], v[i]] = [v[i]!, v[p]!];
      i = p;
    }
  }
  pop(): number {
    const k = this.keys;
    const v = this.vals;
    const top = v[0]!;
    const lk = k.pop()!;
    const lv = v.pop()!;
    if (v.length) {
      k[0] = lk;
      v[0] = lv;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < v.length && k[l]! < k[m]!) m = l;
        if (r < v.length && k[r]! < k[m]!) m = r;
        if (m === i) break;
        [k[m], k[i]] = [k[i]!, k[m]!];
        [v[m], v[i]] = [v[i]!, v[m]!];
        i = m;
      }
    }
    return top;
  }
}

/** True if the straight segment a->b stays clear (sampled every `step` metres). */
export function lineClear(a: Point, b: Point, blocked: (x: number, y: number) => boolean, step = 0.05): boolean {
  const n = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / step));
  for (let i = 1; i <= n; i++) {
    const t = i / n;
    if (blocked(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t)) return false;
  }
  return true;
}

/** The search grid over the bounds: cell index = cy * w + cx, cells `res` metres wide. */
interface PlanGrid {
  w: number;
  h: number;
  res: number;
  cellOf(p: Point): number | undefined;
  centre(c: number): Point;
}

function planGrid(opts: PlanOptions): PlanGrid {
  const res = opts.resolution ?? 0.2;
  const { minX, minY, maxX, maxY } = opts.bounds;
  const w = Math.max(1, Math.ceil((maxX - minX) / res));
  const h = Math.max(1, Math.ceil((maxY - minY) / res));
  return {
    w,
    h,
    res,
    cellOf: (p) => {
      const cx = Math.floor((p.x - minX) / res);
      const cy = Math.floor((p.y - minY) / res);
      return cx < 0 || cy < 0 || cx >= w || cy >= h ? undefined : cy * w + cx;
    },
    centre: (c) => ({ x: minX + ((c % w) + 0.5) * res, y: minY + (Math.floor(c / w) + 0.5) * res }),
  };
}

/**
 * A* from cell s to cell g; returns each reached cell's predecessor (-1 for none), or undefined when g cannot be
 * reached within `maxExpansions`. Start and goal cells count as free (the robot is there / asked to go there).
 */
function searchCells(grid: PlanGrid, s: number, g: number, opts: PlanOptions): Int32Array | undefined {
  const { w, h, res, centre } = grid;
  const blockedCache = new Int8Array(w * h).fill(-1);
  const isBlocked = (c: number): boolean => {
    if (c === s || c === g) return false;
    let b = blockedCache[c]!;
    if (b < 0) {
      const p = centre(c);
      b = opts.blocked(p.x, p.y) ? 1 : 0;
      blockedCache[c] = b;
    }
    return b === 1;
  };
  const gScore = new Float64Array(w * h).fill(Infinity);
  const came = new Int32Array(w * h).fill(-1);
  const closed = new Uint8Array(w * h);
  const gx = g % w;
  const gy = Math.floor(g / w);
  const heur = (c: number): number => {
    const dx = Math.abs((c % w) - gx);
    const dy = Math.abs(Math.floor(c / w) - gy);
    return (Math.max(dx, dy) + (Math.SQRT2 - 1) * Math.min(dx, dy)) * res;
  };
  const open = new MinHeap();
  gScore[s] = 0;
  open.push(heur(s), s);
  const max = opts.maxExpansions ?? 200_000;
  let expanded = 0;
  while (open.size) {
    const c = open.pop();
    if (closed[c]) continue;
    closed[c] = 1;
    if (c === g) return came;
    if (++expanded > max) break;
    const cx = c % w;
    const cy = Math.floor(c / w);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        if (!dx && !dy) continue;
        const nx = cx + dx;
        const ny = cy + dy;
        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
        const n = ny * w + nx;
        if (closed[n] || isBlocked(n)) continue;
        if (dx && dy && (isBlocked(cy * w + nx) || isBlocked(ny * w + cx))) continue;
        const cost = gScore[c]! + (dx && dy ? Math.SQRT2 : 1) * res;
        if (cost < gScore[n]!) {
          gScore[n] = cost;
          came[n] = c;
          open.push(cost + heur(n), n);
        }
      }
    }
  }
  return undefined;
}

/** Line-of-sight shortening: from each kept point jump to the farthest visible one. */
function shortened(cells: Point[], blocked: PlanOptions['blocked']): Point[] {
  const path: Point[] = [cells[0]!];
  let i = 0;
  while (i < cells.length - 1) {
    let j = cells.length - 1;
    while (j > i + 1 && !lineClear(cells[i]!, cells[j]!, blocked)) j--;
    path.push(cells[j]!);
    i = j;
  }
  return path;
}

export function planPath(start: Point, goal: Point, opts: PlanOptions): PlanResult {
  const grid = planGrid(opts);
  const s = grid.cellOf(start);
  const g = grid.cellOf(goal);
  if (s === undefined) return { ok: false, reason: 'start-outside' };
  if (g === undefined) return { ok: false, reason: 'goal-outside' };
  const came = searchCells(grid, s, g, opts);
  if (!came) return { ok: false, reason: 'no-path' };

  const cells: Point[] = [];
  for (let c = g; c !== -1; c = came[c]!) cells.push(grid.centre(c));
  cells.reverse();
  cells[0] = { ...start };
  cells[cells.length - 1] = { ...goal };
  const path = shortened(cells, opts.blocked);
  let length = 0;
  for (let k = 1; k < path.length; k++) length += Math.hypot(path[k]!.x - path[k - 1]!.x, path[k]!.y - path[k - 1]!.y);
  return { ok: true, path, length };
}

/** Even-odd point-in-polygon test. */
export function inPolygon(p: Point, poly: ReadonlyArray<Point>): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const a = poly[i]!;
    const b = poly[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) inside = !inside;
  }
  return inside;
}
