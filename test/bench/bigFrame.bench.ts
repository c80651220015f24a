// The longest UI-thread block while a 10 MB /map frame arrives, in Debian's Chromium running the built
// console: once with the link decoding in its Web Worker (the default) and once decoding on the UI thread
// (`?link=inline`), in one run, so the two figures compare. Long tasks come from PerformanceObserver.
// The figure includes everything the page does with the map (the scene turns it into a texture too). Then the
// map, a 300k-point cloud and a 1080p camera frame arrive together, with the camera panel open.
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { preview } from 'vite';
import { WebSocketServer } from 'ws';
import { makePointCloud2 } from '../../src/features/sensors/points/pointCloud2';
import { encodeJpeg } from '../../src/sim/jpegEncoder';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
/**
 * The same browser compositing the page with SwiftShader too, as Chromium does on a machine with a GPU. With
 * --disable-gpu (above; what a laptop whose GPU the browser blocks gets) the page is composited in software and
 * the WebGL canvas is read back on the UI thread every frame (glReadPixels): that wait is the GPU process
 * finishing the frame, and it lands in the longest block.
 */
export const CHROMIUM_ARGS_GPU_COMPOSITED = CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu');

/** The built console (dist/) served on a free loopback port, for a browser section of the bench. */
export async function previewBuilt(): Promise<{ server: Awaited<ReturnType<typeof preview>>; pageUrl: string }> {
  const server = await preview({
    root: path.join(ROOT, 'src'),
    configFile: path.join(ROOT, 'vite.config.ts'),
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
    logLevel: 'silent',
  });
  return { server, pageUrl: server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/' };
}

/** A ~10 MB JSON publish frame of a nav_msgs/OccupancyGrid, written the way rosbridge writes it. */
export function bigMapFrame(targetBytes = 10_000_000): string {
  const side = Math.floor(Math.sqrt(targetBytes / 2.2));
  const data = new Array<number>(side * side);
  for (let i = 0; i < data.length; i++) data[i] = i % side < 3 || i % 97 === 0 ? 100 : i % 13 === 0 ? -1 : 0;
  const msg = {
    header: { seq: 1, stamp: { secs: 1, nsecs: 0 }, frame_id: 'map' },
    info: {
      map_load_time: { secs: 1, nsecs: 0 },
      resolution: 0.05000000074505806,
      width: side,
      height: side,
      origin: { position: { x: -side * 0.025, y: -side * 0.025, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
    },
    data,
  };
  return JSON.stringify({ op: 'publish', topic: '/map', msg }).replace(/\//g, '\\/');
}

/** A 300,000-point PointCloud2 (x, y, z, intensity) publish frame in JSON (base64 data), ~6.4 MB. */
export function bigCloudFrame(points = 300_000): string {
  const xyz = new Float32Array(points * 3);
  for (let i = 0; i < points; i++) {
    xyz[i * 3] = Math.cos(i) * (i % 1000) * 0.01;
    xyz[i * 3 + 1] = Math.sin(i) * (i % 1000) * 0.01;
    xyz[i * 3 + 2] = (i % 100) / 50;
  }
  const msg = makePointCloud2(xyz, { frameId: 'map', intensity: Float32Array.from({ length: points }, (_, i) => i % 255) });
  return JSON.stringify({ op: 'publish', topic: '/points', msg: { ...msg, data: Buffer.from(msg.data).toString('base64') } });
}

export const CAMERA_TOPIC = '/camera/image_raw/compressed';

/** One 1920x1080 sensor_msgs/CompressedImage (JPEG of a busy pattern, base64 in JSON, as rosbridge sends it). */
export function camera1080Frame(): string {
  const w = 1920;
  const h = 1080;
  const rgba = new Uint8Array(w * h * 4);
  for (let y = 0, i = 0; y < h; y++)
    for (let x = 0; x < w; x++, i += 4) {
      rgba[i] = (x * 7 + y * 3) & 0xff;
      rgba[i + 1] = ((x ^ y) * 5) & 0xff;
      rgba[i + 2] = (x * y) & 0xff;
      rgba[i + 3] = 255;
    }
  const data = Buffer.from(encodeJpeg(rgba, w, h, 85)).toString('base64');
  const msg = { header: { seq: 1, stamp: { secs: 1, nsecs: 0 }, frame_id: 'camera' }, format: 'jpeg', data };
  return JSON.stringify({ op: 'publish', topic: CAMERA_TOPIC, msg });
}

/** rosapi answers of a robot with a map and a camera (so the console's camera panel finds the camera). */
function rosapiValues(service: string | undefined): object | undefined {
  if (service === '/rosapi/topics')
    return {
      topics: ['/map', '/points', CAMERA_TOPIC],
      types: ['nav_msgs/OccupancyGrid', 'sensor_msgs/PointCloud2', 'sensor_msgs/CompressedImage'],
    };
  if (service === '/rosapi/services') return { services: ['/rosapi/topics'] };
  if (service === '/rosapi/get_param_names') return { names: [] };
  return undefined;
}

/**
 * The longest UI-thread block after the frames were sent, and in the same page's seconds before (nothing big
 * arriving). `ms` is the Long Tasks API's (it reports only tasks of 50 ms or more: 0 means none that long);
 * `waitMs` is the longest a queued timer task waited (a setTimeout chain in the page, ±4 ms: the browser clamps
 * chained timers to 4 ms), which sees blocks under 50 ms too, and time lost to tasks back to back. `longTasks`
 * counts the tasks of 50 ms or more after the frames were sent and `blockingMs` is their total blocking time
 * (what each took over 50 ms, summed: Lighthouse's TBT), so several long frames in a row show even when the
 * longest is short.
 */
export interface Longest {
  ms: number;
  baselineMs: number;
  waitMs: number;
  baselineWaitMs: number;
  longTasks: number;
  blockingMs: number;
}
const BASELINE_MS = 4000;

/** The Long Tasks observer and the timer probe (see Longest), installed before the console's own scripts. */
export async function installProbes(page: Page): Promise<void> {
  // tsx names the functions passed to the page with a helper that only exists in Node.
  await page.addInitScript('globalThis.__name = (f) => f;');
  await page.addInitScript(() => {
    const w = window as unknown as { __longtasks: { start: number; duration: number }[] };
    w.__longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longtasks.push({ start: performance.timeOrigin + e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // The timer probe: each run schedules the next; a gap well over the 4 ms clamp is time the thread was taken.
    const g = window as unknown as { __waits: { start: number; duration: number }[] };
    g.__waits = [];
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      if (now - last > 8) g.__waits.push({ start: performance.timeOrigin + last, duration: now - last });
      last = now;
      setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
  });
}

export async function readLongest(page: Page, sentAt: number, subscribedAt: number): Promise<Longest> {
  type Span = { start: number; duration: number };
  const { tasks, waits } = await page.evaluate(() => {
    const w = window as unknown as { __longtasks: Span[]; __waits: Span[] };
    return { tasks: w.__longtasks, waits: w.__waits };
  });
  const longest = (spans: Span[], from: number, to: number) =>
    spans.filter((t) => t.start + t.duration >= from && t.start < to).reduce((m, t) => Math.max(m, t.duration), 0);
  const [from, base] = [sentAt - 5, subscribedAt + 1000];
  const after = tasks.filter((t) => t.start + t.duration >= from);
  return {
    longTasks: after.length,
    blockingMs: after.reduce((sum, t) => sum + Math.max(0, t.duration - 50), 0),
    ms: longest(tasks, from, Infinity),
    baselineMs: longest(tasks, base, from),
    waitMs: longest(waits, from, Infinity),
    baselineWaitMs: longest(waits, base, from),
  };
}

async function measure(
  frames: string[],
  linkMode: 'worker' | 'inline',
  pageUrl: string,
  wsPort: number,
  wss: WebSocketServer,
  withCamera = false,
  args: readonly string[] = CHROMIUM_ARGS,
): Promise<Longest> {
  let sentAt = 0;
  let subscribedAt = 0;
  const subscribed = new Set<string>();
  const onConn = (ws: import('ws').WebSocket) => {
    ws.on('message', (raw) => {
      let m: { op?: string; topic?: string; id?: string; service?: string };
      try {
        m = JSON.parse(String(raw));
      } catch {
        return;
      }
      if (m.op === 'subscribe' && m.topic) subscribed.add(m.topic);
      const ready = subscribed.has('/map') && (!withCamera || subscribed.has(CAMERA_TOPIC));
      if (m.op === 'subscribe' && ready && !sentAt) {
        sentAt = -1;
        subscribedAt = Date.now();
        setTimeout(() => {
          sentAt = Date.now();
          for (const f of frames) ws.send(f);
        }, BASELINE_MS + 1000);
      } else if (m.op === 'call_service') {
        const values = rosapiValues(m.service);
        ws.send(
          JSON.stringify({
            op: 'service_response',
            id: m.id,
            service: m.service,
            result: values !== undefined,
            values: values ?? 'not served by the bench',
          }),
        );
      }
    });
  };
  wss.on('connection', onConn);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...args] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await installProbes(page);
    await page.goto(`${pageUrl}?robot=ws://127.0.0.1:${wsPort}&link=${linkMode}`);
    if (withCamera) {
      // The camera panel subscribes to the robot's camera once the robot is selected and its tab shown.
      await page.getByTestId('robot-card').first().click({ timeout: 20_000 });
      const tab = page.locator('[data-testid="tab-camera"], [data-testid="tab-cameras"]');
      if (await tab.count()) await tab.first().click();
    }
    const t0 = Date.now();
    while (sentAt <= 0 && Date.now() - t0 < 30_000) await page.waitForTimeout(100);
    if (sentAt <= 0) throw new Error(`the console never subscribed to /map${withCamera ? ` and ${CAMERA_TOPIC}` : ''}`);
    await page.waitForTimeout(6000);
    return await readLongest(page, sentAt, subscribedAt);
  } finally {
    await browser.close();
    wss.off('connection', onConn);
    for (const c of wss.clients) c.terminate();
  }
}

export async function runBigFrameBench(): Promise<{
  frameMb: number;
  workerLongest: Longest;
  inlineLongest: Longest;
  withCloudMb: number;
  withCloudLongest: Longest;
  allThreeMb: number;
  allThreeLongest: Longest;
  gpuCompositedLongest: Longest;
}> {
  const frame = bigMapFrame();
  const cloud = bigCloudFrame();
  const camera = camera1080Frame();
  const { server, pageUrl } = await previewBuilt();
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 * 1024 });
  await new Promise((r) => wss.once('listening', r));
  const wsPort = (wss.address() as AddressInfo).port;
  try {
    const workerLongest = await measure([frame], 'worker', pageUrl, wsPort, wss);
    const inlineLongest = await measure([frame], 'inline', pageUrl, wsPort, wss);
    const withCloudLongest = await measure([frame, cloud], 'worker', pageUrl, wsPort, wss);
    const allThreeLongest = await measure([frame, cloud, camera], 'worker', pageUrl, wsPort, wss, true);
    const gpuCompositedLongest = await measure([frame], 'worker', pageUrl, wsPort, wss, false, CHROMIUM_ARGS_GPU_COMPOSITED);
    return {
      frameMb: frame.length / 1e6,
      workerLongest,
      inlineLongest,
      withCloudMb: (frame.length + cloud.length) / 1e6,
      withCloudLongest,
      allThreeMb: (frame.length + cloud.length + camera.length) / 1e6,
      allThreeLongest,
      gpuCompositedLongest,
    };
  } finally {
    wss.close();
    await server.close();
  }
}
