// "Navigate (ROS 2)" end to end in the browser: a simulated fleet whose second robot answers like a ROS 2
// rosbridge (nav2's /navigate_to_pose through send_action_goal). The ROS 2 task shows its state, live
// feedback (distance remaining, position) and result in the same places as the ROS 1 robot's move_base task,
// ends succeeded; another one is canceled mid-way and ends canceled; a goal nav2 cannot reach fails with
// nav2's words.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startFleet, type SimFleet } from '../../src/sim/fleet';
import { PLACES } from '../../src/sim/siteMap';
import { SCREENSHOT_DIR } from './fixtures';

let fleet: SimFleet;
let ros1: string;
let ros2: string;

test.beforeAll(async () => {
  fleet = await startFleet({ robots: 2, basePort: 0, ros2: [1] });
  [ros1, ros2] = fleet.robots.map((r) => r.url) as [string, string];
});
test.afterAll(async () => {
  await fleet?.stop();
});
test.beforeEach(({}, info) => {
  // Safe: skipped only in the Electron project, which exists only where an Electron binary does (the config
  // prints a loud SKIPPED line otherwise); this spec starts its own simulated robots at run time.
  test.skip(info.project.name === 'electron', 'browser project only (robots given as ?robot=)'); // safe: Electron project only (see comment above)
});

async function assign(page: Page, robotUrl: string, place: string, template: string): Promise<void> {
  const form = page.getByTestId('task-assign');
  await form.getByTestId('task-robot').selectOption(robotUrl);
  await form.getByTestId('task-template').selectOption(template);
  await form.getByTestId('task-place-search').fill(place);
  await form.locator(`[data-testid="task-place-option"][data-place="${place}"]`).click();
  await expect(form.getByTestId('task-chosen-place')).toContainText(place);
  await form.getByTestId('task-assign-button').click();
  await expect(form.getByTestId('task-assign-message')).toHaveAttribute('role', 'status');
}

const TRIPS = ['Workstation 1', 'Workstation 2', 'Workstation 3', 'Charging dock'];
/** The robots patrol: the place farthest from (or nearest to) where this one is now. */
function placeBy(i: number, far: boolean, not?: string): string {
  const p = fleet.robots[i]!.pose();
  const d = (n: string) => {
    const q = PLACES.find((x) => x.name === n)!;
    return Math.hypot(q.x - p.x, q.y - p.y);
  };
  const sorted = TRIPS.filter((n) => n !== not).sort((a, b) => d(a) - d(b));
  return far ? sorted.at(-1)! : sorted[0]!;
}

const row = (page: Page, robotUrl: string, place: string): Locator =>
  page.locator(`[data-testid="task-queue"][data-robot="${robotUrl}"] [data-testid="task-row"][data-target="${place}"]`).first();

test('Navigate (ROS 2): feedback and result like a ROS 1 task, succeeded; a cancel ends canceled', async ({ page }) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./?' + [ros1, ros2].map((u) => `robot=${encodeURIComponent(u)}`).join('&'));
  const board = page.getByTestId('task-board');
  if (!(await board.isVisible())) await page.getByTestId('tab-tasks').click();
  await page.getByTestId('task-view-fleet').click();
  await page.getByTestId('task-place-search').fill('Workstation 1');
  await expect(page.locator('[data-testid="task-place-option"][data-place="Workstation 1"]')).toBeVisible({ timeout: 30_000 });
  // Both robots connected, and the ROS 2 one known as such (its rosapi said version 2).
  await expect(page.getByText('Connected')).toHaveCount(2, { timeout: 15_000 });

  // A far trip for each robot: move_base (ROS 1) and nav2 through send_action_goal (ROS 2).
  // Each is checked while it walks, right after it was assigned.
  const walking = async (r: Locator) => {
    await expect(r.getByTestId('task-progress')).toContainText(/\d+\.\d m to go/, { timeout: 15_000 });
    await expect(r.getByTestId('task-progress')).toContainText(/at \(-?\d+\.\d\d, -?\d+\.\d\d\)/);
  };
  const far1 = placeBy(0, true);
  await assign(page, ros1, far1, 'go-to-place');
  const r1 = row(page, ros1, far1);
  await walking(r1);
  const far2 = placeBy(1, true);
  await assign(page, ros2, far2, 'navigate-ros2');
  const r2 = row(page, ros2, far2);
  await walking(r2);
  await expect(r2).toHaveAttribute('data-state', 'active');
  await expect(r2.getByTestId('task-state')).toHaveText('Active');
  await expect(r2).toContainText('Navigate (ROS 2)');
  // The distance remaining goes down as nav2's feedback comes.
  const toGo = async () => Number(/([\d.]+) m to go/.exec(await r2.getByTestId('task-progress').innerText())?.[1]);
  const first = await toGo();
  await expect.poll(toGo, { timeout: 10_000 }).toBeLessThan(first - 0.5);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await r2.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'ros2-active-chromium.png') });

  // Cancel the ROS 2 trip mid-way: cancel_action_goal, and nav2's result says CANCELED.
  await r2.getByTestId('task-cancel').click();
  await expect(r2).toHaveAttribute('data-state', 'canceled', { timeout: 10_000 });
  await expect(r2.getByTestId('task-reason'), 'no reason that only repeats the state').toHaveCount(0);

  // A short trip for the ROS 2 robot runs to succeeded.
  const near = placeBy(1, false, far2);
  await assign(page, ros2, near, 'navigate-ros2');
  const walk = row(page, ros2, near);
  await expect(walk).toHaveAttribute('data-state', /dispatched|active|succeeded/);
  await expect(walk).toHaveAttribute('data-state', 'succeeded', { timeout: 120_000 });
  await expect(walk.getByTestId('task-state')).toHaveText('Succeeded');
  await expect(walk.getByTestId('task-reason'), 'no "Succeeded — succeeded"').toHaveCount(0);
  await walk.locator('summary').click();
  await expect(walk.getByTestId('task-history')).toContainText(/Sent[\s\S]*Active[\s\S]*Succeeded/);

  // nav2 cannot reach the hazard zone: the task fails in nav2's words.
  await assign(page, ros2, 'Hazard zone', 'navigate-ros2');
  const blocked = row(page, ros2, 'Hazard zone');
  await expect(blocked).toHaveAttribute('data-state', 'failed', { timeout: 15_000 });
  await expect(blocked.getByTestId('task-reason')).toHaveText('path blocked by hazard zone');
  // The ROS 1 trip (still walking or long arrived) ends as move_base says: reached.
  await expect(r1).toHaveAttribute('data-state', 'succeeded', { timeout: 120_000 });
  await expect(r1.getByTestId('task-reason')).toHaveText('reached');
  await page.locator(`[data-testid="task-queue"][data-robot="${ros2}"]`).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'ros2-chromium.png') });
  expect(errors).toEqual([]);
});
