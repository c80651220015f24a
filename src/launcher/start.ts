// `npm start [-- --robot ws://host:9090 ...]`: starts the Operator Console.
//
// 1. Parses the arguments (electron/argv.ts, shared with the Electron main process).
// 2. Without --robot, starts the simulated fleet in-process (src/sim/fleet.ts) and uses its robots.
// 3. Runs the Electron shell if its binary is present (or can be fetched once, ~60 s timeout) and a
//    display is available; otherwise builds the renderer if needed, serves dist/ on 127.0.0.1 and prints
//    the address to open in a browser, robots in the query string.
// Ctrl-C stops everything. CONSOLE_NO_ELECTRON=1 forces the browser path.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { parseLaunchArgs, robotsToQuery, SUPPORT_DEVTOOLS_FLAG, type LaunchArgs } from '../../electron/argv';
import { originsFor } from '../../electron/connectAllowlist';
import { browserFallbackCsp, isPrepWorkerScript } from '../../electron/csp';
import { findElectronBinary as findElectronIn } from '../../electron/electronBinary';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const VITE_CONFIG = path.join(ROOT, 'vite.config.ts');
const DIST_INDEX = path.join(ROOT, 'dist', 'index.html');
const ELECTRON_PKG = path.join(ROOT, 'node_modules', 'electron');
const ELECTRON_DOWNLOAD_TIMEOUT_MS = 60_000;
const DEFAULT_PORT = 5173;

const findElectronBinary = (): string | null => findElectronIn(ELECTRON_PKG);

/** The contract of src/sim/fleet.ts (written separately; imported dynamically). */
interface FleetRobot {
  name: string;
  port: number;
  url: string;
}
interface Fleet {
  robots: FleetRobot[];
  stop(): Promise<void>;
}
type StartFleet = (opts?: {
  robots?: number;
  basePort?: number;
  host?: string;
  log?: (line: string) => void;
  autoTakeoverEveryMs?: number;
  askWithoutHazard?: boolean;
  ros2?: number[];
}) => Promise<Fleet>;

/** How often a simulated robot asks for a takeover by itself in `npm start` (SIM_TAKEOVER_EVERY_S, 0 = never). */
function demoTakeoverMs(): number {
  const s = Number(process.env.SIM_TAKEOVER_EVERY_S ?? 150);
  return Number.isFinite(s) && s > 0 ? s * 1000 : 0;
}

const USAGE = `Usage: npm start [-- --robot ws://HOST:PORT ...] [--hub URL] [--port N]

  --robot URL   rosbridge WebSocket of a robot (ws:// or wss://); repeat for several robots.
                Without --robot a simulated fleet of 3 robots is started on ws://127.0.0.1:9090..9092.
  --hub URL     the site hub to sync with (https://HOST:PORT, or http/ws/wss).
  --port N      preferred port for the browser fallback (default ${DEFAULT_PORT}; the next free one is used).
  ${SUPPORT_DEVTOOLS_FLAG}
                passed on to Electron: DevTools in a packaged build, for a support session.
  --help        this text.

Environment: CONSOLE_NO_ELECTRON=1 serves the console to a browser instead of opening the Electron app.`;

// ---- shutdown ---------------------------------------------------------------------------------------

const cleanups: Array<() => Promise<void> | void> = [];
let shuttingDown = false;

async function shutdown(code: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error(`[start] cleanup failed: ${errorText(err)}`);
      }
    }
  }
  process.exit(code);
}

function handleSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (shuttingDown) process.exit(130); // second Ctrl-C: don't wait
      console.log(`\nStopping the Operator Console (${signal})…`);
      void shutdown(0);
    });
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

// ---- simulated fleet --------------------------------------------------------------------------------

async function startSimulatedFleet(): Promise<string[]> {
  let startFleet: StartFleet;
  try {
    // A variable specifier: the module is someone else's and may not exist yet in a partial checkout.
    const spec = new URL('../sim/fleet.ts', import.meta.url).href;
    const mod = (await import(/* @vite-ignore */ spec)) as { startFleet?: unknown };
    if (typeof mod.startFleet !== 'function') throw new Error('src/sim/fleet.ts does not export startFleet()');
    startFleet = mod.startFleet as StartFleet;
  } catch (err) {
    console.warn(`Simulated fleet not available (${errorText(err)}); starting the console with no robots.`);
    return [];
  }
  let fleet: Fleet;
  try {
    // OPERATOR_CONSOLE_SIM_ROS2=2: robot 2 (atlas-2) answers like a ROS 2 rosbridge (nav2 actions).
    const ros2 = (process.env.OPERATOR_CONSOLE_SIM_ROS2 ?? '')
      .split(',')
      .map((x) => Number(x.trim()) - 1)
      .filter((i) => Number.isInteger(i) && i >= 0);
    fleet = await startFleet({
      log: (line) => console.log(`[sim] ${line}`),
      autoTakeoverEveryMs: demoTakeoverMs(),
      askWithoutHazard: true,
      ros2,
    });
  } catch (err) {
    console.error(`Could not start the simulated fleet: ${errorText(err)}`);
    console.error('Is another simulator already running on those ports? Pass --robot ws://... to use real robots.');
    return shutdown(1);
  }
  cleanups.push(() => fleet.stop());
  console.log(`Simulated fleet: ${fleet.robots.map((r) => `${r.name} ${r.url}`).join(', ')}`);
  return fleet.robots.map((r) => r.url);
}

// ---- Electron ---------------------------------------------------------------------------------------

/** Shortens @electron/get's stack trace to its message, e.g. "getaddrinfo ENOTFOUND github.com". */
export function downloadFailureReason(output: string): string {
  const line = output
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /^(\w*Error|Error)\b.*:/.test(l));
  if (line) return line.replace(/^\w*Error:\s*/, '');
  const last = output.trim().split('\n').pop()?.trim();
  return last || 'unknown error';
}

/** Runs electron's own install script once (it downloads the binary). Resolves to null or a reason. */
function downloadElectron(): Promise<string | null> {
  const script = path.join(ELECTRON_PKG, 'install.js');
  if (!fs.existsSync(script)) return Promise.resolve('the electron package is not installed');
  console.log('Electron binary not found; trying to download it (up to 60 s)…');
  return new Promise((resolve) => {
    let output = '';
    const child = spawn(process.execPath, [script], { cwd: ELECTRON_PKG, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve(`download timed out after ${ELECTRON_DOWNLOAD_TIMEOUT_MS / 1000} s`);
    }, ELECTRON_DOWNLOAD_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (err) => {
      clearTimeout(timer);
      resolve(err.message);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && findElectronBinary()) resolve(null);
      else resolve(`could not download its binary: ${downloadFailureReason(output)}`);
    });
  });
}

/** The Electron binary, or the reason it cannot be used here. */
async function electronOrReason(): Promise<{ bin: string } | { reason: string }> {
  if (process.env.CONSOLE_NO_ELECTRON === '1') return { reason: 'CONSOLE_NO_ELECTRON=1' };
  let bin = findElectronBinary();
  if (!bin) {
    const failure = await downloadElectron();
    bin = findElectronBinary();
    if (!bin) return { reason: failure ?? 'its binary is missing after download' };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display (DISPLAY/WAYLAND_DISPLAY not set)' };
  }
  return { bin };
}

// ---- building ---------------------------------------------------------------------------------------

function newestMtime(target: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

function isStale(output: string, inputs: string[]): boolean {
  const built = newestMtime(output);
  if (built === 0) return true;
  return inputs.some((i) => newestMtime(i) > built);
}

async function buildRendererIfStale(): Promise<void> {
  const inputs = [path.join(ROOT, 'src'), VITE_CONFIG, path.join(ROOT, 'package.json')];
  if (!isStale(DIST_INDEX, inputs)) return;
  console.log('Building the console renderer (vite build)…');
  const { build } = await import('vite');
  await build({ configFile: VITE_CONFIG, root: path.join(ROOT, 'src'), logLevel: 'error' });
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? cmd)} exited with ${code}`))));
  });
}

async function buildElectronIfStale(): Promise<void> {
  const main = path.join(ROOT, 'dist-electron', 'main.js');
  if (!isStale(main, [path.join(ROOT, 'electron')]) && fs.existsSync(path.join(ROOT, 'dist-electron', 'package.json'))) return;
  console.log('Building the Electron main process (tsc -p electron/tsconfig.json)…');
  await run(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'electron/tsconfig.json']);
  await run(process.execPath, [path.join(ROOT, 'electron', 'postbuild.mjs')]);
}

// ---- serving ----------------------------------------------------------------------------------------

function portIsFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

export async function findFreePort(preferred: number, host = '127.0.0.1', attempts = 50): Promise<number> {
  for (let port = preferred; port < preferred + attempts && port <= 65535; port++) {
    if (await portIsFree(port, host)) return port;
  }
  throw new Error(`no free port in ${preferred}..${preferred + attempts - 1}`);
}

async function serveInBrowser(robots: string[], hub: string | undefined, preferredPort: number): Promise<void> {
  await buildRendererIfStale();
  const host = '127.0.0.1';
  const port = await findFreePort(preferredPort, host);
  const { preview } = await import('vite');
  const server = await preview({
    configFile: VITE_CONFIG,
    root: path.join(ROOT, 'src'),
    logLevel: 'warn',
    // The shell's policy except connect-src: a page here cannot tell anyone which robots it adds later.
    preview: { host, port, strictPort: true, open: false },
    plugins: [cspHeaders(hubOrigins(hub))],
  });
  cleanups.push(() => server.close());
  console.log(`Operator Console: http://${host}:${port}/${robotsToQuery(robots, hub)}`);
  console.log('Press Ctrl-C to stop.');
}

/** Every response gets the policy; a preparation worker's script the one that lets it compile WebAssembly. */
export function cspHeaders(hubs: string[]): Plugin {
  const page = browserFallbackCsp(hubs);
  const worker = browserFallbackCsp(hubs, { wasm: true });
  return {
    name: 'operator-console-csp',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        res.setHeader('Content-Security-Policy', isPrepWorkerScript(req.url ?? '/') ? worker : page);
        next();
      });
    },
  };
}

function hubOrigins(hub: string | undefined): string[] {
  return hub ? originsFor('hub', new URL(hub)) : [];
}

/** What the launcher hands on to the Electron main process, which parses it with the same argv.ts. */
export function electronArgs(robots: readonly string[], args: Pick<LaunchArgs, 'hub' | 'supportDevTools'>): string[] {
  const out: string[] = [];
  for (const r of robots) out.push('--robot', r);
  if (args.hub) out.push('--hub', args.hub);
  if (args.supportDevTools) out.push(SUPPORT_DEVTOOLS_FLAG);
  return out;
}

async function runElectron(bin: string, robots: string[], args: LaunchArgs): Promise<void> {
  await buildRendererIfStale();
  await buildElectronIfStale();
  const argv = [ROOT];
  // Chromium refuses to start as root without this (containers); the renderer stays sandboxed by Electron's own settings.
  if (process.platform === 'linux' && process.getuid?.() === 0) argv.push('--no-sandbox');
  argv.push(...electronArgs(robots, args));
  console.log(`Starting Operator Console (Electron) with ${robots.length} robot(s)…`);
  const child: ChildProcess = spawn(bin, argv, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ELECTRON_RUN_AS_NODE: undefined } });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  child.on('error', (err) => {
    console.error(`Could not start Electron: ${err.message}`);
    void shutdown(1);
  });
  child.on('exit', (code) => void shutdown(code ?? 0));
}

// ---- main -------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  handleSignals();
  process.chdir(ROOT);
  const args = parseLaunchArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const problems = [...args.errors, ...args.unknown.map((u) => `unknown argument "${u}"`)];
  if (problems.length > 0) {
    for (const p of problems) console.error(`npm start: ${p}`);
    console.error(`\n${USAGE}`);
    process.exit(2);
  }

  const robots = args.robots.length > 0 ? args.robots : await startSimulatedFleet();

  const electron = await electronOrReason();
  if ('bin' in electron) {
    await runElectron(electron.bin, robots, args);
    return;
  }
  if (electron.reason === 'CONSOLE_NO_ELECTRON=1') {
    console.log('CONSOLE_NO_ELECTRON=1: serving the console in your browser.');
  } else {
    console.log(`Electron is not available here (${electron.reason}); serving the console in your browser instead.`);
  }
  await serveInBrowser(robots, args.hub, args.port ?? DEFAULT_PORT);
}

const isEntry = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) {
  main().catch((err: unknown) => {
    // Build errors from Vite are already formatted; set CONSOLE_DEBUG=1 for a stack trace.
    const detail = err instanceof Error ? (process.env.CONSOLE_DEBUG ? (err.stack ?? err.message) : err.message) : String(err);
    console.error(`Operator Console failed to start: ${detail}`);
    void shutdown(1);
  });
}
