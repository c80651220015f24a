// Smoke test of the shell: the built console loads (title, no uncaught errors), WebGL2 is available to
// three.js in this browser, and a screenshot is kept in test/e2e/screenshots/.
import { expect, test } from './fixtures';

test('the console loads with its title, WebGL2 and no page errors', async ({ consolePage, pageErrors, saveScreenshot }) => {
  await expect(consolePage).toHaveTitle('Operator Console');
  await expect(consolePage.locator('#root')).not.toBeEmpty();

  const webgl2 = await consolePage.evaluate(() => {
    const gl = document.createElement('canvas').getContext('webgl2');
    return gl ? String(gl.getParameter(gl.VERSION)) : null;
  });
  expect(webgl2, 'WebGL2 context (three.js needs it)').toMatch(/WebGL 2/);

  // Let start-up work (stores, workers, first frames) run before judging errors.
  await consolePage.waitForTimeout(1500);
  await saveScreenshot('shell');
  expect(pageErrors.map((e) => e.message)).toEqual([]);
});
