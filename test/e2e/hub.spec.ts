// Two consoles (two browser contexts, each its own IndexedDB) and one site hub on PGlite in a temporary
// folder: a task assigned on one appears on the other and runs there as the first console's (the second
// does not dispatch it again); an incident saved on one is reviewed on the other, and the review comes back.
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFleet, type SimFleet } from '../../src/sim/fleet';
import { createHubUser, serveHub, stopHub } from './hubProcess';

let fleet: SimFleet;
let hub: ChildProcess | undefined;
let hubUrl: string;
let dataDir: string;
const PASSWORD = 'a long e2e password';
/** The consoles' browser contexts: closed after the spec, or their pages keep rendering through the specs after it. */
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  // PGlite's first start (WebAssembly compile, migrations) is slow on a busy machine.
  test.setTimeout(300_000);
  fleet = await startFleet({ robots: 1, basePort: 0 });
  dataDir = mkdtempSync(join(tmpdir(), 'hub-e2e-'));
  const env = { HUB_DATA_DIR: dataDir, HUB_SITE: 'plant-e2e' };
  await createHubUser(env, 'ana', 'admin', 'Ana Lima', PASSWORD);
  ({ hub, url: hubUrl } = await serveHub(env));
});

test.afterAll(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
  await stopHub(hub);
  await fleet?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

test.beforeEach(({}, info) => {
  // Safe: skipped only in the Electron project (exists only where an Electron binary does; the config prints
  // a loud SKIPPED line otherwise); this spec opens two browser contexts with robots and hub as query params.
  test.skip(info.project.name === 'electron', 'browser project only (two browser contexts)'); // safe: Electron project only
});

async function openConsole(browser: Browser, name: string, tryWrongPassword = false): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`[${name}] page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.text().includes('[hub]')) console.log(`[${name}] ${m.text()}`);
  });
  await page.addInitScript((n) => localStorage.setItem('operator-console.operator', n), name);
  const robot = fleet.robots[0]!.url;
  await page.goto(`./?robot=${encodeURIComponent(robot)}&hub=${encodeURIComponent(hubUrl)}`);
  await expect(page.getByTestId('hub-status')).toHaveAttribute('data-state', 'signedOut');
  await page.getByTestId('hub-status').click();
  await page.getByTestId('hub-user').fill('ana');
  if (tryWrongPassword) {
    await page.getByTestId('hub-password').fill('wrong password');
    await page.getByTestId('hub-signin-submit').click();
    // scrypt with 32 MiB per hash: a second or more on a busy machine.
    await expect(page.getByTestId('hub-signin-error')).toContainText('Wrong user name or password', { timeout: 30_000 });
  }
  await page.getByTestId('hub-password').fill(PASSWORD);
  await page.getByTestId('hub-signin-submit').click();
  await expect(page.getByTestId('hub-session')).toContainText('Ana Lima', { timeout: 30_000 });
  await expect(page.getByTestId('hub-status')).toHaveAttribute('data-state', 'live', { timeout: 120_000 });
  return page;
}

async function openTasks(page: Page): Promise<void> {
  await page.getByTestId('tab-tasks').click();
  await expect(page.getByTestId('task-board')).toBeVisible();
  await page.getByTestId('task-view-fleet').click();
}

test('two consoles and a hub: a task assigned on one runs on the other’s board, an incident saved on one is reviewed on the other', async ({
  browser,
}) => {
  test.setTimeout(900_000);
  const a = await openConsole(browser, 'Console A', true);
  const b = await openConsole(browser, 'Console B');
  const robot = fleet.robots[0]!;

  // A task assigned on A appears on B (within a couple of seconds, over the live feed) and runs to the end there too.
  await openTasks(a);
  await openTasks(b);
  const form = a.getByTestId('task-assign');
  await form.getByTestId('task-robot').selectOption(robot.url);
  await form.getByTestId('task-template').selectOption('go-to-place');
  await form.getByTestId('task-place-search').fill('Workstation 2');
  await form.locator('[data-testid="task-place-option"][data-place="Workstation 2"]').click({ timeout: 30_000 });
  await form.getByTestId('task-assign-button').click();
  const rowOn = (p: Page) =>
    p.locator(`[data-testid="task-queue"][data-robot="${robot.url}"] [data-testid="task-row"][data-target="Workstation 2"]`);
  await expect(rowOn(a)).toHaveCount(1);
  await expect(rowOn(b)).toHaveCount(1, { timeout: 60_000 });
  await expect(rowOn(a).first()).toHaveAttribute('data-state', 'succeeded', { timeout: 120_000 });
  // B follows A's later versions as A pushes them; on a machine shared by several browsers and robots a push
  // cycle (IndexedDB reads and writes around one POST) has been seen to take many seconds, so allow a minute.
  await expect(rowOn(b).first()).toHaveAttribute('data-state', 'succeeded', { timeout: 60_000 });
  await b.screenshot({ path: 'test-results/hub-task-on-b.png' });

  // An incident saved on A (hotkey, path blocked, major, a note) is listed on B and reviewed there.
  await a.getByText(robot.name).first().click();
  await a.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await a.keyboard.press('i');
  await expect(a.getByTestId('incident-form')).toBeVisible();
  await a.keyboard.press('4');
  await a.keyboard.press('3');
  await a.keyboard.type('box in aisle 3, seen from A');
  await a.keyboard.press('Enter');
  await expect(a.getByTestId('incident-form')).toBeHidden();
  await b.getByTestId('tab-review').click();
  const itemOnB = b.getByTestId('review-item').filter({ hasText: 'Path blocked' });
  await expect(itemOnB).toHaveCount(1, { timeout: 60_000 });
  await expect(itemOnB).toContainText('Major');
  await itemOnB.getByTestId('review-open').click();
  // The labels and note are an edit after the incident itself: they may come a push cycle later, and the open
  // detail follows them (nothing was typed on B).
  await expect(b.getByTestId('review-note')).toHaveValue('box in aisle 3, seen from A', { timeout: 60_000 });
  await expect(b.getByTestId('review-severity')).toHaveValue('major');
  await b.getByTestId('review-reviewed').click();
  await b.getByTestId('review-back').click();
  await expect(itemOnB).toContainText('Reviewed', { timeout: 30_000 });
  await b.screenshot({ path: 'test-results/hub-incident-reviewed-on-b.png' });

  // The review made on B comes back to A.
  await a.getByTestId('tab-review').click();
  await expect(a.getByTestId('review-item').filter({ hasText: 'Path blocked' })).toContainText('Reviewed', { timeout: 60_000 });
  await a.getByTestId('hub-status').click();
  await expect(a.getByTestId('hub-status')).toHaveAttribute('data-state', 'live');
  await a.screenshot({ path: 'test-results/hub-a-after-review.png' });

  // Its clip was recorded on A (when the clip window closed) and pushed to the hub: B replays it from there.
  await expect(async () => {
    if (await b.getByTestId('review-back').isVisible()) await b.getByTestId('review-back').click();
    await b.getByTestId('review-item').filter({ hasText: 'Path blocked' }).getByTestId('review-open').click();
    await expect(b.getByTestId('review-player')).toBeVisible({ timeout: 3000 });
  }).toPass({ timeout: 90_000 });
  await b.screenshot({ path: 'test-results/hub-clip-replayed-on-b.png' });
  await b.getByTestId('review-back').click();

  // B's operations dashboard shows the site's figures, computed by the hub in SQL (A's task counted there).
  await b.getByTestId('tab-operations').click();
  const source = b.getByTestId('ops-source');
  await expect(source).toHaveAttribute('data-source', 'hub', { timeout: 30_000 });
  await expect(source).toContainText('Site-wide (hub)');
  await expect(source).toContainText('computed by the hub at');
  await expect(b.getByTestId('operations')).toContainText(robot.name);
  await b.screenshot({ path: 'test-results/hub-site-figures-on-b.png' });
});
