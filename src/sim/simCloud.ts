// A small simulated sensor_msgs/PointCloud2: the scan's hits extruded into walls, plus a floor ring.
import { stampOf, type SimHeader } from './sensorMsgs';
import type { SimLaserScan } from './simScan';

export interface SimPointField {
  name: string;
  offset: number;
  datatype: number;
  count: number;
}

export interface SimPointCloud2 {
  header: SimHeader;
  height: number;
  width: number;
  fields: SimPointField[];
  is_bigendian: boolean;
  point_step: number;
  row_step: number;
  data: Uint8Array;
  is_dense: boolean;
}

export interface SimCloudOptions {
  frameId?: string;
  /** Wall heights sampled per scan hit. */
  levels?: number;
  wallHeight?: number;
  /** Floor ring points. */
  floorPoints?: number;
  /**
   * Added to every point: the scan's origin in the cloud's frame. With the scan in `laser` (0.15, 0, 1.1 above
   * base_link) use frameId 'base_link' and offset {x: 0.15, y: 0, z: 0} so walls stand on the floor (z 0..wallHeight).
   */
  offset?: { x: number; y: number; z: number };
}

const FLOAT32 = 7;

/** Points (x, y, z, intensity float32, little-endian, 16 bytes) in the robot's frame: walls seen by the scan, extruded. */
export function simPointCloud(scan: SimLaserScan, timeMs: number, opts: SimCloudOptions = {}, seq = 0): SimPointCloud2 {
  const levels = opts.levels ?? 8;
  const wallH = opts.wallHeight ?? 1.6;
  const floorN = opts.floorPoints ?? 360;
  const off = opts.offset ?? { x: 0, y: 0, z: 0 };
  const hits: number[] = [];
  for (let i = 0; i < scan.ranges.length; i++) if (Number.isFinite(scan.ranges[i])) hits.push(i);
  const n = hits.length * levels + floorN;
  const step = 16;
  const data = new Uint8Array(n * step);
  const dv = new DataView(data.buffer);
  let o = 0;
  for (const i of hits) {
    const r = scan.ranges[i];
    const a = scan.angle_min + i * scan.angle_increment;
    const x = r * Math.cos(a) + off.x;
    const y = r * Math.sin(a) + off.y;
    for (let l = 0; l < levels; l++) {
      const z = (wallH * (l + 0.5)) / levels;
      dv.setFloat32(o, x, true);
      dv.setFloat32(o + 4, y, true);
      dv.setFloat32(o + 8, z + off.z, true);
      dv.setFloat32(o + 12, z / wallH, true);
      o += step;
    }
  }
  // A ring on the floor at 1 m whose radius pulses with time, so the cloud visibly updates.
  const rr = 1 + 0.2 * Math.sin(timeMs / 500);
  for (let k = 0; k < floorN; k++) {
    const a = (2 * Math.PI * k) / floorN;
    dv.setFloat32(o, rr * Math.cos(a) + off.x, true);
    dv.setFloat32(o + 4, rr * Math.sin(a) + off.y, true);
    dv.setFloat32(o + 8, 0.01 + off.z, true);
    dv.setFloat32(o + 12, 0, true);
    o += step;
  }
  return {
    header: { seq, stamp: stampOf(timeMs), frame_id: opts.frameId ?? scan.header.frame_id },
    height: 1,
    width: n,
    fields: [
      { name: 'x', offset: 0, datatype: FLOAT32, count: 1 },
      { name: 'y', offset: 4, datatype: FLOAT32, count: 1 },
      { name: 'z', offset: 8, datatype: FLOAT32, count: 1 },
      { name: 'intensity', offset: 12, datatype: FLOAT32, count: 1 },
    ],
    is_bigendian: false,
    point_step: step,
    row_step: step * n,
    data,
    is_dense: true,
  };
}
