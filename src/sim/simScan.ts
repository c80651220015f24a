// A simulated laser scanner: sensor_msgs/LaserScan of the map's walls, ray-marched through the grid from the pose.
import { stampOf, type SimGrid, type SimHeader, type SimPose } from './sensorMsgs';

export interface SimScanOptions {
  frameId?: string;
  angleMin?: number;
  angleMax?: number;
  /** Number of rays over [angleMin, angleMax]. */
  rays?: number;
  rangeMin?: number;
  rangeMax?: number;
  /** Cell values >= this are walls (unknown -1 is free). */
  occupiedThreshold?: number;
  /** Where the laser sits on the robot (in the robot's frame, metres), e.g. the sim's `laser` frame (0.15, 0). */
  mount?: { x: number; y: number };
}

export interface SimLaserScan {
  header: SimHeader;
  angle_min: number;
  angle_max: number;
  angle_increment: number;
  time_increment: number;
  scan_time: number;
  range_min: number;
  range_max: number;
  /** Infinity where nothing was hit (rosbridge JSON sends it as null). Plain array: JSON-friendly. */
  ranges: number[];
  intensities: number[];
}

function gridFrame(grid: SimGrid) {
  const o = grid.info.origin;
  const q = o.orientation ?? { x: 0, y: 0, z: 0, w: 1 };
  const yaw = Math.atan2(2 * (q.w * q.z + q.x * q.y), 1 - 2 * (q.y * q.y + q.z * q.z));
  return { ox: o.position.x, oy: o.position.y, cos: Math.cos(-yaw), sin: Math.sin(-yaw), gyaw: yaw };
}

/**
 * Distance from (x, y) along `angle` (map frame) to the first occupied cell, by a grid traversal (Amanatides &
 * Woo): every cell the ray crosses is visited once, so thin walls are never stepped over.
 */
export function castRay(grid: SimGrid, x: number, y: number, angle: number, maxRange: number, threshold = 50): number {
  const { resolution: res, width, height } = grid.info;
  const f = gridFrame(grid);
  // Into grid coordinates (cells).
  const dx0 = x - f.ox;
  const dy0 = y - f.oy;
  let gx = (dx0 * f.cos - dy0 * f.sin) / res;
  let gy = (dx0 * f.sin + dy0 * f.cos) / res;
  const a = angle - f.gyaw;
  const dirx = Math.cos(a);
  const diry = Math.sin(a);
  let cx = Math.floor(gx);
  let cy = Math.floor(gy);
  const stepX = dirx > 0 ? 1 : -1;
  const stepY = diry > 0 ? 1 : -1;
  const tDeltaX = dirx !== 0 ? Math.abs(1 / dirx) : Infinity;
  const tDeltaY = diry !== 0 ? Math.abs(1 / diry) : Infinity;
  let tMaxX = dirx !== 0 ? (dirx > 0 ? cx + 1 - gx : gx - cx) * tDeltaX : Infinity;
  let tMaxY = diry !== 0 ? (diry > 0 ? cy + 1 - gy : gy - cy) * tDeltaY : Infinity;
  const maxT = maxRange / res;
  let t = 0;
  gx = gy = 0;
  while (t <= maxT) {
    if (cx < 0 || cy < 0 || cx >= width || cy >= height) return Infinity;
    const v = grid.data[cy * width + cx];
    if (v >= threshold) return t * res;
    if (tMaxX < tMaxY) {
      t = tMaxX;
      tMaxX += tDeltaX;
      cx += stepX;
    } else {
      t = tMaxY;
      tMaxY += tDeltaY;
      cy += stepY;
    }
  }
  return Infinity;
}

export class SimScanner {
  private seq = 0;
  constructor(private readonly opts: SimScanOptions = {}) {}

  scan(pose: SimPose, timeMs: number, grid: SimGrid | undefined): SimLaserScan {
    const o = this.opts;
    const angleMin = o.angleMin ?? -Math.PI;
    const rays = o.rays ?? 360;
    const angleMax = o.angleMax ?? Math.PI - (2 * Math.PI) / rays;
    const inc = rays > 1 ? (angleMax - angleMin) / (rays - 1) : 0;
    const rangeMin = o.rangeMin ?? 0.1;
    const rangeMax = o.rangeMax ?? 12;
    const ranges = new Array<number>(rays);
    const intensities = new Array<number>(rays);
    const mx = o.mount?.x ?? 0;
    const my = o.mount?.y ?? 0;
    const cy = Math.cos(pose.yaw);
    const sy = Math.sin(pose.yaw);
    const lx = pose.x + mx * cy - my * sy;
    const ly = pose.y + mx * sy + my * cy;
    for (let i = 0; i < rays; i++) {
      const r = grid ? castRay(grid, lx, ly, pose.yaw + angleMin + i * inc, rangeMax, o.occupiedThreshold) : Infinity;
      const ok = r >= rangeMin && r <= rangeMax;
      ranges[i] = ok ? Math.fround(r) : Infinity;
      intensities[i] = ok ? 100 : 0;
    }
    return {
      header: { seq: this.seq++, stamp: stampOf(timeMs), frame_id: o.frameId ?? 'base_link' },
      angle_min: angleMin,
      angle_max: angleMax,
      angle_increment: inc,
      time_increment: 0,
      scan_time: 0.1,
      range_min: rangeMin,
      range_max: rangeMax,
      ranges,
      intensities,
    };
  }
}
