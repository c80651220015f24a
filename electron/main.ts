// Electron main process: thin wiring of the pure modules in this folder (window options, CSP, IPC
// validation, argv, app:// protocol, menu) into Electron. Compiled to CommonJS in dist-electron/.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  type IpcMainInvokeEvent,
  type MenuItemConstructorOptions,
} from 'electron';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { IPC_CHANNELS, type AppInfo, type MenuCommand, type OpenedFile } from './api';
import { APP_INDEX_URL, APP_ORIGIN, APP_SCHEME, mimeTypeFor, resolveAppFile } from './appProtocol';
import { parseLaunchArgs } from './argv';
import { ConnectAllowlist, originOf } from './connectAllowlist';
import { appCsp, isPrepWorkerScript, withCspHeader } from './csp';
import {
  extensionOf,
  IpcValidationError,
  validateChosenFile,
  validateNoArgs,
  validateOpenFileOptions,
  validateArgCount,
  validateSaveBeginOptions,
  validateSavePath,
  validateSender,
  validateSingleArg,
  validateAllowConnectionArgs,
  MAX_TEXT_BYTES,
} from './ipcValidation';
import { readTextBounded, SaveTransfers } from './fileTransfer';
import { buildMenuTemplate, type AppAction, type MenuItemSpec } from './menuTemplate';
import { buildWindowOptions, devToolsPolicy } from './windowOptions';

const DIST_DIR = path.join(__dirname, '..', 'dist');
const PRELOAD = path.join(__dirname, 'preload.js');

const launch = parseLaunchArgs(process.argv.slice(1));
for (const err of launch.errors) console.error(`[operator-console] ignoring argument: ${err}`);
const launchRobots = Object.freeze([...launch.robots]);

// Robots and hub this console may reach; connect-src and the request filter below are built from it.
const allowlist = new ConnectAllowlist();
for (const url of launchRobots) allowlist.allow('robot', url);
if (launch.hub) allowlist.allow('hub', launch.hub);
const cspCache = new Map<boolean, { size: number; value: string }>();
/**
 * The CSP for a response served now (for `url`: a preparation worker's script may compile WebAssembly, csp.ts
 * isPrepWorkerScript): the list only grows, so its size identifies it.
 */
function currentCsp(url: string): string {
  const wasm = isPrepWorkerScript(url);
  let cached = cspCache.get(wasm);
  if (cached?.size !== allowlist.size)
    cspCache.set(wasm, (cached = { size: allowlist.size, value: appCsp(allowlist.sources(), { wasm }) }));
  return cached.value;
}
const warnedBlocked = new Set<string>();
const saves = new SaveTransfers();
const devTools = devToolsPolicy({
  isPackaged: app.isPackaged,
  supportFlag: launch.supportDevTools,
  remoteDebugging: app.commandLine.hasSwitch('remote-debugging-port') || app.commandLine.hasSwitch('remote-debugging-pipe'),
});
if (devTools.notice) console.warn(`[operator-console] ${devTools.notice}`);

let mainWindow: BrowserWindow | null = null;

// Must happen before 'ready': app:// behaves like https (secure context, fetch, CORS, streaming).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } },
]);
// Every renderer is sandboxed, whatever its webPreferences say.
app.enableSandbox();

if (devTools.refuse) {
  console.error(`[operator-console] ${devTools.refuse}`);
  app.exit(1);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.whenReady().then(onReady, (err: unknown) => {
    console.error('[operator-console] failed to start:', err);
    app.exit(1);
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('activate', () => {
  if (app.isReady() && BrowserWindow.getAllWindows().length === 0) createWindow();
});

// Hardening for every web contents the app ever creates (including devtools and anything unexpected).
app.on('web-contents-created', (_event, contents) => {
  // Every frame, not only the top one (will-navigate covers the main frame only).
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault();
    console.warn(`[operator-console] blocked navigation to ${event.url}`);
  });
  contents.on('will-redirect', (event) => {
    if (!event.url.startsWith(APP_ORIGIN + '/')) {
      event.preventDefault();
      console.warn(`[operator-console] blocked redirect to ${event.url}`);
    }
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // webPreferences.devTools=false already refuses to open them; this closes any that a future code path opens.
  if (!devTools.devTools) contents.on('devtools-opened', () => contents.closeDevTools());
  contents.setWindowOpenHandler(({ url }) => {
    console.warn(`[operator-console] blocked window.open(${url})`);
    return { action: 'deny' };
  });
});

function onReady(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders, currentCsp(details.url)) });
  });
  // The same list enforced below the page: a request to any other host never leaves the machine, whatever
  // CSP a worker or document ended up with. app:// (the console itself) is not a network scheme and is not filtered.
  ses.webRequest.onBeforeRequest({ urls: ['ws://*/*', 'wss://*/*', 'http://*/*', 'https://*/*'] }, (details, callback) => {
    const allowed = allowlist.allows(details.url);
    if (!allowed) warnBlockedOnce(details.url);
    callback({ cancel: !allowed });
  });
  ses.protocol.handle(APP_SCHEME, serveAppRequest);

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(toElectronMenu(buildMenuTemplate(process.platform, app.getName(), { devTools: devTools.devTools }))),
  );
  registerIpc();
  createWindow();
}

async function serveAppRequest(request: Request): Promise<Response> {
  const file = resolveAppFile(request.url, DIST_DIR);
  if (!file) return new Response('Not found', { status: 404 });
  try {
    const body = await fs.promises.readFile(file);
    return new Response(body, {
      status: 200,
      headers: {
        'Content-Type': mimeTypeFor(file),
        'Content-Security-Policy': currentCsp(request.url),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-cache',
      },
    });
  } catch {
    return new Response('Not found', { status: 404 });
  }
}

function warnBlockedOnce(url: string): void {
  const origin = originOf(url) ?? url.slice(0, 200);
  if (warnedBlocked.has(origin) || warnedBlocked.size >= 256) return;
  warnedBlocked.add(origin);
  console.warn(`[operator-console] blocked a connection to ${origin}: not a robot or hub this console was given`);
}

function createWindow(): void {
  const iconPath = path.join(__dirname, '..', 'build', 'icon.png');
  const win = new BrowserWindow(
    buildWindowOptions({
      preloadPath: PRELOAD,
      title: app.getName(),
      iconPath: fs.existsSync(iconPath) ? iconPath : undefined,
      devTools: devTools.devTools,
    }),
  );
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  const owner = win.webContents.id;
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
    void saves.abortAll(owner);
  });
  // A reload drops the page that was streaming a save; its partial files go with it.
  win.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) void saves.abortAll(owner);
  });
  win.webContents.on('render-process-gone', (_e, details) => {
    console.error(`[operator-console] renderer gone: ${details.reason} (exit code ${details.exitCode})`);
  });
  if (!fs.existsSync(path.join(DIST_DIR, 'index.html'))) {
    dialog.showErrorBox(
      'Operator Console',
      `The renderer is not built (${path.join(DIST_DIR, 'index.html')} is missing). Run "npm run build".`,
    );
    app.exit(1);
    return;
  }
  // --hub reaches the renderer as ?hub=, the same way the browser fallback passes it.
  void win.loadURL(launch.hub ? `${APP_INDEX_URL}?hub=${encodeURIComponent(launch.hub)}` : APP_INDEX_URL);
}

// ---- Menu -------------------------------------------------------------------------------------------

function toElectronMenu(items: MenuItemSpec[]): MenuItemConstructorOptions[] {
  return items.map((item) => {
    const { id, submenu, ...rest } = item;
    const out: MenuItemConstructorOptions = { ...rest };
    if (submenu) out.submenu = toElectronMenu(submenu);
    if (id) out.click = () => runAction(id);
    return out;
  });
}

function runAction(action: AppAction): void {
  if (action === 'about') {
    void showAbout();
    return;
  }
  sendMenuCommand(action);
}

function sendMenuCommand(command: MenuCommand): void {
  const win = BrowserWindow.getFocusedWindow() ?? mainWindow;
  win?.webContents.send(IPC_CHANNELS.menuCommand, command);
}

async function showAbout(): Promise<void> {
  const detail = [
    `Version ${app.getVersion()}`,
    `Electron ${process.versions.electron}`,
    `Chromium ${process.versions.chrome}`,
    `Node ${process.versions.node}`,
    `Platform ${process.platform} ${process.arch}`,
  ].join('\n');
  const opts = { type: 'info' as const, title: `About ${app.getName()}`, message: app.getName(), detail, buttons: ['OK'] };
  if (mainWindow) await dialog.showMessageBox(mainWindow, opts);
  else await dialog.showMessageBox(opts);
}

// ---- IPC --------------------------------------------------------------------------------------------

/** Registers an invoke handler that first checks the sender is our window's top frame on app://console. */
function handle<T>(channel: string, fn: (win: BrowserWindow, args: unknown[]) => Promise<T> | T): void {
  ipcMain.handle(channel, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    const win = BrowserWindow.fromWebContents(event.sender);
    const frame = event.senderFrame;
    try {
      validateSender(
        {
          frameUrl: frame ? frame.url : null,
          isAppMainFrame: !!win && win === mainWindow && !!frame && frame === event.sender.mainFrame,
        },
        APP_ORIGIN,
      );
      return await fn(win!, args);
    } catch (err) {
      if (err instanceof IpcValidationError) {
        console.warn(`[operator-console] ${channel}: ${err.message}`);
        throw new Error(err.message);
      }
      throw err;
    }
  });
}

function registerIpc(): void {
  handle(IPC_CHANNELS.getLaunchRobots, (_win, args) => {
    validateNoArgs('getLaunchRobots', args);
    return [...launchRobots];
  });

  handle(IPC_CHANNELS.appInfo, (_win, args): AppInfo => {
    validateNoArgs('appInfo', args);
    return { version: app.getVersion(), platform: process.platform, electron: process.versions.electron ?? '' };
  });

  handle(IPC_CHANNELS.allowConnection, (_win, args): string => {
    const { kind, url } = validateAllowConnectionArgs(args);
    const result = allowlist.allow(kind, url);
    if (!result.ok) throw new IpcValidationError(result.error);
    if (result.added) console.log(`[operator-console] allowed ${kind} ${result.origins.join(' ')}`);
    return result.url;
  });

  handle(IPC_CHANNELS.openFile, async (win, args): Promise<OpenedFile | null> => {
    const opts = validateOpenFileOptions(validateSingleArg('openFile', args));
    const result = await dialog.showOpenDialog(win, { title: opts.title, filters: opts.filters, properties: ['openFile'] });
    const chosen = result.filePaths[0];
    if (result.canceled || !chosen) return null;
    const stat = await fs.promises.stat(chosen);
    if (!stat.isFile()) throw new IpcValidationError(`"${path.basename(chosen)}" is not a file`);
    validateChosenFile(chosen, stat.size, opts.filters);
    return { path: chosen, text: await readTextBounded(chosen, MAX_TEXT_BYTES) };
  });

  // A save in four steps (see fileTransfer.ts): begin (dialog; how many bytes will follow), chunks, finish.
  handle(IPC_CHANNELS.saveBegin, async (win, args): Promise<{ id: string } | null> => {
    const opts = validateSaveBeginOptions(validateSingleArg('saveFile', args));
    const ext = extensionOf(opts.defaultName);
    const result = await dialog.showSaveDialog(win, {
      title: opts.title,
      defaultPath: path.join(app.getPath('documents'), opts.defaultName),
      filters: [{ name: ext.toUpperCase(), extensions: [ext] }],
      properties: ['showOverwriteConfirmation', 'createDirectory'],
    });
    if (result.canceled || !result.filePath) return null;
    validateSavePath(result.filePath);
    return { id: await saves.begin(win.webContents.id, result.filePath, opts.byteLength) };
  });

  handle(IPC_CHANNELS.saveChunk, async (win, args): Promise<void> => {
    validateArgCount('saveChunk', args, 3);
    await saves.chunk(win.webContents.id, args[0], args[1], args[2]);
  });

  handle(IPC_CHANNELS.saveFinish, async (win, args): Promise<string> => {
    validateArgCount('saveFinish', args, 1);
    return saves.finish(win.webContents.id, args[0]);
  });

  handle(IPC_CHANNELS.saveAbort, async (win, args): Promise<void> => {
    validateArgCount('saveAbort', args, 1);
    await saves.abort(win.webContents.id, args[0]);
  });
}
