// Incidents end to end in the built console against a simulated robot. (1) A /diagnostics WARN becomes a
// candidate on its own and is confirmed. (2) During a run the operator presses
// "I", labels the incident from the keyboard, reloads (the incident and its 3D pin are still there), opens it
// in review (the clip plays and the robot moves in 3D while the live robot is switched off), exports a
// dataset bundle and imports it into a clean profile (a new browser context).
//
// Relies on: startIncidentService({...}) at boot with the providers wired,
// <IncidentButton/> in the header, <IncidentForm/> mounted, a side-panel tab "review" (data-testid tab-review)
// holding <ReviewPanel/>, a tab "candidates" (tab-candidates) holding <CandidateList/>, <IncidentPinsLayer/> inside the canvas, and the scene showing
// useReplaySession().link for useReplaySession().robotId while an incident is open.
// Uses window.__scene (src/scene/SceneInstruments.tsx) and window.__incidentPins (IncidentPinsLayer.tsx).
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimRobot } from '../../src/sim/fleet';
import { simFleetForSpec } from './simFleet';

const sim = simFleetForSpec();
let robot: SimRobot;
test.beforeAll(() => {
  robot = sim.robot;
});

async function openReview(page: Page): Promise<void> {
  await page.getByTestId('tab-review').click();
  await expect(page.getByTestId('review-panel')).toBeVisible();
}

const robotOnScreen = (page: Page, id: string) => page.evaluate((rid) => window.__scene?.robotScreenPosition(rid) ?? null, id);

test('candidates: a /diagnostics WARN comes in on its own, is confirmed from the list and saved', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => localStorage.setItem('operator-console.operator', 'E2E Operator'));
  await page.goto(`./?robot=${encodeURIComponent(robot.url)}`);
  await page.getByText(robot.name).first().click();
  // The simulated knee runs hot for 5 s in every 45 s: one deduplicated candidate, however often it repeats.
  await page.getByTestId('tab-candidates').click();
  const candidate = page.getByTestId('candidate').filter({ hasText: 'left_knee' });
  await expect(candidate).toHaveCount(1, { timeout: 60_000 });
  await expect(candidate).toContainText('WARN');
  await page.waitForTimeout(2500);
  await expect(candidate).toHaveCount(1);
  await candidate.getByTestId('candidate-confirm').click();
  const form = page.getByTestId('incident-form');
  await expect(form).toBeVisible();
  await expect(form).toContainText('left knee actuator temperature');
  await expect(form.getByTestId('incident-severity').getByRole('radio', { name: /Minor/ })).toHaveAttribute('aria-checked', 'true');
  await form
    .getByTestId('incident-category')
    .getByRole('radio', { name: /Hardware fault/ })
    .click();
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();
  await expect(page.getByTestId('candidate').filter({ hasText: 'left_knee' })).toHaveCount(0);
  await page.getByTestId('tab-review').click();
  await expect(page.getByTestId('review-item').filter({ hasText: 'Hardware fault' })).toHaveCount(1);
});

test('incident: hotkey, keyboard form, reload with pin, replay moves the robot, export and import', async ({ page, browser }) => {
  test.setTimeout(150_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => localStorage.setItem('operator-console.operator', 'E2E Operator'));
  await page.goto(`./?robot=${encodeURIComponent(robot.url)}`);
  await page.getByText(robot.name).first().click();
  await page.waitForFunction((id) => !!window.__scene?.robotScreenPosition(id), robot.url, { timeout: 30_000 });
  await page.waitForTimeout(4000); // some evidence in the ring before the instant

  // Capture from the keyboard: I, 4 (path blocked), 3 (major), a note, Enter.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('i');
  const form = page.getByTestId('incident-form');
  await expect(form).toBeVisible();
  await expect(form).toContainText('E2E Operator');
  await page.keyboard.press('4');
  await page.keyboard.press('3');
  await page.keyboard.type('box in aisle 3');
  await page.keyboard.press('Enter');
  await expect(form).toBeHidden();

  // The clip is written 10 s after the instant.
  await openReview(page);
  const item = page.getByTestId('review-item');
  await expect(item).toHaveCount(1);
  await expect(item).toContainText('Path blocked');
  await expect(item).toContainText('Major');
  await expect(item).toContainText('clip saved', { timeout: 25_000 });

  // Reload: still there, with its pin in the 3D view.
  await page.reload();
  await openReview(page);
  await expect(page.getByTestId('review-item')).toHaveCount(1);
  await expect(page.getByTestId('review-item')).toContainText('Path blocked');
  // The list's filters: another severity hides it, "any" shows it again.
  await page.getByTestId('review-filter-severity').selectOption('minor');
  await expect(page.getByTestId('review-item')).toHaveCount(0);
  await page.getByTestId('review-filter-severity').selectOption('');
  await expect(page.getByTestId('review-item')).toHaveCount(1);
  await page.waitForFunction(() => (window.__incidentPins?.list().length ?? 0) === 1, undefined, { timeout: 20_000 });
  const pin = await page.evaluate(() => window.__incidentPins!.list()[0]!);
  expect(Number.isFinite(pin.world.x)).toBe(true);

  // Replay with the live robot switched off: any motion in 3D comes from the clip.
  await page.getByText(robot.name).first().click();
  await robot.stop();
  await page.getByTestId('review-open').click();
  await expect(page.getByTestId('review-player')).toBeVisible({ timeout: 15_000 });
  await page.waitForFunction((id) => !!window.__scene?.robotScreenPosition(id), robot.url, { timeout: 15_000 });
  const position = async () => Number(await page.getByTestId('review-position').getAttribute('data-position-ms'));
  // Opened at the incident's instant; start a few seconds before it so there is motion to see.
  const instant = await position();
  expect(instant).toBeGreaterThan(1000);
  await page.getByTestId('review-scrub').fill(String(Math.max(0, instant - 4000)));
  await page.waitForTimeout(500);
  const start = await position();
  const before = await robotOnScreen(page, robot.url);
  await page.getByTestId('review-play').click();
  await page.waitForTimeout(3000);
  await expect.poll(position).toBeGreaterThan(start + 1500);
  const after = await robotOnScreen(page, robot.url);
  expect(before && after, 'robot drawn during replay').toBeTruthy();
  expect(Math.hypot(after!.x - before!.x, after!.y - before!.y), 'robot moved on screen during replay').toBeGreaterThan(3);
  // Scrub back and mark reviewed.
  await page.getByTestId('review-play').click();
  await page.getByTestId('review-scrub').fill('0');
  await page.getByTestId('review-reviewed').click();
  await page.getByTestId('review-back').click();
  await expect(page.getByTestId('review-item')).toContainText('Reviewed');

  // Export the bundle.
  await page.getByRole('button', { name: /Select all shown/ }).click();
  const downloadP = page.waitForEvent('download');
  await page.getByTestId('review-export').click();
  const download = await downloadP;
  const bundle = join(mkdtempSync(join(tmpdir(), 'incidents-')), download.suggestedFilename());
  await download.saveAs(bundle);
  expect(download.suggestedFilename()).toMatch(/\.tar$/);

  // Import it into a clean profile.
  const clean = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const page2 = await clean.newPage();
  await page2.goto('./');
  await openReview(page2);
  await expect(page2.getByTestId('review-item')).toHaveCount(0);
  await page2.getByTestId('review-import-file').setInputFiles(bundle);
  await expect(page2.getByTestId('review-message')).toContainText('Imported 1');
  await expect(page2.getByTestId('review-item')).toHaveCount(1);
  await expect(page2.getByTestId('review-item')).toContainText('Path blocked');
  await page2.getByTestId('review-open').click();
  await expect(page2.getByTestId('review-player')).toBeVisible({ timeout: 15_000 });
  await clean.close();

  expect(errors).toEqual([]);
});
