// Simulated robot sensors, self-contained (only jpeg-js): given a pose, a time and the site's occupancy grid they
// produce the messages a real robot would publish, shaped as rosbridge clients receive them after decoding:
//   - sensor_msgs/CompressedImage (JPEG) whose picture changes every frame and shows the clock in big digits,
//   - sensor_msgs/LaserScan of the map's walls, ray-marched through the grid from the pose,
//   - a small sensor_msgs/PointCloud2 (the scan's hits extruded into walls plus a floor ring).
// Uint8Array fields (`data`) must be sent as base64 in JSON frames: JSON.stringify(frame, rosbridgeJsonReplacer)
// does that, turns NaN/Inf into null (as rosbridge does) and typed arrays into plain arrays.
//
// Cost: see SIM_CAMERA_COST_NOTE below (re-measure with test/bench/sensors.bench.ts).
import * as jpeg from 'jpeg-js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface SimPose {
  x: number;
  y: number;
  /** Heading in the map frame, radians. */
  yaw: number;
}

/** nav_msgs/OccupancyGrid, the fields read here. */
export interface SimGrid {
  info: {
    resolution: number;
    width: number;
    height: number;
    origin: { position: { x: number; y: number; z?: number }; orientation?: { x: number; y: number; z: number; w: number } };
  };
  data: ArrayLike<number>;
}

export interface SimStamp {
  secs: number;
  nsecs: number;
}

export interface SimHeader {
  seq: number;
  stamp: SimStamp;
  frame_id: string;
}

export function stampOf(timeMs: number): SimStamp {
  const secs = Math.floor(timeMs / 1000);
  return { secs, nsecs: Math.round((timeMs - secs * 1000) * 1e6) };
}

export const SENSOR_TOPICS = [
  { topic: '/camera/image_raw/compressed', type: 'sensor_msgs/CompressedImage', hz: 15 },
  { topic: '/scan', type: 'sensor_msgs/LaserScan', hz: 10 },
  { topic: '/points', type: 'sensor_msgs/PointCloud2', hz: 2 },
] as const;

/**
 * Measured on the 2-core dev box (Node 20): one 640x480 frame (draw 0.1 ms + jpeg-js encode with a reused
 * encoder) ~9-10 ms, 17 KB; 320x240 ~2.4 ms. 640x480 at 15 Hz x 3 robots is ~0.45 s of CPU per second, about
 * a quarter of the box: acceptable, but with more robots pass camera {width: 320, height: 240} or a lower hz.
 * (jpeg-js's own encode() rebuilds its tables per call: ~26 ms per 640x480 frame, which would have been
 * 1.2 cores for 3 robots.) A scan of 360 rays costs ~0.25 ms, a 3k-point cloud ~0.15 ms.
 */
export const SIM_CAMERA_COST_NOTE = '640x480 JPEG ~10 ms/frame (reused jpeg-js encoder), 320x240 ~2.4 ms';

// ---------------------------------------------------------------------------------------------------------
// Camera

export interface SimCameraOptions {
  width?: number;
  height?: number;
  /** JPEG quality 1..100. */
  quality?: number;
  frameId?: string;
  /** Hue of the robot's colour, 0..360, so pictures from different robots differ at a glance. */
  hue?: number;
}

export interface SimCompressedImage {
  header: SimHeader;
  format: string;
  data: Uint8Array;
}

/** RGBA canvas with a 32-bit view for fast fills (little-endian: 0xAABBGGRR). */
class Raster {
  readonly rgba: Uint8Array;
  readonly px: Uint32Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.rgba = new Uint8Array(width * height * 4);
    this.px = new Uint32Array(this.rgba.buffer);
  }

  fillRect(x: number, y: number, w: number, h: number, color: number): void {
    const x0 = Math.max(0, Math.floor(x));
    const y0 = Math.max(0, Math.floor(y));
    const x1 = Math.min(this.width, Math.floor(x + w));
    const y1 = Math.min(this.height, Math.floor(y + h));
    if (x1 <= x0) return;
    for (let yy = y0; yy < y1; yy++) this.px.fill(color, yy * this.width + x0, yy * this.width + x1);
  }
}

function rgb32(r: number, g: number, b: number): number {
  return ((255 << 24) | ((b & 255) << 16) | ((g & 255) << 8) | (r & 255)) >>> 0;
}

function hsl32(h: number, s: number, l: number): number {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return rgb32(Math.round(f(0) * 255), Math.round(f(8) * 255), Math.round(f(4) * 255));
}

// Seven-segment digits: segments a b c d e f g as bits 0..6.
const SEGMENTS = [0x3f, 0x06, 0x5b, 0x4f, 0x66, 0x6d, 0x7d, 0x07, 0x7f, 0x6f];

function drawDigit(r: Raster, d: number, x: number, y: number, w: number, h: number, t: number, color: number): void {
  const bits = SEGMENTS[d] ?? 0;
  const hh = h / 2;
  if (bits & 1) r.fillRect(x, y, w, t, color); // a
  if (bits & 2) r.fillRect(x + w - t, y, t, hh, color); // b
  if (bits & 4) r.fillRect(x + w - t, y + hh, t, hh, color); // c
  if (bits & 8) r.fillRect(x, y + h - t, w, t, color); // d
  if (bits & 16) r.fillRect(x, y + hh, t, hh, color); // e
  if (bits & 32) r.fillRect(x, y, t, hh, color); // f
  if (bits & 64) r.fillRect(x, y + hh - t / 2, w, t, color); // g
}

/** Draws "HH:MM:SS.d" (UTC) with its top-left at (x, y); returns the width used. */
function drawClock(r: Raster, timeMs: number, x: number, y: number, digitH: number, color: number): number {
  const d = new Date(timeMs);
  const tenths = Math.floor((timeMs % 1000) / 100);
  const parts = [d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()];
  const w = Math.round(digitH * 0.55);
  const t = Math.max(2, Math.round(digitH * 0.12));
  const gap = Math.round(w * 0.35);
  let cx = x;
  parts.forEach((v, i) => {
    drawDigit(r, Math.floor(v / 10), cx, y, w, digitH, t, color);
    cx += w + gap;
    drawDigit(r, v % 10, cx, y, w, digitH, t, color);
    cx += w + gap;
    if (i < 2) {
      r.fillRect(cx, y + digitH * 0.25, t, t, color);
      r.fillRect(cx, y + digitH * 0.7, t, t, color);
      cx += t + gap;
    }
  });
  r.fillRect(cx, y + digitH - t, t, t, color);
  cx += t + gap;
  drawDigit(r, tenths, cx, y, w, digitH, t, color);
  return cx + w - x;
}

interface JpegEncoderInstance {
  encode(image: { data: Uint8Array; width: number; height: number }, quality: number): Uint8Array;
}

let sharedEncoder: JpegEncoderInstance | null | undefined;

/**
 * jpeg-js's encode() builds a new encoder per call, and building its Huffman/colour tables costs ~18 ms, more
 * than encoding a 640x480 frame (~8 ms). jpeg-js does not export the encoder class, so it is loaded from the
 * package's own source once and reused; if that ever fails, the public encode() is used.
 */
function loadReusableEncoder(): JpegEncoderInstance | null {
  try {
    const require = createRequire(import.meta.url);
    const file = require.resolve('jpeg-js/lib/encoder.js');
    const src = readFileSync(file, 'utf8');
    const factory = new Function('module', 'require', 'Buffer', `${src}\nreturn JPEGEncoder;`) as (
      m: { exports: unknown },
      r: NodeRequire,
      b: unknown,
    ) => new (quality: number) => JpegEncoderInstance;
    const Ctor = factory({ exports: {} }, require, (globalThis as { Buffer?: unknown }).Buffer);
    return new Ctor(60);
  } catch {
    return null;
  }
}

export function encodeJpeg(rgba: Uint8Array, width: number, height: number, quality: number): Uint8Array {
  if (sharedEncoder === undefined) sharedEncoder = loadReusableEncoder();
  if (sharedEncoder) return sharedEncoder.encode({ data: rgba, width, height }, quality);
  return jpeg.encode({ data: rgba, width, height }, quality).data;
}

/**
 * Renders one camera picture: sky/floor split, vertical stripes that slide as the robot turns (a 90° field of
 * view), a bar that sweeps across every frame, and the clock in big digits. Pure apart from the returned buffer.
 */
export class SimCamera {
  readonly width: number;
  readonly height: number;
  private readonly raster: Raster;
  private seq = 0;

  constructor(private readonly opts: SimCameraOptions = {}) {
    this.width = opts.width ?? 640;
    this.height = opts.height ?? 480;
    this.raster = new Raster(this.width, this.height);
  }

  render(pose: SimPose, timeMs: number): Uint8Array {
    const r = this.raster;
    const { width: W, height: H } = this;
    const hue = this.opts.hue ?? 200;
    const horizon = Math.round(H * 0.55);
    r.fillRect(0, 0, W, horizon, hsl32(hue, 0.45, 0.72));
    r.fillRect(0, horizon, W, H - horizon, hsl32(hue, 0.2, 0.32));
    // Landmarks every 30° of world heading; a 90° field of view shows three of them.
    const fov = Math.PI / 2;
    const spacing = Math.PI / 6;
    const first = Math.ceil((pose.yaw - fov / 2) / spacing);
    for (let k = first; k * spacing <= pose.yaw + fov / 2; k++) {
      const rel = k * spacing - pose.yaw; // left of centre is positive yaw
      const sx = W / 2 - (rel / (fov / 2)) * (W / 2);
      const shade = ((k % 3) + 3) % 3;
      r.fillRect(sx - W * 0.02, H * 0.2, W * 0.04, horizon - H * 0.2, hsl32((hue + 120 * shade) % 360, 0.6, 0.45));
    }
    // The sweeping bar: one full pass every 2 s, so consecutive frames always differ.
    const phase = (timeMs % 2000) / 2000;
    r.fillRect(phase * W - W * 0.01, horizon, W * 0.02, H - horizon, rgb32(255, 200, 0));
    // Clock panel, low in the picture (viewers put their own overlay along the top edge).
    const digitH = Math.round(H * 0.16);
    const pad = Math.round(digitH * 0.25);
    const top = H - digitH - 2 * pad - Math.round(H * 0.06);
    r.fillRect(0, top, W, digitH + 2 * pad, rgb32(16, 16, 16));
    drawClock(r, timeMs, pad, top + pad, digitH, rgb32(255, 255, 255));
    return r.rgba;
  }

  /** One sensor_msgs/CompressedImage. */
  frame(pose: SimPose, timeMs: number): SimCompressedImage {
    const rgba = this.render(pose, timeMs);
    const enc = encodeJpeg(rgba, this.width, this.height, this.opts.quality ?? 60);
    const data = new Uint8Array(enc.buffer, enc.byteOffset, enc.byteLength);
    return {
      header: { seq: this.seq++, stamp: stampOf(timeMs), frame_id: this.opts.frameId ?? 'camera' },
      format: 'jpeg',
      data,
    };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Laser scan

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

// ---------------------------------------------------------------------------------------------------------
// Point cloud

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

// ---------------------------------------------------------------------------------------------------------
// One robot's sensors together

export interface SimSensorsOptions {
  camera?: SimCameraOptions & { hz?: number; enabled?: boolean };
  scan?: SimScanOptions & { hz?: number };
  cloud?: SimCloudOptions & { hz?: number };
}

export interface SensorOutput {
  topic: string;
  type: string;
  msg: SimCompressedImage | SimLaserScan | SimPointCloud2;
}

/**
 * Decides which sensors are due at `timeMs` and produces their messages. Call it from the sim's tick (e.g. every
 * 20 ms) with the robot's pose and the site's grid; publish what it returns.
 */
export class SimSensors {
  readonly camera: SimCamera;
  readonly scanner: SimScanner;
  private nextAt: Record<'camera' | 'scan' | 'cloud', number> = { camera: 0, scan: 0, cloud: 0 };
  private cloudSeq = 0;
  private lastScan?: SimLaserScan;
  private lastScanAt = 0;

  constructor(private readonly opts: SimSensorsOptions = {}) {
    this.camera = new SimCamera(opts.camera);
    this.scanner = new SimScanner(opts.scan);
  }

  /**
   * `wanted(topic)` lets the caller skip sensors nobody subscribes to (a JPEG costs ~10 ms; do not make it for
   * nobody). The scan is still computed for the cloud when only /points is wanted.
   */
  tick(pose: SimPose, timeMs: number, grid: SimGrid | undefined, wanted: (topic: string) => boolean = () => true): SensorOutput[] {
    const out: SensorOutput[] = [];
    const topicOf = { camera: SENSOR_TOPICS[0].topic, scan: SENSOR_TOPICS[1].topic, cloud: SENSOR_TOPICS[2].topic };
    const due = (k: 'camera' | 'scan' | 'cloud', hz: number) => {
      if (hz <= 0 || timeMs < this.nextAt[k] || !wanted(topicOf[k])) return false;
      // Keep the cadence but never try to catch up after a stall.
      this.nextAt[k] = Math.max(this.nextAt[k] + 1000 / hz, timeMs + 1000 / hz / 2);
      return true;
    };
    if (this.opts.camera?.enabled !== false && due('camera', this.opts.camera?.hz ?? 15)) {
      out.push({ topic: SENSOR_TOPICS[0].topic, type: SENSOR_TOPICS[0].type, msg: this.camera.frame(pose, timeMs) });
    }
    if (due('scan', this.opts.scan?.hz ?? 10)) {
      this.lastScan = this.scanner.scan(pose, timeMs, grid);
      this.lastScanAt = timeMs;
      out.push({ topic: SENSOR_TOPICS[1].topic, type: SENSOR_TOPICS[1].type, msg: this.lastScan });
    }
    if (due('cloud', this.opts.cloud?.hz ?? 2)) {
      const fresh = this.lastScan && timeMs - this.lastScanAt < 250;
      const scan = fresh ? this.lastScan! : this.scanner.scan(pose, timeMs, grid);
      out.push({
        topic: SENSOR_TOPICS[2].topic,
        type: SENSOR_TOPICS[2].type,
        msg: simPointCloud(scan, timeMs, this.opts.cloud, this.cloudSeq++),
      });
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------
// JSON as rosbridge writes it

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function bytesToBase64(bytes: Uint8Array): string {
  const NodeBuffer = (globalThis as { Buffer?: { from(b: Uint8Array): { toString(enc: string): string } } }).Buffer;
  if (NodeBuffer) return NodeBuffer.from(bytes).toString('base64');
  let s = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63];
  }
  if (i < bytes.length) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8);
    s += B64[n >> 18] + B64[(n >> 12) & 63] + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') + '=';
  }
  return s;
}

/**
 * JSON.stringify replacer matching rosbridge's JSON: uint8[] (Uint8Array) as base64, other typed arrays as
 * arrays, NaN/Inf as null. `JSON.stringify({op:'publish', topic, msg}, rosbridgeJsonReplacer)`.
 */
export function rosbridgeJsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  if (value instanceof Uint8Array) return bytesToBase64(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
  }
  return value;
}
