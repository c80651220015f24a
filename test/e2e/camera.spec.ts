// Sensors for the person driving, against one simulated robot:
//  - the camera panel shows frames that change (two screenshots of the canvas differ), with age and fps;
//  - when the simulator stops, the picture is marked STALE instead of being shown as live;
//  - the laser scan, drawn in 3D via TF, lies on the site map's walls.
// Needs: CameraPanel mounted for the selected robot (side panel), LaserScanLayer mounted in the scene with the
// scene's TF lookup, and src/sim/sensors.ts wired into the simulated robot (/camera/image_raw/compressed,
// /scan, /points). Uses window.__sensors (read-only test instrumentation, src/features/sensors/points/LaserScanLayer.tsx).
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFleet, type SimFleet } from '../../src/sim/fleet';
import { cellAt } from '../../src/sim/siteMap';
import { SimCamera } from '../../src/sim/sensors';
import WebSocket from 'ws';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');

declare global {
  interface Window {
    __sensors?: { points(kind: 'scan' | 'cloud', robotId: string, topic?: string): number[] };
  }
}

let fleet: SimFleet | undefined;

test.beforeEach(({}, info) => {
  // Safe: skipped only in the Electron project, which exists only where an Electron binary does (the config
  // prints a loud SKIPPED line otherwise); these specs start their own simulated robots at run time.
  test.skip(info.project.name === 'electron', 'browser project only (robots given as ?robot=)'); // safe: Electron project only (see comment above)
  mkdirSync(SHOTS, { recursive: true });
});

test.afterEach(async () => {
  await fleet?.stop();
  fleet = undefined;
});

async function openRobot(page: Page, url: string): Promise<void> {
  await page.goto('./?robot=' + encodeURIComponent(url));
  const card = page.getByTestId('robot-card');
  await expect(card.first())
    .toBeVisible({ timeout: 15_000 })
    .catch(() => undefined);
  if (await card.count()) await card.first().click();
  // The panel may sit in a tab of its own: open a camera tab if there is one.
  const tab = page.locator('[data-testid="tab-camera"], [data-testid="tab-cameras"]');
  if (await tab.count()) await tab.first().click();
  await expect(page.getByTestId('camera-panel').first()).toBeVisible({ timeout: 15_000 });
}

test('the camera panel shows live, changing frames and marks them STALE when the robot stops', async ({ page }) => {
  fleet = await startFleet({ robots: 1, basePort: 0 });
  const url = fleet.robots[0].url;
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openRobot(page, url);

  const view = page.getByTestId('camera-view').first();
  await expect(view).toBeVisible({ timeout: 20_000 });
  await expect(view.getByTestId('camera-age')).toBeVisible({ timeout: 20_000 });
  await expect(view).toHaveAttribute('data-stale', 'false', { timeout: 10_000 });
  const canvas = view.getByTestId('camera-canvas');
  // The simulated camera is 640x480.
  await expect.poll(() => canvas.evaluate((c: HTMLCanvasElement) => `${c.width}x${c.height}`)).toBe('640x480');

  // Compare the canvas pixels themselves (an element screenshot would include the overlay, whose age text
  // changes on its own).
  const pixels = () => canvas.evaluate((c: HTMLCanvasElement) => c.toDataURL('image/png'));
  await canvas.screenshot({ path: join(SHOTS, 'camera-live-a.png') });
  const a = await pixels();
  await page.waitForTimeout(400);
  await canvas.screenshot({ path: join(SHOTS, 'camera-live-b.png') });
  const b = await pixels();
  expect(a).not.toBe(b);
  // The frame rate shown is a real rate (side panel asks the server for at most 10 Hz).
  const fps = await view.getByTestId('camera-fps').innerText();
  expect(Number(fps.replace(/[^\d.]/g, ''))).toBeGreaterThan(0.5);
  // Snapshot: without an onSnapshot taker the PNG is downloaded.
  const [download] = await Promise.all([page.waitForEvent('download'), view.getByTestId('camera-snapshot').click()]);
  expect(download.suggestedFilename()).toMatch(/\.png$/);

  // Stop the robot: the last picture stays, marked STALE within about the threshold (1 s).
  await fleet.stop();
  fleet = undefined;
  await expect(view).toHaveAttribute('data-stale', 'true', { timeout: 5_000 });
  await expect(view.getByTestId('camera-stale')).toBeVisible();
  await page.screenshot({ path: join(SHOTS, 'camera-stale.png') });
  // The last good frame stays on screen.
  const c = await pixels();
  await page.waitForTimeout(500);
  expect(await pixels()).toBe(c);
  expect(errors).toEqual([]);
});

test('the laser scan outlines the walls of the site map in 3D', async ({ page }) => {
  fleet = await startFleet({ robots: 1, basePort: 0 });
  const url = fleet.robots[0].url;
  await page.goto('./?robot=' + encodeURIComponent(url));
  await expect(page.getByTestId('scene-view')).toBeVisible({ timeout: 20_000 });
  await page.waitForFunction((id) => (window.__sensors?.points('scan', id).length ?? 0) > 3 * 100, url, { timeout: 30_000 });
  const pts = await page.evaluate((id) => window.__sensors!.points('scan', id), url);
  // Every point should sit on (or within one 10 cm cell of) an occupied cell of the site map.
  let onWall = 0;
  const n = pts.length / 3;
  for (let i = 0; i < n; i++) {
    const x = pts[i * 3];
    const y = pts[i * 3 + 1];
    let hit = false;
    for (let dx = -0.1; dx <= 0.1 && !hit; dx += 0.1) for (let dy = -0.1; dy <= 0.1 && !hit; dy += 0.1) hit = cellAt(x + dx, y + dy) >= 50;
    if (hit) onWall++;
  }
  expect(onWall / n).toBeGreaterThan(0.9);
  await page.screenshot({ path: join(SHOTS, 'scan-3d.png') });
});

/** A rosbridge client that advertises and publishes test images to the simulated robot. */
async function publisher(url: string) {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const send = (o: object) => ws.send(JSON.stringify(o));
  return {
    advertise: (topic: string, type: string) => send({ op: 'advertise', topic, type }),
    publish: (topic: string, msg: object) => send({ op: 'publish', topic, msg }),
    close: () => ws.close(),
  };
}

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const header = () => {
  const ms = Date.now();
  return { seq: 0, stamp: { secs: Math.floor(ms / 1000), nsecs: (ms % 1000) * 1e6 }, frame_id: 'cam' };
};

test('bad images give a clear message and keep the last good frame', async ({ page }) => {
  fleet = await startFleet({ robots: 1, basePort: 0 });
  const url = fleet.robots[0].url;
  const pub = await publisher(url);
  pub.advertise('/test/compressed', 'sensor_msgs/CompressedImage');
  pub.advertise('/test/raw', 'sensor_msgs/Image');
  const good = new SimCamera({ width: 320, height: 240 }).frame({ x: 0, y: 0, yaw: 0 }, Date.now());
  // 200x120 rgb8 = 72,000 bytes: large enough to be converted in the raw-image worker.
  const rgb = new Uint8Array(200 * 120 * 3).map((_, i) => (i % 3 === 0 ? 220 : (i * 7) & 255));
  const goodRaw = { height: 120, width: 200, encoding: 'rgb8', is_bigendian: 0, step: 600, data: b64(rgb) };
  let phase: 'good' | 'bad' = 'good';
  const timer = setInterval(() => {
    if (phase === 'good') {
      pub.publish('/test/compressed', { header: header(), format: 'jpeg', data: b64(good.data) });
      pub.publish('/test/raw', { header: header(), ...goodRaw });
    } else {
      const corrupt = new Uint8Array(400).map((_, i) => (i < 4 ? [0xff, 0xd8, 0xff, 0xe0][i]! : (i * 37) & 255));
      pub.publish('/test/compressed', { header: header(), format: 'jpeg', data: b64(corrupt) });
      pub.publish('/test/raw', { header: header(), ...goodRaw, data: b64(rgb.subarray(0, 100)) });
    }
  }, 150);
  try {
    await openRobot(page, url);
    for (const topic of ['/test/compressed', '/test/raw']) {
      await page.getByTestId('camera-chip').filter({ hasText: topic }).click({ timeout: 20_000 });
    }
    const views = ['/test/compressed', '/test/raw'].map((tp) => page.locator(`[data-testid="camera-view"][data-topic="${tp}"]`));
    for (const v of views) await expect(v.getByTestId('camera-age')).toBeVisible({ timeout: 20_000 });
    const pixels = (i: number) => views[i]!.getByTestId('camera-canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL('image/png'));
    const before = [await pixels(0), await pixels(1)];
    phase = 'bad';
    await expect(views[0]!.getByTestId('camera-error')).toContainText(/could not be decoded|无法解码/, { timeout: 10_000 });
    await expect(views[1]!.getByTestId('camera-error')).toContainText('100', { timeout: 10_000 });
    await expect(views[1]!.getByTestId('camera-error')).toContainText(/72,?000/);
    expect([await pixels(0), await pixels(1)]).toEqual(before);
    await page.screenshot({ path: join(SHOTS, 'camera-bad-input.png') });
    // The page still answers (nothing froze) and recovers on the next good frame.
    phase = 'good';
    await expect(views[0]!.getByTestId('camera-error')).toHaveCount(0, { timeout: 10_000 });
    await expect(views[1]!.getByTestId('camera-error')).toHaveCount(0, { timeout: 10_000 });
  } finally {
    clearInterval(timer);
    pub.close();
  }
});
