// The `npm start` launcher: argument errors, the Electron download failure message, free-port search, and
// (end to end) the browser path with CONSOLE_NO_ELECTRON=1: prints the address with the robots in the query,
// serves dist/ with the CSP, and stops cleanly on SIGINT.
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { downloadFailureReason, electronArgs, findFreePort } from '../../src/launcher/start';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function startLauncher(args: string[]) {
  const child = spawn(process.execPath, [TSX, 'src/launcher/start.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, CONSOLE_NO_ELECTRON: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (re: RegExp, ms: number): Promise<RegExpMatchArray> => {
    const until = Date.now() + ms;
    for (;;) {
      const m = out.match(re);
      if (m) return m;
      if (child.exitCode !== null || Date.now() > until) throw new Error(`launcher did not print ${re}; output:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  return { child, exited, waitFor, output: () => out };
}

describe('launcher helpers', () => {
  it('shortens @electron/get failures to one reason', () => {
    const stack = `RequestError: getaddrinfo ENOTFOUND github.com
    at ClientRequest.<anonymous> (/x/node_modules/got/dist/source/core/index.js:970:111)
    at Object.onceWrapper (node:events:639:26)`;
    expect(downloadFailureReason(stack)).toBe('getaddrinfo ENOTFOUND github.com');
    expect(downloadFailureReason('HTTPError: Response code 404 (Not Found)\n  at x')).toBe('Response code 404 (Not Found)');
    expect(downloadFailureReason('')).toBe('unknown error');
  });

  it('hands robots, the hub and the support flag on to Electron', () => {
    expect(electronArgs(['ws://a:1', 'ws://b:2'], { hub: 'https://hub:8443', supportDevTools: true })).toEqual([
      '--robot',
      'ws://a:1',
      '--robot',
      'ws://b:2',
      '--hub',
      'https://hub:8443',
      '--support-devtools',
    ]);
    expect(electronArgs([], { supportDevTools: false })).toEqual([]);
  });

  it('findFreePort skips a busy port', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const free = await findFreePort(port);
      expect(free).toBeGreaterThan(port);
    } finally {
      busy.close();
    }
  });
});

describe('npm start', () => {
  it('rejects bad arguments with exit code 2 and usage', async () => {
    const l = startLauncher(['--robot', 'http://nope', '--bogus']);
    expect(await l.exited).toBe(2);
    expect(l.output()).toMatch(/--robot: unsupported scheme "http:"/);
    expect(l.output()).toMatch(/unknown argument "--bogus"/);
    expect(l.output()).toMatch(/Usage: npm start/);
  });

  it('serves the console to a browser when Electron is off, and stops on SIGINT', async () => {
    const port = await findFreePort(5600);
    const l = startLauncher([
      '--robot',
      'ws://10.0.0.5:9090',
      '--robot',
      'wss://r2.example:9443',
      '--hub',
      'https://hub.example:8443',
      '--port',
      String(port),
    ]);
    try {
      const m = await l.waitFor(/Operator Console: (http:\/\/127\.0\.0\.1:(\d+)\/\S*)/, 90_000);
      expect(l.output()).toMatch(/CONSOLE_NO_ELECTRON=1: serving the console in your browser\./);
      expect(m[1]).toBe(`http://127.0.0.1:${m[2]}/?robot=ws://10.0.0.5:9090&robot=wss://r2.example:9443&hub=https://hub.example:8443`);
      const res = await fetch(m[1]!);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toMatch(/connect-src 'self' ws: wss: https:\/\/hub.example:8443;/);
      expect(await res.text()).toMatch(/<title>Operator Console<\/title>/);
    } finally {
      l.child.kill('SIGINT');
    }
    expect(await l.exited).toBe(0);
    expect(l.output()).toMatch(/Stopping the Operator Console \(SIGINT\)/);
  }, 120_000);
});
