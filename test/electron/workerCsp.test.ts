// Checks, in Chromium (Debian's /usr/bin/chromium, as the e2e suite uses), the behaviour the shell's
// connect-src relies on: a dedicated worker loaded from a URL, module or classic, runs under the CSP of
// its own script response, not the page's. So a robot registered after the page loaded is reachable
// from a link worker created afterwards, while the page itself and older workers stay limited.
// The policies are the ones electron/csp.ts builds from a ConnectAllowlist, as main.ts serves them.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from '@playwright/test';
import { WebSocketServer } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectAllowlist } from '../../electron/connectAllowlist';
import { appCsp, isPrepWorkerScript } from '../../electron/csp';

// What a link worker does with its socket, reduced to: open, report, close.
const WORKER = `
self.addEventListener('securitypolicyviolation', (e) => postMessage('blocked by ' + e.effectiveDirective));
self.onmessage = (e) => {
  const ws = new WebSocket(e.data);
  ws.onopen = () => { postMessage('open'); ws.close(); };
  ws.onerror = () => postMessage('error');
};`;

// A preparation worker compiling its WebAssembly (the mesh simplifier), reduced to the smallest module.
const WASM_WORKER = `
self.addEventListener('securitypolicyviolation', (e) => postMessage('blocked by ' + e.effectiveDirective));
WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(() => postMessage('compiled'), (e) => postMessage('refused: ' + e.message.slice(0, 40)));`;

let browser: Browser;
let server: http.Server;
const robots: { url: string; server: WebSocketServer; hits: number }[] = [];
const allowlist = new ConnectAllowlist();
let pageUrl = '';

async function robot(): Promise<(typeof robots)[number]> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((r) => wss.once('listening', () => r()));
  const entry = { url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, server: wss, hits: 0 };
  wss.on('connection', (s) => {
    entry.hits++;
    s.close();
  });
  robots.push(entry);
  return entry;
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    // Every response carries the policy as it is at that moment, like main.ts's app:// handler.
    const csp = appCsp(allowlist.sources(), { wasm: isPrepWorkerScript(req.url ?? '/') });
    const headers = { 'Content-Security-Policy': csp, 'Cache-Control': 'no-cache' };
    if (req.url === '/') res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end('<title>csp</title>');
    else if (req.url?.startsWith('/linkWorker.js')) res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(WORKER);
    else if (/^\/assets\/(prep\.worker|linkWorker)-x\.js$/.test(req.url ?? ''))
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(WASM_WORKER);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  pageUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  for (const r of robots) r.server.close();
});

type Outcome = string[];

describe('Chromium applies a dedicated worker its own response CSP', () => {
  it('a robot registered after the page loaded is reachable from a worker created after, not from the page', async () => {
    const launchRobot = await robot();
    const added = await robot();
    const unknown = await robot();
    allowlist.allow('robot', launchRobot.url);
    const page = await browser.newPage();
    await page.goto(pageUrl);
    // The person adds a robot in the UI: the renderer registers it, then opens its link.
    allowlist.allow('robot', added.url);

    const results = await page.evaluate(
      async ({ launchUrl, addedUrl, unknownUrl }) => {
        const viaWorker = (target: string, type: WorkerType, cacheBust: string): Promise<string[]> =>
          new Promise((resolve) => {
            const w = new Worker(`/linkWorker.js?${cacheBust}`, { type });
            const got: string[] = [];
            w.onmessage = (e) => {
              got.push(String(e.data));
              // The violation report and the socket's error event are separate tasks: collect both.
              if (e.data === 'open' || e.data === 'error') {
                setTimeout(() => {
                  w.terminate();
                  resolve(got.sort());
                }, 50);
              }
            };
            w.onerror = (e) => resolve([`worker failed: ${e.message}`]);
            w.postMessage(target);
          });
        const fromPage = (target: string): Promise<string> =>
          new Promise((resolve) => {
            const ws = new WebSocket(target);
            ws.onopen = () => {
              ws.close();
              resolve('open');
            };
            ws.onerror = () => resolve('error');
          });
        return {
          moduleToAdded: await viaWorker(addedUrl, 'module', 'a'),
          classicToAdded: await viaWorker(addedUrl, 'classic', 'b'),
          moduleToLaunch: await viaWorker(launchUrl, 'module', 'c'),
          moduleToUnknown: await viaWorker(unknownUrl, 'module', 'd'),
          pageToLaunch: await fromPage(launchUrl),
          pageToAdded: await fromPage(addedUrl),
        };
      },
      { launchUrl: launchRobot.url, addedUrl: added.url, unknownUrl: unknown.url },
    );
    await page.close();

    const r = results as Record<string, Outcome | string>;
    expect(r.moduleToAdded).toEqual(['open']);
    expect(r.classicToAdded).toEqual(['open']);
    expect(r.moduleToLaunch).toEqual(['open']);
    expect(r.moduleToUnknown).toEqual(['blocked by connect-src', 'error']);
    expect(r.pageToLaunch).toBe('open');
    // The page's own policy is the one it loaded with.
    expect(r.pageToAdded).toBe('error');
    expect(launchRobot.hits).toBe(2);
    expect(added.hits).toBe(2);
    expect(unknown.hits).toBe(0);
  }, 30_000);

  it('a preparation worker may compile WebAssembly (its own response allows it); the page and other workers may not', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl);
    const results = await page.evaluate(async () => {
      const run = (url: string): Promise<string[]> =>
        new Promise((resolve) => {
          const w = new Worker(url, { type: 'module' });
          const got: string[] = [];
          w.onmessage = (e) => {
            got.push(String(e.data).startsWith('refused') ? 'refused' : String(e.data));
            if (got.some((g) => g === 'compiled' || g === 'refused'))
              setTimeout(() => {
                w.terminate();
                resolve(got.sort());
              }, 50);
          };
          w.onerror = (e) => resolve([`worker failed: ${e.message}`]);
        });
      const onPage = await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(
        () => 'compiled',
        () => 'refused',
      );
      return { prep: await run('/assets/prep.worker-x.js'), other: await run('/assets/linkWorker-x.js'), onPage };
    });
    await page.close();
    expect(results.prep).toEqual(['compiled']);
    expect(results.other).toEqual(['blocked by script-src', 'refused']);
    expect(results.onPage).toBe('refused');
  }, 30_000);
});
