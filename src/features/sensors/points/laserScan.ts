// sensor_msgs/LaserScan -> points in the scan's own frame (z = 0), coloured by range. Readings outside
// [range_min, range_max] and NaN/Inf (JSON null) are skipped, as the ROS message definition asks.
import { TURBO_LUT_F32, lutIndex } from './colorMap';

export interface LaserScanMsg {
  header?: { frame_id?: string; stamp?: { secs?: number; nsecs?: number } };
  angle_min: number;
  angle_max?: number;
  angle_increment: number;
  range_min: number;
  range_max: number;
  ranges: ArrayLike<number | null>;
  intensities?: ArrayLike<number | null>;
}

export interface ScanPoints {
  positions: Float32Array;
  colors: Float32Array;
  count: number;
  /** Readings skipped (NaN/Inf/null or outside the limits). */
  skipped: number;
}

export function laserScanToPoints(scan: LaserScanMsg): ScanPoints {
  const ranges = scan.ranges ?? [];
  const n = ranges.length >>> 0;
  const positions = new Float32Array(n * 3);
  const colors = new Float32Array(n * 3);
  const a0 = Number(scan.angle_min);
  const da = Number(scan.angle_increment);
  const validLimits = Number.isFinite(scan.range_min) && Number.isFinite(scan.range_max) && scan.range_max > scan.range_min;
  const rmin = validLimits ? scan.range_min : 0;
  const rmax = validLimits ? scan.range_max : Infinity;
  if (!Number.isFinite(a0) || !Number.isFinite(da)) return { positions, colors, count: 0, skipped: n };
  // Colour scale: the sensor's limits when known, else what this scan saw.
  let lo = rmin;
  let hi = rmax;
  if (!Number.isFinite(hi)) {
    hi = 0;
    for (let i = 0; i < n; i++) {
      const r = ranges[i];
      if (typeof r === 'number' && Number.isFinite(r) && r > hi) hi = r;
    }
    lo = 0;
  }
  const lut = TURBO_LUT_F32;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const r = ranges[i];
    if (typeof r !== 'number' || !Number.isFinite(r) || r < rmin || r > rmax) continue;
    const a = a0 + i * da;
    const p = k * 3;
    positions[p] = r * Math.cos(a);
    positions[p + 1] = r * Math.sin(a);
    positions[p + 2] = 0;
    const li = lutIndex(r, lo, hi) * 3;
    colors[p] = lut[li];
    colors[p + 1] = lut[li + 1];
    colors[p + 2] = lut[li + 2];
    k++;
  }
  return { positions, colors, count: k, skipped: n - k };
}
