// The foundation end to end: the console opens on the simulated fleet, every robot connects with live data
// (latency, battery, topic rates); a robot switched off shows as reconnecting with the reason; switched on
// again it returns and data flows without anyone touching the console. A bad address is refused in words.
import { expect, test } from '@playwright/test';
import { startFleet, type SimFleet } from '../../src/sim/fleet';

let fleet: SimFleet;
test.beforeAll(async () => {
  fleet = await startFleet({ robots: 3, basePort: 0, sensors: false });
});
test.afterAll(async () => {
  await fleet?.stop();
});

test('the fleet connects with live data, and a robot that drops comes back on its own', async ({ page }) => {
  test.setTimeout(120_000);
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto('./?' + fleet.robots.map((r) => `robot=${encodeURIComponent(r.url)}`).join('&'));

  const cards = page.getByTestId('robot-card');
  await expect(cards).toHaveCount(3);
  for (const r of fleet.robots) {
    const card = page.locator(`[data-testid="robot-card"][data-robot-id="${r.url}"]`);
    await expect(card).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await expect(card.getByTestId('robot-name')).toHaveText(r.name); // from the /robot/name param
    await expect(card.getByTestId('robot-latency')).toContainText(/\d+ ms/);
    await expect(card.getByTestId('robot-battery')).toContainText(/\d+ %/, { timeout: 15_000 });
  }

  // Topics with types and live rates for the selected robot.
  const victim = fleet.robots[1]!;
  const card = page.locator(`[data-testid="robot-card"][data-robot-id="${victim.url}"]`);
  await card.click();
  await page.getByTestId('tab-topics').click();
  const tf = page.locator('[data-testid="topic-row"][data-topic="/tf"]');
  await expect(tf).toContainText('tf2_msgs/TFMessage', { timeout: 15_000 });
  await expect(tf.getByTestId('topic-rate')).toContainText(/[1-9][\d.]* Hz/, { timeout: 15_000 });
  await page.screenshot({ path: 'test/e2e/screenshots/fleet-connected.png' });

  // Switch the robot off: the strip says so, with the reason, and keeps trying.
  await victim.stop();
  await expect(card).toHaveAttribute('data-state', 'reconnecting', { timeout: 15_000 });
  await expect(card.getByTestId('robot-status')).toContainText(/Reconnecting · .*(closed|refused)/i);
  await page.screenshot({ path: 'test/e2e/screenshots/fleet-reconnecting.png' });

  // Switch it on again: it returns and data flows again, nobody clicks anything.
  await victim.start();
  await expect(card).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
  await expect(tf.getByTestId('topic-rate')).toContainText(/[1-9][\d.]* Hz/, { timeout: 15_000 });
  for (const r of fleet.robots) {
    await expect(page.locator(`[data-testid="robot-card"][data-robot-id="${r.url}"]`)).toHaveAttribute('data-state', 'connected');
  }
  expect(errors).toEqual([]);
});

test('a bad robot address is refused in plain words, a good one is remembered across a reload', async ({ page }) => {
  await page.goto('./');
  await page.getByTestId('add-robot-url').fill('http://10.0.0.5:9090');
  await page.getByTestId('add-robot-button').click();
  await expect(page.getByTestId('add-robot-error')).toContainText('http://10.0.0.5:9090');
  await expect(page.getByTestId('robot-card')).toHaveCount(0);

  const url = fleet.robots[0]!.url;
  await page.getByTestId('add-robot-url').fill(url);
  await page.getByTestId('add-robot-button').click();
  await expect(page.getByTestId('robot-card')).toHaveCount(1);
  await page.reload();
  const card = page.locator(`[data-testid="robot-card"][data-robot-id="${url}"]`);
  await expect(card).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
});
