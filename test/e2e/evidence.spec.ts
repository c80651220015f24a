// Evidence holds everything, end to end: while the simulated robot streams camera and scan and the operator
// drives it (teleop, held W), an incident is made; its clip is exported in a dataset bundle and read back with
// @mcap/core: the camera (still JPEG), the scan, /tf and the console's own /cmd_vel (publisher=console) are
// there, every message at its own time inside the window (latched state listed in the metadata), the incident
// as metadata and the screenshot as an attachment; the review panel shows what the ring holds against its budget.
import { expect, test, type Page } from '@playwright/test';
import { McapIndexedReader, TempBuffer } from '@mcap/core';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decompressHandlers } from '../../src/features/incidents/clipCompression';
import { readTar } from '../../src/features/incidents/tar';
import type { SimRobot } from '../../src/sim/fleet';
import { simFleetForSpec } from './simFleet';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-results');

const sim = simFleetForSpec();
let robot: SimRobot;
test.beforeAll(() => {
  robot = sim.robot;
});
test.beforeEach(() => {
  mkdirSync(SHOTS, { recursive: true });
});

async function tab(page: Page, id: string): Promise<void> {
  await page.getByTestId(`tab-${id}`).click();
}

/** Takes control in the teleop tab (the keys drive from any tab once it is ours). */
async function takeControl(page: Page): Promise<void> {
  await tab(page, 'teleop');
  await expect(page.getByTestId('teleop-holder')).toHaveAttribute('data-known', 'true', { timeout: 20_000 });
  await page.getByTestId('teleop-take-control').click();
  await expect(page.getByTestId('teleop-holder')).toHaveAttribute('data-mine', 'true', { timeout: 10_000 });
  const driveButton = page.getByTestId('teleop-drive');
  if (await driveButton.count()) await driveButton.click();
}

/** Holds W for a second and checks the robot was told to move. */
async function drive(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const before = robot.motionLog.length;
  await page.keyboard.down('w');
  await page.waitForTimeout(1200);
  await page.keyboard.up('w');
  await expect.poll(() => robot.motionLog.slice(before).some((m) => m.linear.x > 0)).toBe(true);
}

async function exportedClip(page: Page): Promise<Uint8Array> {
  await page.getByRole('button', { name: /Select all shown/ }).click();
  const downloadP = page.waitForEvent('download');
  await page.getByTestId('review-export').click();
  const path = await (await downloadP).path();
  const entries = readTar(new Uint8Array(readFileSync(path)));
  const clip = entries.find((e) => e.name.startsWith('clips/'));
  expect(clip, 'the bundle carries the clip').toBeTruthy();
  return clip!.data;
}

test('an incident while the robot streams and is driven: the clip holds camera, scan, /tf and the console /cmd_vel', async ({ page }) => {
  test.setTimeout(360_000); // software 3D, camera decoding and a 30 s clip window on a shared machine
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    localStorage.setItem('operator-console.operator', 'E2E Operator');
    localStorage.setItem('operator-console.operatorName', 'E2E Operator');
  });
  await page.goto(`./?robot=${encodeURIComponent(robot.url)}`);
  await page.getByText(robot.name).first().click();
  await page.waitForFunction((id) => !!window.__scene?.robotScreenPosition(id), robot.url, { timeout: 30_000 });
  await takeControl(page);
  // The camera panel subscribes to the camera: the ring records it because the console receives it.
  await tab(page, 'camera');
  // Frames arriving is what counts here (on a loaded machine the panel may still mark them late).
  const view = page.getByTestId('camera-view').first();
  await expect.poll(async () => Number(await view.getAttribute('data-rx-hz')), { timeout: 30_000 }).toBeGreaterThan(0);
  await drive(page);
  await page.keyboard.press('i');
  const form = page.getByTestId('incident-form');
  await expect(form).toBeVisible();
  await page.keyboard.press('4');
  await page.keyboard.press('3');
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();

  await tab(page, 'review');
  const item = page.getByTestId('review-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('clip saved', { timeout: 30_000 });
  const holding = page.getByTestId('evidence-holding').locator('li').first();
  await expect(holding).toContainText('of 128 MiB');
  expect(Number(await holding.getAttribute('data-held-bytes'))).toBeGreaterThan(100_000);
  await page.screenshot({ path: join(SHOTS, 'evidence-review.png') });

  const bytes = await exportedClip(page);
  const reader = await McapIndexedReader.Initialize({ readable: new TempBuffer(bytes), decompressHandlers });
  expect(reader.chunkIndexes.some((c) => c.compression === 'lz4')).toBe(true);
  const meta: Record<string, Map<string, string>> = {};
  for await (const md of reader.readMetadata()) meta[md.name] = md.metadata;
  const start = Number(meta.clip!.get('window_start_ms'));
  const end = Number(meta.clip!.get('window_end_ms'));
  const at = Number(meta.incident!.get('at'));
  expect(end - start).toBe(30_000);
  expect(at - start).toBe(20_000);
  expect(meta.incident!.get('category')).toBe('path blocked');
  const latched = meta.latched ?? new Map<string, string>();

  const byTopic = new Map<string, { times: number[]; console: boolean; first?: Uint8Array }>();
  let forward = 0; // the console's /cmd_vel with linear.x > 0 (ROS 1 Twist: linear.x is the first float64)
  for await (const m of reader.readMessages()) {
    const ch = reader.channelsById.get(m.channelId)!;
    const key = ch.metadata.get('publisher') === 'console' ? `${ch.topic} (console)` : ch.topic;
    const e = byTopic.get(key) ?? { times: [], console: ch.metadata.get('publisher') === 'console', first: m.data };
    const t = Number(m.logTime / 1_000_000n);
    e.times.push(t);
    byTopic.set(key, e);
    if (key === '/cmd_vel (console)' && new DataView(m.data.buffer, m.data.byteOffset, 8).getFloat64(0, true) > 0) forward++;
    if (latched.has(ch.topic)) expect(t).toBe(Number(latched.get(ch.topic)));
    else expect(t >= start && t <= end, `${ch.topic} at ${t} inside [${start}, ${end}]`).toBe(true);
  }
  const topics = [...byTopic.keys()];
  console.log(
    'clip topics:',
    topics.map((t) => `${t}:${byTopic.get(t)!.times.length}`).join(' '),
    'latched:',
    [...latched.keys()].join(' '),
  );
  for (const t of ['/camera/image_raw/compressed', '/scan', '/tf', '/cmd_vel (console)']) expect(topics).toContain(t);
  // Times are the messages' own: a 10 Hz scan spreads over the window, in order, not one re-stamped instant
  // (frames handled in one busy turn of a loaded page may share a millisecond).
  const scans = byTopic.get('/scan')!.times;
  expect(scans.every((t, i) => i === 0 || t >= scans[i - 1]!)).toBe(true);
  expect(new Set(scans).size).toBeGreaterThan(20);
  expect(scans[scans.length - 1]! - scans[0]!).toBeGreaterThan(5000);
  // The console drove before the instant: its /cmd_vel lies before `at`.
  expect(byTopic.get('/cmd_vel (console)')!.times.some((t) => t < at)).toBe(true);
  expect(forward, 'the operator driving forward is in the clip').toBeGreaterThan(3);
  // The camera frames are the JPEGs as they arrived (ROS 1 CompressedImage: header, format, then the bytes).
  const cam = byTopic.get('/camera/image_raw/compressed')!.first!;
  expect(Buffer.from(cam).includes(Buffer.from([0xff, 0xd8, 0xff])), 'JPEG data in the camera message').toBe(true);
  const attachments = [];
  for await (const a of reader.readAttachments()) attachments.push(a);
  expect(attachments.map((a) => a.mediaType)).toContain('image/png');
  expect(errors).toEqual([]);
});
