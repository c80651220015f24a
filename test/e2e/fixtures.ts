// Shared e2e fixtures: `consolePage` is the Operator Console page in whichever shell the project targets:
// - chromium project: Playwright's page, navigated to the preview server (robots as ?robot= params);
// - electron project: the first window of the real Electron app, launched with --robot args.
// `pageErrors` collects uncaught page errors so specs can assert there are none.
import { _electron, test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { robotsToQuery } from '../../electron/argv';
import { findElectronBinary } from '../../electron/electronBinary';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = join(ROOT, 'test', 'e2e', 'screenshots');

export interface ConsoleFixtures {
  /** Robot URLs the console is started with (default none). Override with test.use({ robots: [...] }). */
  robots: string[];
  consolePage: Page;
  pageErrors: Error[];
  /** Saves a full-window screenshot as test/e2e/screenshots/<name>-<project>.png and returns its path. */
  saveScreenshot: (name: string) => Promise<string>;
}

export const test = base.extend<ConsoleFixtures>({
  robots: [[], { option: true }],
  pageErrors: async ({}, use) => {
    await use([]);
  },
  consolePage: async ({ page, robots, pageErrors }, use, testInfo) => {
    if (testInfo.project.name !== 'electron') {
      page.on('pageerror', (err) => pageErrors.push(err));
      await page.goto('./' + robotsToQuery(robots));
      await use(page);
      return;
    }
    const bin = findElectronBinary(join(ROOT, 'node_modules', 'electron'));
    if (!bin) throw new Error('electron project selected but no Electron binary (the config should not have added it)');
    const args = [ROOT];
    if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
    for (const r of robots) args.push('--robot', r);
    const app = await _electron.launch({ executablePath: bin, args, cwd: ROOT });
    try {
      const win = await app.firstWindow();
      win.on('pageerror', (err) => pageErrors.push(err));
      await win.waitForLoadState('domcontentloaded');
      await use(win);
    } finally {
      await app.close();
    }
  },
  saveScreenshot: async ({ consolePage }, use, testInfo) => {
    await use(async (name) => {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = join(SCREENSHOT_DIR, `${name}-${testInfo.project.name}.png`);
      await consolePage.screenshot({ path: file });
      await testInfo.attach(name, { path: file, contentType: 'image/png' });
      return file;
    });
  },
});

export { expect };
