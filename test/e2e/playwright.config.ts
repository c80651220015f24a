// Playwright e2e config: `npm run test:e2e` (builds dist/ and dist-electron/, then runs this).
//
// Projects:
// - "chromium": Debian's /usr/bin/chromium, headless, WebGL2 via SwiftShader, against the built dist/ served
//   by `vite preview` on 127.0.0.1:4173.
// - "electron": the same specs inside the real Electron shell (test/e2e/fixtures.ts launches it with
//   Playwright's _electron). It is only added when an Electron binary is present and a display is
//   available. Otherwise the config prints one loud line, "Electron e2e SKIPPED: ...", and the run
//   contains only the chromium project: a skip is announced, never reported as a pass, and never fails CI
//   on machines that cannot download Electron.
import { defineConfig, devices } from '@playwright/test';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronUnavailableReason } from '../../electron/electronBinary';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
// E2E_PORT lets two checkouts run their suites side by side; it is optional (4173 by default).
const PORT = Number(process.env.E2E_PORT) || 4173;
const CI = !!process.env.CI;

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // WebGL2 without a GPU: ANGLE on SwiftShader (verified by shell.spec.ts).
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

const electronSkipReason = electronUnavailableReason(join(ROOT, 'node_modules', 'electron'));
// The config is loaded by the runner and again by each worker; print the line once.
if (electronSkipReason && !process.env.OPERATOR_CONSOLE_E2E_ELECTRON_NOTICE) {
  process.env.OPERATOR_CONSOLE_E2E_ELECTRON_NOTICE = '1';
  console.log(`\n*** Electron e2e SKIPPED: ${electronSkipReason}. Only the Chromium project runs. ***\n`);
}

export default defineConfig({
  testDir: HERE,
  testMatch: '**/*.spec.ts',
  outputDir: join(ROOT, 'test-results'),
  workers: 1,
  retries: 0,
  fullyParallel: false,
  forbidOnly: CI,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: join(ROOT, 'playwright-report') }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1440, height: 900 },
        launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS },
      },
    },
    ...(electronSkipReason
      ? []
      : [
          {
            name: 'electron',
            // fixtures.ts swaps the page for the Electron window; the browser settings only satisfy
            // Playwright's built-in page fixture, which the electron project does not use.
            use: { launchOptions: { executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS } },
          },
        ]),
  ],
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
    cwd: ROOT,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
