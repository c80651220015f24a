// The longest UI-thread block while a 10 MB /map frame arrives, in Debian's Chromium running the built
// console: once with the link decoding in its Web Worker (the default) and once decoding on the UI thread
// (`?link=inline`), in one run, so the two figures compare. Long tasks come from PerformanceObserver.
// The figure includes everything the page does with the map (the scene turns it into a texture too).
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { WebSocketServer } from 'ws';
import { makePointCloud2 } from '../../src/features/sensors/points/pointCloud2';

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

async function measure(
  frames: string[],
  linkMode: 'worker' | 'inline',
  pageUrl: string,
  wsPort: number,
  wss: WebSocketServer,
): Promise<number> {
  let sentAt = 0;
  const onConn = (ws: import('ws').WebSocket) => {
    ws.on('message', (raw) => {
      let m: { op?: string; topic?: string; id?: string; service?: string };
      try {
        m = JSON.parse(String(raw));
      } catch {
        return;
      }
      if (m.op === 'subscribe' && m.topic === '/map' && !sentAt) {
        setTimeout(() => {
          sentAt = Date.now();
          for (const f of frames) ws.send(f);
        }, 2000);
      } else if (m.op === 'call_service') {
        ws.send(JSON.stringify({ op: 'service_response', id: m.id, service: m.service, result: false, values: 'not served by the bench' }));
      }
    });
  };
  wss.on('connection', onConn);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(() => {
      const w = window as unknown as { __longtasks: { start: number; duration: number }[] };
      w.__longtasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longtasks.push({ start: performance.timeOrigin + e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${pageUrl}?robot=ws://127.0.0.1:${wsPort}&link=${linkMode}`);
    const t0 = Date.now();
    while (!sentAt && Date.now() - t0 < 20_000) await page.waitForTimeout(100);
    if (!sentAt) throw new Error('the console never subscribed to /map');
    await page.waitForTimeout(6000);
    const tasks = await page.evaluate(() => (window as unknown as { __longtasks: { start: number; duration: number }[] }).__longtasks);
    const after = tasks.filter((t) => t.start + t.duration >= sentAt - 5);
    return after.reduce((m, t) => Math.max(m, t.duration), 0);
  } finally {
    await browser.close();
    wss.off('connection', onConn);
    for (const c of wss.clients) c.terminate();
  }
}

export async function runBigFrameBench(): Promise<{
  frameMb: number;
  workerLongestMs: number;
  inlineLongestMs: number;
  withCloudMb: number;
  withCloudLongestMs: number;
}> {
  const frame = bigMapFrame();
  const cloud = bigCloudFrame();
  const server = await preview({
    root: path.join(ROOT, 'src'),
    configFile: path.join(ROOT, 'vite.config.ts'),
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
    logLevel: 'silent',
  });
  const pageUrl = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 * 1024 });
  await new Promise((r) => wss.once('listening', r));
  const wsPort = (wss.address() as AddressInfo).port;
  try {
    const workerLongestMs = await measure([frame], 'worker', pageUrl, wsPort, wss);
    const inlineLongestMs = await measure([frame], 'inline', pageUrl, wsPort, wss);
    const withCloudLongestMs = await measure([frame, cloud], 'worker', pageUrl, wsPort, wss);
    return {
      frameMb: frame.length / 1e6,
      workerLongestMs,
      inlineLongestMs,
      withCloudMb: (frame.length + cloud.length) / 1e6,
      withCloudLongestMs,
    };
  } finally {
    wss.close();
    await server.close();
  }
}
