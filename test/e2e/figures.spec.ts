// Figures that hold up: a shift that began before the console opened shows those hours as "not observed"
// (never "disconnected"), the observed share is printed, shifts follow the site's zone, zh-CN fits; the audit
// trail is a hash chain and a record changed in the database is named by the check.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startFleet, type SimFleet } from '../../src/sim/fleet';

let fleet: SimFleet;
test.beforeAll(async () => {
  fleet = await startFleet({ robots: 1, basePort: 0, sensors: false });
});
test.afterAll(async () => {
  await fleet?.stop();
});

test('dashboard after a shift that began before the console opened; a changed audit record is detected', async ({ page }) => {
  test.setTimeout(120_000);
  const robot = fleet.robots[0]!;
  await page.addInitScript(() => {
    localStorage.setItem('operator-console.operatorName', 'Shift Lead');
    const site = { siteName: 'Plant 7', notes: '', timeZone: 'Asia/Shanghai' };
    if (!localStorage.getItem('operator-console.site.v1')) localStorage.setItem('operator-console.site.v1', JSON.stringify(site));
  });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`./?robot=${encodeURIComponent(robot.url)}`);
  await expect(page.getByTestId('robot-card')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });

  // A takeover, so the audit trail has records to chain.
  await page.getByTestId('tab-teleop').click();
  await page.getByTestId('robot-card').click();
  await expect(page.getByTestId('teleop-holder')).toHaveAttribute('data-known', 'true', { timeout: 15_000 });
  robot.operator.requestTakeover('blocked');
  await page.getByTestId('takeover-approve').click();
  await expect.poll(() => robot.operator.control().holder).toBe('Shift Lead');
  await page.getByTestId('tab-teleop').click();
  await page.getByTestId('teleop-handback').click();
  await expect.poll(() => robot.operator.control().holder).toBe('');

  await page.getByTestId('tab-operations').click();
  const row = page.locator(`[data-testid="ops-row"][data-robot="${robot.url}"]`);
  await expect(row).toBeVisible({ timeout: 20_000 });
  // The shift began before the console opened: that time is not observed, and the share says so.
  const share = Number(await row.getByTestId('ops-observed').getAttribute('data-share'));
  expect(share).toBeGreaterThan(0);
  expect(share).toBeLessThan(1);
  const timeline = page.locator(`[data-testid="mode-timeline"][data-robot="${robot.url}"] rect[data-mode]`);
  await expect(timeline.first()).toHaveAttribute('data-mode', 'unobserved');
  await expect(page.getByTestId('ops-observed-share')).toContainText('not observed');
  await expect(page.getByTestId('ops-report-head')).toContainText('Asia/Shanghai');
  await expect(page.getByTestId('ops-report-head')).toContainText('Plant 7');
  await expect(row.getByTestId('ops-uptime')).toHaveText(/\d+ %/);
  // The table is not cut off: its last column is inside the panel.
  const table = await page.getByTestId('ops-table').boundingBox();
  const panel = await page.getByTestId('side-panel').boundingBox();
  expect(table!.x + table!.width).toBeLessThanOrEqual(panel!.x + panel!.width + 1);
  await page.screenshot({ path: 'test-results/figures-dashboard.png' });

  // zh-CN: headers wrap between words, never one character per line.
  await page.getByTestId('language').selectOption('zh-CN');
  await expect(page.getByTestId('ops-table')).toContainText('成功率');
  await expect(page.getByTestId('mode-legend')).toContainText('未观测');
  const heights = await page
    .locator('[data-testid="ops-table"] thead th')
    .evaluateAll((ths) => ths.map((th) => th.getBoundingClientRect().height));
  const lineHeight = await page
    .locator('[data-testid="ops-table"] thead th')
    .first()
    .evaluate((th) => parseFloat(getComputedStyle(th).fontSize) * 1.6);
  for (const h of heights) expect(h).toBeLessThan(lineHeight * 2.5);
  await page.screenshot({ path: 'test-results/figures-dashboard-zh-CN.png' });
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: 'test-results/figures-print.png', fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.getByTestId('language').selectOption('en');

  // The audit trail checks out, then a record is changed behind the console's back and the check names it.
  await page.getByTestId('tab-audit').click();
  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-check')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('audit-check')).toContainText('Intact');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export').click()]);
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { head: string; records: { hash: string }[] };
  expect(exported.records.length).toBeGreaterThanOrEqual(3);
  expect(exported.head).toBe(exported.records[exported.records.length - 1]!.hash);

  const changedSeq = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('operator-console');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('audit', 'readwrite');
          const store = tx.objectStore('audit');
          const all = store.getAll();
          all.onsuccess = () => {
            const rec = all.result[1] as { person: string; seq: number };
            rec.person = 'Someone Else';
            store.put(rec);
            tx.oncomplete = () => resolve(rec.seq);
          };
        };
      }),
  );
  await page.getByTestId('audit-verify').click();
  await expect(page.getByTestId('audit-check')).toHaveAttribute('data-ok', 'false');
  await expect(page.getByTestId('audit-check')).toContainText(`#${changedSeq} was changed`);
  await page.screenshot({ path: 'test-results/figures-audit-changed.png' });
});
