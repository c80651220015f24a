// What a map says about a point: world (fixed-frame) point → the robot's grid frame → cell → free, occupied or
// unknown. Pure functions; the grid's origin is a full pose (position and rotation) and cells are `resolution`
// metres, row-major from the origin corner (nav_msgs/OccupancyGrid).

import type { OccupancyGrid } from './rosMsgs';
import { applyToPoint, invert, makeTransform, type Transform } from './tfMath';

export type CellState = 'free' | 'occupied' | 'unknown' | 'outside';

export interface CellLookup {
  state: CellState;
  /** The cell's value (-1 unknown, 0..100 occupancy), null outside the grid. */
  value: number | null;
  col: number;
  row: number;
}

/** map_server's default occupied_thresh (0.65): values at or above it are obstacles. */
export const OCCUPIED_AT = 65;

export interface GridCells {
  width: number;
  height: number;
  resolution: number;
  /** Pose of cell (0,0)'s outer corner in the grid's frame. */
  origin: Transform;
  data: ArrayLike<number>;
}

/** The state a cell value stands for (int8 values arrive as -128..127; anything negative is unknown). */
export function cellState(value: number): Exclude<CellState, 'outside'> {
  if (value < 0 || value > 100) return 'unknown';
  return value >= OCCUPIED_AT ? 'occupied' : 'free';
}

/** The cell under a point given in the grid's frame (x, y metres). Outside the grid: state 'outside'. */
export function lookupCell(g: GridCells, x: number, y: number): CellLookup {
  const [lx, ly] = applyToPoint(invert(g.origin), x, y, 0);
  // float32 resolutions arrive widened (0.1 → 0.10000000149): a small tolerance keeps border points in their cell.
  const eps = 1e-6;
  const col = Math.floor(lx / g.resolution + eps),
    row = Math.floor(ly / g.resolution + eps);
  if (!Number.isFinite(col) || !Number.isFinite(row) || col < 0 || row < 0 || col >= g.width || row >= g.height)
    return { state: 'outside', value: null, col, row };
  const value = Number(g.data[row * g.width + col]);
  return { state: cellState(value), value, col, row };
}

/** A message's cells, or null when the grid cannot be read (bad size, resolution or origin). */
export function gridCells(msg: OccupancyGrid | null | undefined): (GridCells & { frame: string }) | null {
  const info = msg?.info;
  const data = msg?.data as ArrayLike<number> | undefined;
  if (!info || !data || !Number.isInteger(info.width) || !Number.isInteger(info.height)) return null;
  if (!(info.resolution > 0) || data.length !== info.width * info.height) return null;
  const origin = makeTransform(info.origin?.position, info.origin?.orientation);
  if (!origin) return null;
  const frame = (msg!.header?.frame_id ?? 'map').replace(/^\//, '') || 'map';
  return { width: info.width, height: info.height, resolution: info.resolution, origin, data, frame };
}
