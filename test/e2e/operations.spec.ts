// Operations: after a short simulated shift with tasks and a takeover, the dashboard shows the right counts and
// a chart; the CSV export holds them; a site profile exported here imports into a clean console with its
// robots and templates; a broken profile shows a precise error and changes nothing; zh-CN is one switch away.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startFleet, type SimFleet } from '../../src/sim/fleet';

let fleet: SimFleet;
test.beforeAll(async () => {
  fleet = await startFleet({ robots: 1, basePort: 0, sensors: false });
});
test.afterAll(async () => {
  await fleet?.stop();
});

async function tab(page: Page, id: string): Promise<void> {
  await page.getByTestId(`tab-${id}`).click();
}

async function assign(page: Page, robotUrl: string, place: string): Promise<void> {
  const form = page.getByTestId('task-assign');
  await form.getByTestId('task-robot').selectOption(robotUrl);
  await form.getByTestId('task-template').selectOption('go-to-place');
  await form.getByTestId('task-place-search').fill(place);
  await form.locator(`[data-testid="task-place-option"][data-place="${place}"]`).click();
  await form.getByTestId('task-assign-button').click();
}

test('dashboard counts a shift, exports CSV; site profile round trip; broken profile changes nothing; zh-CN', async ({
  page,
  browser,
}, info) => {
  test.setTimeout(240_000);
  const robot = fleet.robots[0]!;
  await page.addInitScript(() => localStorage.setItem('operator-console.operatorName', 'Shift Lead'));
  await page.goto(`./?robot=${encodeURIComponent(robot.url)}`);
  const card = page.getByTestId('robot-card');
  await expect(card).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await expect(page.getByTestId('robot-name')).toHaveText(robot.name);

  // Tasks: one goal inside the hazard zone fails with the robot's reason, one is canceled.
  await tab(page, 'tasks');
  await page.getByTestId('task-view-fleet').click();
  await assign(page, robot.url, 'Hazard zone');
  const failed = page.locator(`[data-testid="task-row"][data-target="Hazard zone"]`).first();
  await expect(failed).toHaveAttribute('data-state', 'failed', { timeout: 20_000 });
  await assign(page, robot.url, 'Charging dock');
  const trip = page.locator(`[data-testid="task-row"][data-target="Charging dock"]`).first();
  await expect(trip).toHaveAttribute('data-state', /dispatched|active/, { timeout: 15_000 });
  await trip.getByTestId('task-cancel').click();
  await expect(trip).toHaveAttribute('data-state', 'canceled', { timeout: 15_000 });

  // A takeover: the robot asks, the operator approves, then hands back.
  await tab(page, 'teleop');
  await card.click();
  await expect(page.getByTestId('teleop-holder')).toHaveAttribute('data-known', 'true', { timeout: 15_000 });
  robot.operator.requestTakeover('blocked by the hazard zone');
  await page.getByTestId('takeover-approve').click();
  await expect.poll(() => robot.operator.control().holder).toBe('Shift Lead');
  await tab(page, 'teleop');
  await page.getByTestId('teleop-handback').click();
  await expect.poll(() => robot.operator.control().holder).toBe('');

  // The dashboard (it re-reads the records every 5 s).
  await tab(page, 'operations');
  const row = page.locator(`[data-testid="ops-row"][data-robot="${robot.url}"]`);
  await expect(row.getByTestId('ops-failed')).toHaveText('1', { timeout: 20_000 });
  await expect(row.getByTestId('ops-canceled')).toHaveText('1');
  await expect(row.getByTestId('ops-succeeded')).toHaveText('0');
  await expect(row.getByTestId('ops-takeovers')).toHaveText('1', { timeout: 15_000 });
  await expect(page.getByTestId('ops-chart').locator('svg .recharts-bar-rectangle').first()).toBeVisible();
  await expect(page.getByTestId('mode-timeline').locator('rect[data-mode]').first()).toBeVisible();
  await page.screenshot({ path: 'test/e2e/screenshots/operations-dashboard.png' });

  // CSV export (the browser fallback downloads it).
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('ops-export-csv').click()]);
  const csv = readFileSync(await csvDownload.path(), 'utf8')
    .trim()
    .split('\r\n');
  const header = csv[0]!.split(',');
  const cells = csv.find((l) => l.startsWith(robot.name))!.split(',');
  const col = (name: string) => cells[header.indexOf(name)];
  expect(col('tasks_failed')).toBe('1');
  expect(col('tasks_canceled')).toBe('1');
  expect(col('takeovers')).toBe('1');
  expect(Number(col('connected_h'))).toBeGreaterThan(0);

  // Export the site profile.
  await tab(page, 'site');
  const [profileDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('profile-export').click()]);
  const profileText = readFileSync(await profileDownload.path(), 'utf8');
  const profile = JSON.parse(profileText) as { robots: { url: string; name: string }[]; taskTemplates: { id: string }[] };
  expect(profile.robots.map((r) => r.url)).toEqual([robot.url]);
  expect(profile.taskTemplates.map((t) => t.id)).toContain('go-to-place');
  const profileFile = info.outputPath('site.json');
  writeFileSync(profileFile, profileText);

  // Import into a clean console (a fresh browser context: empty storage, no robots).
  const clean = await browser.newContext({ baseURL: info.project.use.baseURL });
  const page2 = await clean.newPage();
  await page2.goto('./');
  await expect(page2.getByTestId('robot-card')).toHaveCount(0);
  await page2.getByTestId('tab-site').click();
  const [chooser] = await Promise.all([page2.waitForEvent('filechooser'), page2.getByTestId('profile-import').click()]);
  await chooser.setFiles(profileFile);
  await expect(page2.getByTestId('profile-result')).toContainText('1');
  await expect(page2.getByTestId('robot-card')).toHaveCount(1);
  await expect(page2.getByTestId('robot-card')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await page2.getByTestId('tab-tasks').click();
  await expect(page2.getByTestId('task-template').locator('option[value="go-to-place"]')).toHaveCount(1);

  // A broken profile: a precise error naming the field and its line; nothing changes.
  const broken = profileText.replace(robot.url, 'http://not-a-robot:9090');
  const brokenFile = info.outputPath('broken.json');
  writeFileSync(brokenFile, broken);
  const badLine = broken.split('\n').findIndex((l) => l.includes('http://not-a-robot:9090')) + 1;
  await page2.getByTestId('tab-site').click();
  const [chooser2] = await Promise.all([page2.waitForEvent('filechooser'), page2.getByTestId('profile-import').click()]);
  await chooser2.setFiles(brokenFile);
  await expect(page2.getByTestId('profile-problem').first()).toHaveText(
    new RegExp(`^line ${badLine}, column \\d+, robots\\[0\\]\\.url: must be a ws://`),
  );
  await expect(page2.getByTestId('robot-card')).toHaveCount(1);
  await expect(page2.locator(`[data-testid="robot-card"][data-robot-id="${robot.url}"]`)).toHaveCount(1);
  await clean.close();

  // Chinese, at run time, remembered.
  await page.getByTestId('language').selectOption('zh-CN');
  await tab(page, 'operations');
  await expect(page.getByTestId('tab-operations')).toHaveText('运营');
  await page.reload();
  await expect(page.getByTestId('tab-operations')).toHaveText('运营');
  await tab(page, 'operations');
  await expect(page.getByTestId('ops-table')).toContainText('成功率', { timeout: 20_000 });
  await page.screenshot({ path: 'test/e2e/screenshots/operations-zh-CN.png' });
});
