// Sensor decoding figures for `npm run bench` (test/bench/run.ts calls runSensorsBench()).
// In Node there is no createImageBitmap: JPEG decode speed is measured with jpeg-js as a proxy (pure JS, so an
// upper bound on cost; the browser's native decoder is several times faster and off the UI thread).
import * as jpeg from 'jpeg-js';
import { existsSync } from 'node:fs';
import { encode as cborEncode, decode as cborDecode } from 'cbor-x';
import { SimCamera, SimScanner, simPointCloud, rosbridgeJsonReplacer, type SimGrid } from '../../src/sim/sensors';
import { decodePointCloud2, makePointCloud2, type PointCloud2Msg } from '../../src/features/sensors/points/pointCloud2';
import { rawImageToRgba } from '../../src/features/sensors/camera/rawImage';
import { bytes as normalizeBytes } from '../../src/ros/messageNormalizers';

function timeIt(fn: () => void, minMs = 400, minRuns = 3): number {
  fn(); // warm-up
  let runs = 0;
  const t0 = performance.now();
  while (runs < minRuns || performance.now() - t0 < minMs) {
    fn();
    runs++;
  }
  return (performance.now() - t0) / runs;
}

const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

export async function runSensorsBench(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};

  // JPEG 640x480: a realistic picture from the simulated camera.
  const cam = new SimCamera({ width: 640, height: 480, quality: 60 });
  const pose = { x: 1, y: 2, yaw: 0.4 };
  let t = Date.now();
  const encMs = timeIt(() => void cam.frame(pose, (t += 66)));
  out['sim_camera_640x480_encode_ms'] = round(encMs);
  const frame = cam.frame(pose, t);
  const decMs = timeIt(() => void jpeg.decode(frame.data, { useTArray: true, formatAsRGBA: true }));
  out['jpeg_640x480_decode_fps_jpegjs_proxy'] = round(1000 / decMs, 1);
  out['jpeg_640x480_bytes'] = frame.data.length;

  const native = await chromiumJpegFps(frame.data);
  if (native !== undefined) out['jpeg_640x480_decode_fps_chromium_createImageBitmap'] = round(native, 1);

  // Raw 640x480 rgb8 -> RGBA (what the raw-image worker does per frame).
  const rgb = new Uint8Array(640 * 480 * 3).map((_, i) => i & 255);
  out['raw_rgb8_640x480_to_rgba_ms'] = round(
    timeIt(() => void rawImageToRgba({ width: 640, height: 480, encoding: 'rgb8', step: 1920, data: rgb })),
  );
  const depth = new Uint8Array(640 * 480 * 2).map((_, i) => (i * 7) & 255);
  out['raw_16UC1_640x480_to_rgba_ms'] = round(
    timeIt(() => void rawImageToRgba({ width: 640, height: 480, encoding: '16UC1', step: 1280, data: depth })),
  );

  // PointCloud2, 300,000 points (x,y,z,intensity float32), as JSON (base64) and as CBOR (Uint8Array).
  const N = 300_000;
  const xyz = new Float32Array(N * 3);
  const inten = new Float32Array(N);
  for (let i = 0; i < N; i++) {
    xyz[i * 3] = Math.cos(i) * 5;
    xyz[i * 3 + 1] = Math.sin(i) * 5;
    xyz[i * 3 + 2] = (i % 100) / 50;
    inten[i] = i % 255;
  }
  const cloud = makePointCloud2(xyz, { intensity: inten });
  const jsonText = JSON.stringify({ op: 'publish', topic: '/points', msg: cloud }, rosbridgeJsonReplacer);
  const cborBytes = cborEncode({ op: 'publish', topic: '/points', msg: cloud });
  out['cloud_300k_json_bytes'] = jsonText.length;
  out['cloud_300k_cbor_bytes'] = cborBytes.length;
  const full = { maxPoints: N };
  out['cloud_300k_from_json_base64_ms'] = round(
    timeIt(() => {
      const m = (JSON.parse(jsonText) as { msg: PointCloud2Msg }).msg;
      m.data = normalizeBytes(m.data);
      decodePointCloud2(m, full);
    }),
  );
  out['cloud_300k_from_cbor_ms'] = round(
    timeIt(() => {
      const m = (cborDecode(cborBytes) as { msg: PointCloud2Msg }).msg;
      decodePointCloud2(m, full);
    }),
  );
  out['cloud_300k_decode_only_ms'] = round(timeIt(() => void decodePointCloud2(cloud, full)));
  out['cloud_300k_capped_200k_ms'] = round(timeIt(() => void decodePointCloud2(cloud)));
  // A 50 MB cloud (3.3 M points) subsampled to the default cap: must not freeze the page (target < 500 ms).
  const big = Math.ceil((50 * 1024 * 1024) / 16);
  const bigCloud = {
    ...makePointCloud2(new Float32Array(3), { intensity: [1] }),
    width: big,
    row_step: big * 16,
    data: new Uint8Array(big * 16),
  };
  out['cloud_50MB_capped_200k_ms'] = round(timeIt(() => void decodePointCloud2(bigCloud)));

  // Simulated scan / cloud from a 20 m x 20 m site at 5 cm.
  const W = 400;
  const data = new Int8Array(W * W);
  for (let i = 0; i < W; i++) data[i] = data[(W - 1) * W + i] = data[i * W] = data[i * W + W - 1] = 100;
  const grid: SimGrid = { info: { resolution: 0.05, width: W, height: W, origin: { position: { x: -10, y: -10 } } }, data };
  const scanner = new SimScanner();
  out['sim_scan_360_rays_ms'] = round(
    timeIt(() => void scanner.scan(pose, t, grid)),
    3,
  );
  const scan = scanner.scan(pose, t, grid);
  out['sim_cloud_ms'] = round(
    timeIt(() => void simPointCloud(scan, t)),
    3,
  );
  return out;
}

/**
 * The real thing, when a Chromium is at hand (CHROMIUM_PATH or /usr/bin/chromium): createImageBitmap decodes
 * per second, sequentially, in a headless page. Skipped (undefined) otherwise.
 */
async function chromiumJpegFps(bytes: Uint8Array): Promise<number | undefined> {
  const exe = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(exe)) return undefined;
  try {
    const { chromium } = await import('@playwright/test');
    const browser = await chromium.launch({ executablePath: exe, args: ['--no-sandbox', '--headless'] });
    try {
      const page = await browser.newPage();
      // A string, not a function: tsx's transpiled functions reference helpers that do not exist in the page.
      const script = `(async () => {
        const data = Uint8Array.from(atob(${JSON.stringify(Buffer.from(bytes).toString('base64'))}), (c) => c.charCodeAt(0));
        const decodeOnce = async () => (await createImageBitmap(new Blob([data], { type: 'image/jpeg' }))).close();
        for (let i = 0; i < 5; i++) await decodeOnce();
        const n = 60;
        const t0 = performance.now();
        for (let i = 0; i < n; i++) await decodeOnce();
        return (n * 1000) / (performance.now() - t0);
      })()`;
      return (await page.evaluate(script)) as number;
    } finally {
      await browser.close();
    }
  } catch (err) {
    console.warn(`sensors bench: Chromium JPEG decode skipped: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    return undefined;
  }
}

// `npx tsx test/bench/sensors.bench.ts` prints the figures on its own.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '\0')) {
  void runSensorsBench().then((r) => console.table(r));
}
