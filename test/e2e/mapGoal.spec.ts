// Goals anywhere on the map: with a robot selected, G (or the toolbar button) turns the goal tool on; a press on
// the map with a drag sets the goal and its heading (an arrow follows the drag), the release sends it with the
// chosen navigation template, and the robot walks there. A ROS 1 robot goes with move_base, a ROS 2 robot with
// Navigate (ROS 2). A click in an obstacle or in unknown space asks first, naming the cell; places in obstacles are
// marked in the task form's place list.
import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startFleet, type SimFleet } from '../../src/sim/fleet';
import { SCREENSHOT_DIR } from './fixtures';

let fleet: SimFleet;
let urls: string[];

test.beforeAll(async () => {
  fleet = await startFleet({ robots: 2, basePort: 0, ros2: [1] });
  urls = fleet.robots.map((r) => r.url);
});
test.afterAll(async () => {
  await fleet?.stop();
});
test.beforeEach(({}, info) => {
  // Safe: skipped only in the Electron project (robots given as ?robot=); these specs start their own robots.
  test.skip(info.project.name === 'electron', 'browser project only (robots given as ?robot=)'); // safe: Electron project only
});

type Xy = { x: number; y: number };

async function screenOf(page: Page, x: number, y: number): Promise<Xy> {
  const p = await page.evaluate(([x, y]) => window.__scene?.worldToScreen(x!, y!, 0) ?? null, [x, y]);
  expect(p, `(${x}, ${y}) on screen`).not.toBeNull();
  return p!;
}

async function selectAndEnterGoalMode(page: Page, index: number): Promise<void> {
  // Shortcuts are not for a focused text field.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(`Alt+Digit${index + 1}`);
  await expect.poll(() => page.evaluate(() => window.__scene?.selectedRobot())).toBe(urls[index]);
  await page.keyboard.press('g');
  await expect(page.getByTestId('scene-btn-goal')).toHaveAttribute('aria-pressed', 'true');
}

/** Where the simulated robot stands when its navigation goal ends (it patrols on after a quiet period). */
function poseAtGoalEnd(i: number): Promise<{ x: number; y: number; yaw: number }> {
  const r = fleet.robots[i]!;
  let seen = false;
  return new Promise((resolve) => {
    const off = r.addTickHook(() => {
      if (r.moveBase.activeGoal()) seen = true;
      else if (seen) {
        off();
        resolve(r.pose());
      }
    });
  });
}

const taskRow = (page: Page, url: string) =>
  page.locator(`[data-testid="task-queue"][data-robot="${url}"] [data-testid="task-row"]`).first();

test('drag on the map sends a goal with its heading; the robot arrives; obstacles and unknown space ask first', async ({ page }) => {
  test.setTimeout(300_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./?' + urls.map((u) => `robot=${encodeURIComponent(u)}`).join('&'));
  const board = page.getByTestId('task-board');
  if (!(await board.isVisible())) await page.getByTestId('tab-tasks').click();
  await page.getByTestId('task-view-fleet').click();
  // The map is in: both robots' grids answer for a shelf cell.
  await expect.poll(() => page.evaluate((u) => window.__scene?.gridCell(u, 8, 13.5), urls[0]), { timeout: 30_000 }).toBe('occupied');
  await expect.poll(() => page.evaluate((u) => window.__scene?.gridCell(u, 8, 13.5), urls[1]), { timeout: 30_000 }).toBe('occupied');
  await page.keyboard.press('t');
  await page.keyboard.press('f');
  await page.waitForTimeout(1500);

  // The place list marks Shelf A (its block is an obstacle) and not Workstation 2.
  const form = page.getByTestId('task-assign');
  await form.getByTestId('task-place-search').fill('Shelf A');
  await expect(form.locator('[data-testid="task-place-option"][data-place="Shelf A"] [data-testid="task-place-cell"]')).toHaveAttribute(
    'data-cell',
    'occupied',
  );
  await form.getByTestId('task-place-search').fill('Workstation 2');
  await expect(form.locator('[data-testid="task-place-option"][data-place="Workstation 2"]')).toBeVisible();
  await expect(form.locator('[data-testid="task-place-option"][data-place="Workstation 2"] [data-testid="task-place-cell"]')).toHaveCount(
    0,
  );
  await form.getByTestId('task-place-search').fill('');

  const endA = poseAtGoalEnd(0);
  const endB = poseAtGoalEnd(1);
  // 1. Robot 1 (ROS 1, move_base): press at (6, 5.5), drag north: heading +90°.
  await selectAndEnterGoalMode(page, 0);
  const a = await screenOf(page, 6, 5.5);
  const aEnd = await screenOf(page, 6, 8);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + aEnd.x) / 2, (a.y + aEnd.y) / 2, { steps: 4 });
  await page.mouse.move(aEnd.x, aEnd.y, { steps: 4 });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'mapGoal-drag-chromium.png') });
  await page.mouse.up();
  await expect(page.getByTestId('goal-message')).toHaveAttribute('role', 'status');
  await expect(page.getByTestId('scene-btn-goal')).toHaveAttribute('aria-pressed', 'false');
  const rowA = taskRow(page, urls[0]!);
  await expect(rowA).toHaveAttribute('data-state', /dispatched|active|succeeded/);
  await expect(rowA.locator('.task-target-name')).toContainText('6.00');

  // 2. Robot 2 (ROS 2) with Navigate (ROS 2): a plain click at (17, 6) from the toolbar button.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Alt+Digit2');
  await expect.poll(() => page.evaluate(() => window.__scene?.selectedRobot())).toBe(urls[1]);
  await page.getByTestId('scene-btn-goal').click();
  await page.getByTestId('goal-template').selectOption('navigate-ros2');
  await expect(page.getByTestId('goal-template')).toHaveValue('navigate-ros2');
  const b = await screenOf(page, 17, 6);
  await page.mouse.click(b.x, b.y);
  await expect(page.getByTestId('goal-message')).toHaveAttribute('role', 'status');
  await expect(page.getByTestId('scene-btn-goal')).toHaveAttribute('aria-pressed', 'false');
  const rowB = taskRow(page, urls[1]!);
  await expect(rowB).toHaveAttribute('data-state', /dispatched|active|succeeded/);

  await expect(rowA).toHaveAttribute('data-state', 'succeeded', { timeout: 90_000 });
  await expect(rowB).toHaveAttribute('data-state', 'succeeded', { timeout: 90_000 });
  const [pa, pb] = await Promise.all([endA, endB]);
  expect(Math.hypot(pa.x - 6, pa.y - 5.5)).toBeLessThan(0.5);
  // Heading along the drag (+90°), not a click's 0°: within the sim’s yaw tolerance (0.15 rad) and a margin.
  console.log(`robot 1 arrived at (${pa.x.toFixed(2)}, ${pa.y.toFixed(2)}) heading ${((pa.yaw * 180) / Math.PI).toFixed(1)}°`);
  expect(Math.abs(Math.atan2(Math.sin(pa.yaw - Math.PI / 2), Math.cos(pa.yaw - Math.PI / 2)))).toBeLessThan(0.25);
  expect(Math.hypot(pb.x - 17, pb.y - 6)).toBeLessThan(0.5);

  // 3. A click on the shelf block asks first and names the cell; Cancel sends nothing.
  const queued = await page.locator(`[data-testid="task-queue"][data-robot="${urls[0]}"] [data-testid="task-row"]`).count();
  await selectAndEnterGoalMode(page, 0);
  const shelf = await screenOf(page, 8, 13.5);
  await page.mouse.click(shelf.x, shelf.y);
  const confirm = page.getByTestId('goal-confirm');
  await expect(confirm).toHaveAttribute('data-cell', 'occupied');
  await expect(confirm).toContainText('occupied cell');
  await page.getByTestId('goal-confirm-cancel').click();
  await expect(confirm).toHaveCount(0);
  // 4. The unmapped store room: unknown area; Esc leaves the tool and keeps the robot selected.
  const store = await screenOf(page, 27, 17);
  await page.mouse.click(store.x, store.y);
  await expect(confirm).toHaveAttribute('data-cell', 'unknown');
  await expect(confirm).toContainText('unknown area');
  await page.screenshot({ path: join(SCREENSHOT_DIR, 'mapGoal-confirm-chromium.png') });
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId('scene-btn-goal')).toHaveAttribute('aria-pressed', 'false');
  expect(await page.evaluate(() => window.__scene?.selectedRobot())).toBe(urls[0]);
  await expect(page.locator(`[data-testid="task-queue"][data-robot="${urls[0]}"] [data-testid="task-row"]`)).toHaveCount(queued);
  expect(errors).toEqual([]);
});
