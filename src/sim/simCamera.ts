// A simulated camera: a picture that changes every frame and shows the clock in big digits, sent as a
// sensor_msgs/CompressedImage (JPEG).
import { drawClock, hsl32, Raster, rgb32 } from './cameraRaster';
import { encodeJpeg } from './jpegEncoder';
import { stampOf, type SimHeader, type SimPose } from './sensorMsgs';

/**
 * Measured on the 2-core dev box (Node 20): one 640x480 frame (draw 0.1 ms + jpeg-js encode with a reused
 * encoder) ~9-10 ms, 17 KB; 320x240 ~2.4 ms. 640x480 at 15 Hz x 3 robots is ~0.45 s of CPU per second, about
 * a quarter of the box: acceptable, but with more robots pass camera {width: 320, height: 240} or a lower hz.
 * (jpeg-js's own encode() rebuilds its tables per call: ~26 ms per 640x480 frame, which would have been
 * 1.2 cores for 3 robots.) A scan of 360 rays costs ~0.25 ms, a 3k-point cloud ~0.15 ms.
 */
export const SIM_CAMERA_COST_NOTE = '640x480 JPEG ~10 ms/frame (reused jpeg-js encoder), 320x240 ~2.4 ms';

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
