// Simulated robot sensors, self-contained (only jpeg-js): given a pose, a time and the site's occupancy grid they
// produce the messages a real robot would publish, shaped as rosbridge clients receive them after decoding:
//   - sensor_msgs/CompressedImage (JPEG) whose picture changes every frame and shows the clock in big digits
//     (simCamera.ts),
//   - sensor_msgs/LaserScan of the map's walls, ray-marched through the grid from the pose (simScan.ts),
//   - a small sensor_msgs/PointCloud2 (the scan's hits extruded into walls plus a floor ring; simCloud.ts).
// Uint8Array fields (`data`) must be sent as base64 in JSON frames: JSON.stringify(frame, rosbridgeJsonReplacer)
// does that, turns NaN/Inf into null (as rosbridge does) and typed arrays into plain arrays.
//
// Cost: see SIM_CAMERA_COST_NOTE in simCamera.ts (re-measure with test/bench/sensors.bench.ts).
import type { SimGrid, SimPose } from './sensorMsgs';
import { SimCamera, type SimCameraOptions, type SimCompressedImage } from './simCamera';
import { simPointCloud, type SimCloudOptions, type SimPointCloud2 } from './simCloud';
import { SimScanner, type SimLaserScan, type SimScanOptions } from './simScan';

export { bytesToBase64, rosbridgeJsonReplacer } from './rosbridgeJsonReplacer';
export { encodeJpeg } from './jpegEncoder';
export { stampOf, type SimGrid, type SimHeader, type SimPose, type SimStamp } from './sensorMsgs';
export { SIM_CAMERA_COST_NOTE, SimCamera, type SimCameraOptions, type SimCompressedImage } from './simCamera';
export { simPointCloud, type SimCloudOptions, type SimPointCloud2, type SimPointField } from './simCloud';
export { castRay, SimScanner, type SimLaserScan, type SimScanOptions } from './simScan';

export const SENSOR_TOPICS = [
  { topic: '/camera/image_raw/compressed', type: 'sensor_msgs/CompressedImage', hz: 15 },
  { topic: '/scan', type: 'sensor_msgs/LaserScan', hz: 10 },
  { topic: '/points', type: 'sensor_msgs/PointCloud2', hz: 2 },
] as const;

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
