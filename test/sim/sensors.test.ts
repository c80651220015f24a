import { describe, expect, it } from 'vitest';
import * as jpeg from 'jpeg-js';
import { castRay, rosbridgeJsonReplacer, SimCamera, SimScanner, SimSensors, simPointCloud, type SimGrid } from '../../src/sim/sensors';
import { decodePointCloud2 } from '../../src/features/sensors/points/pointCloud2';
import { laserScanToPoints } from '../../src/features/sensors/points/laserScan';

/** 10 m x 5 m room, 0.05 m cells, walls on the border, resolution widened from float32 like rosbridge does. */
function room(): SimGrid {
  const W = 200;
  const H = 100;
  const data = new Int8Array(W * H);
  for (let x = 0; x < W; x++) data[x] = data[(H - 1) * W + x] = 100;
  for (let y = 0; y < H; y++) data[y * W] = data[y * W + W - 1] = 100;
  return { info: { resolution: 0.05000000074505806, width: W, height: H, origin: { position: { x: -1, y: -1 } } }, data };
}

describe('simulated camera', () => {
  it('produces a decodable 640x480 JPEG that changes every frame', () => {
    const cam = new SimCamera();
    const pose = { x: 0, y: 0, yaw: 0 };
    const a = cam.frame(pose, 1_700_000_000_000);
    const b = cam.frame(pose, 1_700_000_000_066);
    expect(a.format).toBe('jpeg');
    expect(a.data[0]).toBe(0xff);
    expect(a.data[1]).toBe(0xd8);
    const da = jpeg.decode(a.data, { useTArray: true });
    const db = jpeg.decode(b.data, { useTArray: true });
    expect([da.width, da.height]).toEqual([640, 480]);
    let diff = 0;
    for (let i = 0; i < da.data.length; i += 4) if (Math.abs(da.data[i] - db.data[i]) > 40) diff++;
    expect(diff).toBeGreaterThan(500);
    expect(a.header.stamp).toEqual({ secs: 1_700_000_000, nsecs: 0 });
    expect(b.header.seq).toBe(a.header.seq + 1);
  });

  it('size options work', () => {
    const f = new SimCamera({ width: 320, height: 240 }).frame({ x: 0, y: 0, yaw: 1 }, 0);
    expect(jpeg.decode(f.data, { useTArray: true }).width).toBe(320);
  });
});

describe('simulated scan and cloud', () => {
  it('ray-marches the grid to the walls', () => {
    const g = room();
    // robot at (4, 1.5) in map; walls' inner faces at x=-0.95, x=8.95, y=-0.95, y=3.95
    expect(castRay(g, 4, 1.5, 0, 20)).toBeCloseTo(4.95, 3);
    expect(castRay(g, 4, 1.5, Math.PI, 20)).toBeCloseTo(4.95, 3);
    expect(castRay(g, 4, 1.5, Math.PI / 2, 20)).toBeCloseTo(2.45, 3);
    expect(castRay(g, 4, 1.5, 0, 2)).toBe(Infinity);
  });

  it('a scan from the pose, in base_link, outlines the room (checked through the console decoder)', () => {
    const scan = new SimScanner().scan({ x: 4, y: 1.5, yaw: Math.PI / 2 }, 1000, room());
    expect(scan.ranges.length).toBe(360);
    expect(scan.header.frame_id).toBe('base_link');
    // rosbridge JSON: Infinity becomes null
    const json = JSON.parse(JSON.stringify(scan, rosbridgeJsonReplacer)) as typeof scan;
    const pts = laserScanToPoints(json);
    expect(pts.count).toBeGreaterThan(300);
    // ray at angle 0 in base_link points along +y in the map (yaw 90°): wall at 2.45 m
    const i0 = Math.round((0 - scan.angle_min) / scan.angle_increment);
    expect(scan.ranges[i0]).toBeCloseTo(2.45, 3);
  });

  it('the point cloud decodes with the console decoder, also from base64 JSON', () => {
    const scan = new SimScanner().scan({ x: 4, y: 1.5, yaw: 0 }, 1000, room());
    const cloud = simPointCloud(scan, 1000);
    expect(cloud.width).toBeGreaterThan(1000);
    expect(cloud.width).toBeLessThan(10_000);
    const viaJson = JSON.parse(JSON.stringify(cloud, rosbridgeJsonReplacer)) as typeof cloud;
    expect(typeof viaJson.data).toBe('string');
    const r = decodePointCloud2(viaJson);
    if ('error' in r && r.error) throw new Error(r.error.code);
    expect(r.count).toBe(cloud.width);
  });

  it('SimSensors schedules each sensor at its rate', () => {
    const s = new SimSensors({ camera: { width: 160, height: 120 } });
    const counts: Record<string, number> = {};
    for (let t = 0; t < 2000; t += 10) {
      for (const o of s.tick({ x: 4, y: 1.5, yaw: 0 }, 1_000_000 + t, room())) counts[o.topic] = (counts[o.topic] ?? 0) + 1;
    }
    expect(counts['/camera/image_raw/compressed']).toBeGreaterThanOrEqual(29);
    expect(counts['/camera/image_raw/compressed']).toBeLessThanOrEqual(31);
    expect(counts['/scan']).toBeGreaterThanOrEqual(19);
    expect(counts['/points']).toBeGreaterThanOrEqual(4);
  });

  it('skips sensors nobody wants; the laser mount offset moves the origin', () => {
    const s = new SimSensors();
    const out = s.tick({ x: 4, y: 1.5, yaw: 0 }, 1000, room(), (t) => t === '/scan');
    expect(out.map((o) => o.topic)).toEqual(['/scan']);
    const scan = new SimScanner({ mount: { x: 0.15, y: 0 } }).scan({ x: 4, y: 1.5, yaw: 0 }, 0, room());
    const i0 = Math.round((0 - scan.angle_min) / scan.angle_increment);
    expect(scan.ranges[i0]).toBeCloseTo(4.8, 3);
  });
});
