// A 10 MB /map arrives while a robot walks: the map is decoded in a preparation worker and uploaded strip by
// strip, so the view keeps drawing and the robot keeps moving on screen. Software rendering (SwiftShader) on a
// shared machine: the bounds are generous; the figures belong to `npm run bench`.
// Uses window.__scene (read-only test instrumentation, see src/scene/SceneInstruments.tsx).
import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFleet, type SimFleet } from '../../src/sim/fleet';
import { frameSummary, openTopDown, sampleFrames } from './frameWatch';

const SHOTS = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
/**
 * Longest a frame may take, or the robot may stand still on screen, while the map comes in: this, or four times
 * the longest frame of the 5 s before the map when the shared machine is that slow already.
 */
const FROZEN_MS = 3000;

let fleet: SimFleet;

test.beforeAll(async () => {
  fleet = await startFleet({ robots: 1, basePort: 0, sensors: false });
  mkdirSync(SHOTS, { recursive: true });
});
test.afterAll(async () => {
  await fleet?.stop();
});

test.beforeEach(({}, info) => {
  // Safe: skipped only in the Electron project, which exists only where an Electron binary does (the config
  // prints a loud SKIPPED line otherwise); this spec starts its own simulated robot at run time.
  test.skip(info.project.name === 'electron', 'browser project only (robots given as ?robot=)'); // safe: Electron project only (see comment above)
});

/** A ~10 MB (as rosbridge JSON) occupancy grid around the site: walls every 4 m, unknown stripes. */
function tenMegabyteMap(): object {
  const side = 2200;
  const res = 0.05;
  const data = new Int8Array(side * side);
  for (let i = 0; i < data.length; i++) {
    const col = i % side;
    const row = (i / side) | 0;
    data[i] = col % 80 === 0 || row % 80 === 0 ? 100 : (col + row) % 50 === 0 ? -1 : 0;
  }
  return {
    header: { seq: 1, stamp: { secs: 1, nsecs: 0 }, frame_id: 'map' },
    info: {
      map_load_time: { secs: 1, nsecs: 0 },
      resolution: res,
      width: side,
      height: side,
      origin: { position: { x: -20, y: -30, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
    },
    data,
  };
}

test('a 10 MB map loads while a robot walks: no frozen frames, the robot keeps moving', async ({ page }) => {
  test.setTimeout(180_000);
  const robot = fleet.robots[0]!;
  const id = robot.url;
  const errors = await openTopDown(page, id);
  await page.waitForTimeout(2000);
  const callsBefore = await page.evaluate(() => window.__scene!.renderInfo().calls);
  // The view compiled the shaders of its kinds of object while idle (warmUp.ts): the map needs no new one.
  await expect.poll(() => page.evaluate(() => window.__scene!.renderInfo().warmedUp), { timeout: 30_000 }).toBeGreaterThan(0);
  const programsBefore = await page.evaluate(() => window.__scene!.renderInfo().programs);

  // Every frame: when it ran and where the robot was drawn; 5 s without the map, then 15 s from its sending.
  const sample = (ms: number) => sampleFrames(page, id, ms);
  const before = frameSummary(await sample(5000));
  const sampling = sample(15_000);
  await page.waitForTimeout(200);
  robot.graph.publishLatched('/map', tenMegabyteMap());
  const during = frameSummary(await sampling);
  console.log(`big map: before ${JSON.stringify(before)}; while it loads ${JSON.stringify(during)}`);
  const bound = Math.max(FROZEN_MS, 4 * before.longestFrame);
  expect(during.frames).toBeGreaterThan(5);
  expect(during.longestFrame).toBeLessThan(bound);
  expect(during.longestStill).toBeLessThan(bound);
  expect(during.travelled).toBeGreaterThan(0.2);
  // The new map is drawn: one plane per strip of rows (2200 columns, 59 rows each: 38 strips).
  await expect
    .poll(() => page.evaluate(() => window.__scene!.renderInfo().calls), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(callsBefore + 15);
  expect(await page.evaluate(() => window.__scene!.renderInfo().programs), 'shader programs compiled for the map').toBe(programsBefore);
  // Headless Chromium renders WebGL with SwiftShader: the view knows and says so in its badge.
  await expect(page.getByTestId('scene-stats')).toContainText('software rendering');
  await page.waitForTimeout(1000);
  await page.screenshot({ path: join(SHOTS, 'big-map-walking.png') });
  await page.screenshot({ path: 'test-results/big-map-walking.png' });
  expect(errors.map((e) => e.message)).toEqual([]);
});
