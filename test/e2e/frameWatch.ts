// Watching frames while something big arrives (bigMap.spec.ts, bigCloud.spec.ts, cloudPrediction.spec.ts): the
// console opened on a robot from above, every frame, when it ran and where a robot was drawn, and a summary of the
// longest frame, the longest time the robot stood still on screen and how far it went.
import type { Page } from '@playwright/test';

export type Frame = { at: number; x: number; y: number };

/**
 * Opens the console on the robot at `id` (its link URL), waits until the robot is drawn, and looks at the whole
 * site from above; returns the page's errors as they come.
 */
export async function openTopDown(page: Page, id: string): Promise<Error[]> {
  const errors: Error[] = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(`./?robot=${encodeURIComponent(id)}`);
  await page.waitForFunction((id) => !!window.__scene && window.__scene.robotWorldPosition(id) !== null, id, { timeout: 60_000 });
  await page.getByTestId('scene-btn-top').click();
  await page.getByTestId('scene-btn-fit').click();
  return errors;
}

/** Frames drawn over `ms` (requestAnimationFrame times) with robot `id`'s drawn position in each. */
export function sampleFrames(page: Page, id: string, ms: number): Promise<Frame[]> {
  return page.evaluate(
    ({ id, ms }) =>
      new Promise<{ at: number; x: number; y: number }[]>((resolve) => {
        const out: { at: number; x: number; y: number }[] = [];
        const t0 = performance.now();
        const step = (t: number) => {
          const p = window.__scene!.robotWorldPosition(id);
          out.push({ at: t, x: p?.x ?? NaN, y: p?.y ?? NaN });
          if (t - t0 < ms) requestAnimationFrame(step);
          else resolve(out);
        };
        requestAnimationFrame(step);
      }),
    { id, ms },
  );
}

/** Frames drawn, the longest frame, the longest time the robot stood still on screen, and how far it went. */
export function frameSummary(frames: Frame[]) {
  let longestFrame = 0;
  let longestStill = 0;
  let stillSince = frames[0].at;
  for (let i = 1; i < frames.length; i++) {
    const a = frames[i - 1];
    const b = frames[i];
    longestFrame = Math.max(longestFrame, b.at - a.at);
    if (Math.hypot(b.x - a.x, b.y - a.y) > 1e-6) stillSince = b.at;
    longestStill = Math.max(longestStill, b.at - stillSince);
  }
  const last = frames[frames.length - 1];
  return {
    frames: frames.length,
    longestFrame: Math.round(longestFrame),
    longestStill: Math.round(longestStill),
    travelled: +Math.hypot(last.x - frames[0].x, last.y - frames[0].y).toFixed(2),
  };
}
