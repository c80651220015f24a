// A robot's text cannot break the layout and robots of the same name stay apart, in the built console against
// simulated robots: a 5,000-character takeover reason without spaces leaves E-STOP, Approve and Deny in the
// window and the page as wide as the window, with a bound on heap growth; a right-to-left override in a robot's
// name is shown without its effect; two robots both called "harness_bot" are told apart by address.
import { expect, test, type Page } from '@playwright/test';
import { startFleet, type SimFleet } from '../../src/sim/fleet';

let fleet: SimFleet;

test.beforeAll(async () => {
  fleet = await startFleet({ robots: 2, basePort: 0 });
});

test.afterAll(async () => {
  await fleet?.stop();
});

async function heapBytes(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await cdp.detach();
  return usedSize;
}

async function inWindow(page: Page, testId: string): Promise<void> {
  const box = await page.getByTestId(testId).first().boundingBox();
  const vp = page.viewportSize()!;
  expect(box, testId).not.toBeNull();
  expect(box!.x, `${testId} left`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${testId} right`).toBeLessThanOrEqual(vp.width);
  expect(box!.y + box!.height, `${testId} bottom`).toBeLessThanOrEqual(vp.height);
}

test('a 5,000-character takeover reason and a bidi robot name do not push E-STOP, Approve or Deny out', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'the robot address is only known at run time; chromium covers the UI'); // safe: Electron project only
  test.setTimeout(180_000);
  const robot = fleet.robots[0];
  robot.graph.params.set('/robot/name', '\u202Eevil_bot');
  await page.addInitScript(() => localStorage.setItem('operator-console.operatorName', 'E2E Operator'));
  await page.goto(`./?robot=${encodeURIComponent(robot.url)}`);
  await expect(page.getByTestId('robot-name')).toHaveText('evil_bot', { timeout: 20_000 });
  await page.getByTestId('robot-card').click();
  await page.getByTestId('tab-teleop').click();
  await expect(page.getByTestId('teleop-holder')).toHaveAttribute('data-known', 'true', { timeout: 20_000 });
  const before = await heapBytes(page);

  const reason = 'W'.repeat(5000);
  robot.operator!.requestTakeover(reason);
  const request = page.getByTestId('takeover-request');
  await expect(request).toBeVisible({ timeout: 15_000 });
  const shown = page.getByTestId('takeover-reason');
  await expect(shown).toContainText('…');
  expect(await shown.locator('bdi').getAttribute('title')).toContain('W'.repeat(1000)); // the full text on hover

  const width = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, window: window.innerWidth }));
  expect(width.page).toBeLessThanOrEqual(width.window);
  for (const id of ['estop-button', 'takeover-approve', 'takeover-deny']) await inWindow(page, id);
  await page.screenshot({ path: 'test-results/hostile-long-reason.png' });

  const after = await heapBytes(page);
  console.log(`heap before ${(before / 1e6).toFixed(1)} MB, after ${(after / 1e6).toFixed(1)} MB`);
  expect(after - before).toBeLessThan(50 * 1024 * 1024);
});

test('two robots called "harness_bot" are told apart by address in cards, the task form and the 3D labels', async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'the robot addresses are only known at run time; chromium covers the UI'); // safe: Electron project only
  test.setTimeout(180_000);
  for (const r of fleet.robots) r.graph.params.set('/robot/name', 'harness_bot');
  const [a, b] = fleet.robots;
  await page.goto(`./?robot=${encodeURIComponent(a.url)}&robot=${encodeURIComponent(b.url)}`);
  const hostPort = (url: string) => new URL(url).host;
  const names = page.getByTestId('robot-name');
  await expect(names).toHaveCount(2);
  await expect(names.nth(0)).toHaveText(`harness_bot @ ${hostPort(a.url)}`, { timeout: 20_000 });
  await expect(names.nth(1)).toHaveText(`harness_bot @ ${hostPort(b.url)}`);

  await names.nth(1).click();
  await page.getByTestId('tab-tasks').click();
  const options = page.getByTestId('task-robot').locator('option');
  await expect(options).toHaveText([`harness_bot @ ${hostPort(a.url)}`, `harness_bot @ ${hostPort(b.url)}`]);
  await page.screenshot({ path: 'test-results/hostile-same-name.png' });
});
