// A scene too heavy for the machine (5,000 markers and 300,000 points, rendered in software here) must not take
// the controls with it: the view paces its frames (framePacer.ts), says so in its badge, and E-STOP still
// answers at once — the robot is disabled within seconds of the click, not after the frames queued before it.
// The same scene also makes the view reduce its detail (detailGovernor.ts): the cloud thinned, big marker
// batches coarse, the robot's round primitives coarse, said in the badge and the cloud's legend; "Full detail"
// draws everything again.
// Software rendering (SwiftShader) on a shared machine: the bounds are generous; figures belong to the bench.
import { expect, test, type Page } from '@playwright/test';
import { makePointCloud2 } from '../../src/features/sensors/points/pointCloud2';
import { startFleet, type FleetRobot, type SimFleet } from '../../src/sim/fleet';
import { markerField } from '../support/rosMessages';

let fleet: SimFleet;
let robot: FleetRobot;

test.beforeAll(async () => {
  fleet = await startFleet({ robots: 1, basePort: 0, sensors: false });
  robot = fleet.robots[0]!;
});
test.afterAll(async () => {
  await fleet?.stop();
});
test.beforeEach(({}, info) => {
  // Safe: skipped only in the Electron project, which exists only where an Electron binary does (the config
  // prints a loud SKIPPED line otherwise); this spec starts its own simulated robot at run time.
  test.skip(info.project.name === 'electron', 'browser project only (robots given as ?robot=)'); // safe: Electron project only (see comment above)
});

function cloud(n: number) {
  const xyz = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const r = 6 * Math.sqrt((i + 0.5) / n);
    xyz[i * 3] = r * Math.cos(i * 2.399963);
    xyz[i * 3 + 1] = r * Math.sin(i * 2.399963);
    xyz[i * 3 + 2] = (i % 100) / 100;
  }
  return makePointCloud2(xyz, { frameId: 'map', stamp: { secs: 0, nsecs: 0 } });
}

/** Opens the console on the robot and waits until the robot is drawn; collects the page's errors. */
async function openRobot(page: Page): Promise<Error[]> {
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`./?robot=${encodeURIComponent(robot.url)}`);
  await page.waitForFunction((id) => !!window.__scene && window.__scene.robotWorldPosition(id) !== null, robot.url, { timeout: 60_000 });
  return errors;
}

/** 5,000 markers once and a 300,000-point cloud every second from the robot; returns the cloud's timer. */
function heavyScene(): ReturnType<typeof setInterval> {
  robot.graph.advertise(
    '/semantic_map',
    'visualization_msgs/MarkerArray',
    '/heavy',
  )(markerField(5000, { ns: 'heavy', spacing: 0.3, x0: -15, y0: -7, size: 0.2 }));
  const pubCloud = robot.graph.advertise('/points', 'sensor_msgs/PointCloud2', '/heavy');
  const points = cloud(300_000);
  pubCloud(points);
  return setInterval(() => pubCloud(points), 1000);
}

test('a scene too heavy for the machine is paced, says so, and E-STOP still answers at once', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = await openRobot(page);
  const card = page.getByTestId('robot-card').first();
  await expect(card).toHaveAttribute('data-safety', 'running', { timeout: 30_000 });

  const timer = heavyScene();
  try {
    await page.keyboard.press('f');
    // The view finds its frames too expensive and paces them; the badge says so.
    await expect
      .poll(() => page.evaluate(() => window.__scene!.pacer().pacing), { timeout: 120_000, message: 'the view never paced its frames' })
      .toBe(true);
    const stats = page.getByTestId('scene-stats');
    await expect(stats).toHaveAttribute('data-paced', 'true', { timeout: 10_000 });
    await expect(stats).toContainText('paced to keep the controls responsive');
    const paced = await page.evaluate(() => window.__scene!.pacer());
    expect(paced.costMs, 'a paced frame costs more than the pacer lets through').toBeGreaterThan(100);
    expect(paced.gapMs, 'the view leaves time free after each frame').toBeGreaterThan(0);
    expect(paced.skipped, 'display frames were left to the UI').toBeGreaterThan(0);
    await page.screenshot({ path: 'test-results/scene-paced.png' });

    // E-STOP, clicked in the middle of this: the robot is disabled within a few seconds.
    const t0 = Date.now();
    await page.getByTestId('estop-button').click({ timeout: 15_000 });
    await expect.poll(() => robot.enabled, { timeout: 10_000, message: 'the robot was not disabled' }).toBe(false);
    const stopMs = Date.now() - t0;
    expect(stopMs, `E-STOP took ${stopMs} ms to reach the robot`).toBeLessThan(5000);
    await expect(card).toHaveAttribute('data-safety', 'stopped', { timeout: 15_000 });
    await page.screenshot({ path: 'test-results/scene-paced-estop.png' });
  } finally {
    clearInterval(timer);
  }
  expect(errors).toEqual([]);
});

test('the heavy scene reduces its detail, says so, and draws everything again on "Full detail"', async ({ page }) => {
  test.setTimeout(240_000);
  const errors = await openRobot(page);
  const timer = heavyScene();
  try {
    await page.getByTestId('robot-card').first().click();
    await page.getByTestId('tab-camera').click();
    await page.keyboard.press('f');
    await expect
      .poll(() => page.evaluate(() => window.__scene!.renderInfo().points), { timeout: 120_000, message: 'the cloud was never drawn' })
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.evaluate(() => window.__scene!.detail().effective), {
        timeout: 120_000,
        message: 'the view never reduced its detail',
      })
      .toBeGreaterThan(0);
    const stats = page.getByTestId('scene-stats');
    await expect(stats).toContainText('reduced detail', { timeout: 10_000 });
    // The badge's line is cut to the view's width; its tooltip carries all of it.
    await expect(stats).toHaveAttribute('title', /paced to keep the controls responsive · reduced detail/);
    await expect(page.getByTestId('sensor-thinned')).toContainText('drawn (reduced detail)', { timeout: 10_000 });
    // The robot keeps its size and joints; its round primitives (URDF spheres, cylinders) draw coarse twins.
    await expect.poll(() => page.evaluate((id) => window.__scene!.robotTriangles(id), robot.url), { timeout: 10_000 }).toBeLessThan(5_000);
    const reducedTriangles = await page.evaluate((id) => window.__scene!.robotTriangles(id), robot.url);
    // The 300,000-point cloud is capped at 200,000; reduced, at most every 2nd of those is drawn.
    await expect.poll(() => page.evaluate(() => window.__scene!.renderInfo().points), { timeout: 30_000 }).toBeLessThanOrEqual(100_000);
    // Its last level draws at half resolution: a quarter of the pixels, the canvas keeps its size on the page.
    const canvasSize = () =>
      page.evaluate(() => {
        const c = document.querySelector('[data-testid="scene-view"] canvas') as HTMLCanvasElement;
        return { drawn: c.width, shown: c.clientWidth };
      });
    await expect
      .poll(() => page.evaluate(() => window.__scene!.detail().effective), {
        timeout: 120_000,
        message: 'the view never reached its last level',
      })
      .toBe(4);
    await expect.poll(async () => ((s) => s.drawn / s.shown)(await canvasSize()), { timeout: 10_000 }).toBeCloseTo(0.5, 1);
    await expect(stats).toContainText('half resolution', { timeout: 10_000 });
    const toggle = page.getByTestId('scene-detail-toggle');
    await expect(toggle).toHaveText('Full detail');
    await page.screenshot({ path: 'test-results/scene-detail-reduced.png' });

    await toggle.click({ timeout: 15_000 });
    await expect(toggle).toHaveText('Adaptive detail', { timeout: 10_000 });
    await expect.poll(() => page.evaluate(() => window.__scene!.detail()), { timeout: 10_000 }).toMatchObject({ full: true, effective: 0 });
    await expect
      .poll(() => page.evaluate(() => window.__scene!.renderInfo().points), {
        timeout: 60_000,
        message: 'full detail did not draw the whole cloud',
      })
      .toBe(200_000);
    await expect(page.getByTestId('sensor-thinned')).toHaveCount(0, { timeout: 10_000 });
    await expect
      .poll(() => page.evaluate((id) => window.__scene!.robotTriangles(id), robot.url), { timeout: 10_000 })
      .toBeGreaterThan(reducedTriangles * 3);
    await expect(stats).not.toContainText('reduced detail', { timeout: 10_000 });
    await expect(stats).not.toContainText('half resolution');
    await expect.poll(async () => ((s) => s.drawn - s.shown)(await canvasSize()), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: 'test-results/scene-detail-full.png' });

    // Back to adaptive: the view reduces again, since its frames are still slow.
    await toggle.click({ timeout: 15_000 });
    await expect.poll(() => page.evaluate(() => window.__scene!.detail()), { timeout: 10_000 }).toMatchObject({ full: false });
    await expect.poll(() => page.evaluate(() => window.__scene!.detail().effective), { timeout: 60_000 }).toBeGreaterThan(0);
  } finally {
    clearInterval(timer);
  }
  expect(errors).toEqual([]);
});
