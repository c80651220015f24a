// Assign tasks against the simulated fleet: walk to Workstation 2 by picking the place and watch it succeed;
// cancel another one mid-way; a goal in the hazard zone fails with the robot's reason; after a reload every
// task and its history is still there.
// Needs: TaskBoard mounted as a side-panel tab (testid "tab-tasks", or visible without a tab), and the sim's
// robots wiring src/sim/moveBase.ts (move_base action topics + /move_base_simple/goal).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startFleet, type SimFleet } from '../../src/sim/fleet';

let fleet: SimFleet;
let urls: string[];

test.beforeAll(async () => {
  fleet = await startFleet({ robots: 2, basePort: 0 });
  urls = fleet.robots.map((r) => r.url);
});
test.afterAll(async () => {
  await fleet?.stop();
});
test.beforeEach(({}, info) => {
  // Safe: skipped only in the Electron project, which exists only where an Electron binary does (the config
  // prints a loud SKIPPED line otherwise); these specs start their own simulated robots at run time.
  test.skip(info.project.name === 'electron', 'browser project only (robots given as ?robot=)'); // safe: Electron project only (see comment above)
});

async function openTasks(page: Page): Promise<void> {
  const board = page.getByTestId('task-board');
  if (!(await board.isVisible())) await page.getByTestId('tab-tasks').click();
  await expect(board).toBeVisible();
  await page.getByTestId('task-view-fleet').click();
}

async function assign(page: Page, robotUrl: string, place: string, template = 'go-to-place'): Promise<void> {
  const form = page.getByTestId('task-assign');
  await form.getByTestId('task-robot').selectOption(robotUrl);
  await form.getByTestId('task-template').selectOption(template);
  await form.getByTestId('task-place-search').fill(place);
  await form.locator(`[data-testid="task-place-option"][data-place="${place}"]`).click();
  await expect(form.getByTestId('task-chosen-place')).toContainText(place);
  await form.getByTestId('task-assign-button').click();
  await expect(form.getByTestId('task-assign-message')).toHaveAttribute('role', 'status');
}

const row = (page: Page, robotUrl: string, place: string): Locator =>
  page.locator(`[data-testid="task-queue"][data-robot="${robotUrl}"] [data-testid="task-row"][data-target="${place}"]`).first();

test('assign, succeed, cancel, fail with the robot’s reason, and keep it all across a reload', async ({ page }) => {
  test.setTimeout(240_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./?' + urls.map((u) => `robot=${encodeURIComponent(u)}`).join('&'));
  await openTasks(page);
  // Places come from the robots' semantic map.
  await expect(page.getByTestId('task-assign').getByTestId('task-place-search')).toBeVisible();
  await page.getByTestId('task-place-search').fill('Workstation 2');
  await expect(page.locator('[data-testid="task-place-option"][data-place="Workstation 2"]')).toBeVisible({ timeout: 30_000 });

  const [a, b] = urls as [string, string];

  // 1. Walk to Workstation 2, picked from the list: it succeeds in the robot's words.
  await assign(page, a, 'Workstation 2');
  const walk = row(page, a, 'Workstation 2');
  // (It patrols past Workstation 2, so it may already be there: active can be brief.)
  await expect(walk).toHaveAttribute('data-state', /dispatched|active|succeeded/);
  await expect(walk).toHaveAttribute('data-state', 'succeeded', { timeout: 120_000 });
  await expect(walk.getByTestId('task-reason')).toHaveText('reached');

  // 2. The other robot (patrolling the east side) heads for Workstation 1, far west; cancel it while it walks.
  await assign(page, b, 'Workstation 1');
  const trip = row(page, b, 'Workstation 1');
  await expect(trip).toHaveAttribute('data-state', 'active', { timeout: 15_000 });
  // Live progress from /move_base/feedback: distance left to the target.
  await expect(trip.getByTestId('task-progress')).toContainText('m to go', { timeout: 5_000 });
  await page.waitForTimeout(1500);
  await trip.getByTestId('task-cancel').click();
  await expect(trip).toHaveAttribute('data-state', 'canceled', { timeout: 10_000 });
  await expect(trip.getByTestId('task-reason'), 'no reason that only repeats the state').toHaveCount(0);

  // 3. A goal inside the hazard zone: the robot refuses with its reason.
  await assign(page, b, 'Hazard zone');
  const blocked = row(page, b, 'Hazard zone');
  await expect(blocked).toHaveAttribute('data-state', 'failed', { timeout: 15_000 });
  await expect(blocked.getByTestId('task-reason')).toHaveText('path blocked by hazard zone');

  await page.reload();
  await openTasks(page);

  // 4. After the reload everything is there with its history.
  for (const [url, place, state, reason] of [
    [a, 'Workstation 2', 'succeeded', 'reached'],
    [b, 'Workstation 1', 'canceled', ''],
    [b, 'Hazard zone', 'failed', 'path blocked by hazard zone'],
  ] as const) {
    const r = row(page, url, place);
    await expect(r).toHaveAttribute('data-state', state, { timeout: 15_000 });
    if (reason) await expect(r.getByTestId('task-reason')).toHaveText(reason);
    else await expect(r.getByTestId('task-reason')).toHaveCount(0);
    await r.locator('summary').click();
    const steps = r.getByTestId('task-history').locator('li');
    expect(await steps.count()).toBeGreaterThanOrEqual(3);
  }
  const walkHistory = await row(page, a, 'Workstation 2').getByTestId('task-history').innerText();
  expect(walkHistory).toMatch(/Queued[\s\S]*Sent[\s\S]*Active[\s\S]*Succeeded — reached/);
  expect(errors).toEqual([]);
});

test('a task without a target is refused with a clear message', async ({ page }) => {
  await page.goto('./?' + urls.map((u) => `robot=${encodeURIComponent(u)}`).join('&'));
  await openTasks(page);
  const form = page.getByTestId('task-assign');
  await form.getByTestId('task-template').selectOption('go-to-place');
  await form.getByTestId('task-assign-button').click();
  await expect(form.getByTestId('task-assign-message')).toHaveAttribute('role', 'alert');
  await expect(form.getByTestId('task-assign-message')).toContainText('needs a target');
});

test('with auto-dispatch off, queued tasks reorder by keyboard and by drag, then go out in that order', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto('./?' + urls.map((u) => `robot=${encodeURIComponent(u)}`).join('&'));
  await openTasks(page);
  const b = urls[1]!;
  const queue = page.locator(`[data-testid="task-queue"][data-robot="${b}"]`);
  await page.getByTestId('task-place-search').fill('Workstation');
  await expect(page.locator('[data-testid="task-place-option"][data-place="Workstation 1"]')).toBeVisible({ timeout: 30_000 });
  await queue.getByTestId('task-auto').uncheck();
  // A fixed-place template: "Return to dock" finds the charging dock by itself.
  await page.getByTestId('task-robot').selectOption(b);
  await page.getByTestId('task-template').selectOption('return-to-dock');
  await expect(page.getByTestId('task-assign')).toContainText('Goes to Charging dock');
  await page.getByTestId('task-assign-button').click();
  for (const p of ['Workstation 1', 'Workstation 2', 'Workstation 3']) await assign(page, b, p);
  const order = async () =>
    await queue
      .locator('[data-testid="task-row"][data-state="queued"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-target')));
  await expect.poll(order).toEqual(['Charging dock', 'Workstation 1', 'Workstation 2', 'Workstation 3']);
  // Keyboard: Alt+Up on Workstation 3, twice; focus stays on it.
  const ws3 = queue.locator('[data-testid="task-row"][data-target="Workstation 3"]');
  await ws3.focus();
  await page.keyboard.press('Alt+ArrowUp');
  await expect.poll(order).toEqual(['Charging dock', 'Workstation 1', 'Workstation 3', 'Workstation 2']);
  await expect(ws3).toBeFocused();
  await page.keyboard.press('Alt+ArrowUp');
  await expect.poll(order).toEqual(['Charging dock', 'Workstation 3', 'Workstation 1', 'Workstation 2']);
  // Drag Workstation 2 onto Workstation 3: it goes before it.
  await queue.locator('[data-testid="task-row"][data-target="Workstation 2"]').dragTo(ws3);
  await expect.poll(order).toEqual(['Charging dock', 'Workstation 2', 'Workstation 3', 'Workstation 1']);
  // A queued task cancels at once; "Send next" then sends the new first one, and only that one.
  const dock = queue.locator('[data-testid="task-row"][data-target="Charging dock"]');
  await dock.getByTestId('task-cancel').click();
  await expect(dock).toHaveAttribute('data-state', 'canceled');
  await queue.getByTestId('task-send-next').click();
  const ws2 = queue.locator('[data-testid="task-row"][data-target="Workstation 2"]');
  await expect(ws2).toHaveAttribute('data-state', /dispatched|active/);
  await expect.poll(order).toEqual(['Workstation 3', 'Workstation 1']);
  await ws2.getByTestId('task-cancel').click();
  await expect(ws2).toHaveAttribute('data-state', 'canceled', { timeout: 10_000 });
  await expect.poll(order).toEqual(['Workstation 3', 'Workstation 1']);
});
