// A fake 'electron' module for running electron/main.ts and electron/preload.ts in Node (no Electron binary
// is needed). One instance per test file (vitest isolates files): a test file mocks 'electron' with
//   vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());
// and imports `fake` from here to drive it. The preload's ipcRenderer.invoke goes straight to the handler
// main.ts registered, as the console window's main frame, so both halves run together.
type Handler = (...args: any[]) => any;

export class FakeWebContents {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  handlers = new Map<string, Handler>();
  sent: unknown[][] = [];
  mainFrame = { url: 'app://console/index.html' };
  devToolsClosed = 0;
  on(ev: string, fn: Handler) {
    this.handlers.set(ev, fn);
    return this;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  setWindowOpenHandler(fn: Handler) {
    this.handlers.set('window-open', fn);
  }
  closeDevTools() {
    this.devToolsClosed++;
  }
}

const appEvents = new Map<string, Handler>();
const ipcHandlers = new Map<string, Handler>();
const rendererListeners = new Map<string, Set<Handler>>();

const state = {
  windows: [] as FakeBrowserWindow[],
  menu: null as any,
  openResult: { canceled: true, filePaths: [] as string[] },
  saveResult: { canceled: true, filePath: undefined as string | undefined },
  sessionHandlers: {} as Record<string, Handler>,
  requestFilter: null as { urls: string[] } | null,
  protocolHandlers: {} as Record<string, Handler>,
  privilegedSchemes: [] as unknown[],
  sandboxEnabled: false,
  loadedUrls: [] as string[],
  errorBoxes: [] as string[],
  exited: [] as number[],
  switches: new Set<string>(),
  /** What the preload exposed with contextBridge.exposeInMainWorld. */
  exposed: {} as Record<string, any>,
  /** Every ipcRenderer.invoke: channel and arguments, in order. */
  invocations: [] as { channel: string; args: unknown[] }[],
};

class FakeBrowserWindow {
  webContents = new FakeWebContents();
  constructor(public options: any) {
    state.windows.push(this);
  }
  once() {}
  on() {}
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  async loadURL(url: string) {
    state.loadedUrls.push(url);
  }
  static fromWebContents(wc: unknown) {
    return state.windows.find((w) => w.webContents === wc) ?? null;
  }
  static getFocusedWindow() {
    return state.windows[0] ?? null;
  }
  static getAllWindows() {
    return state.windows;
  }
}

const electron = {
  app: {
    isPackaged: false,
    commandLine: { hasSwitch: (name: string) => state.switches.has(name) },
    enableSandbox: () => (state.sandboxEnabled = true),
    requestSingleInstanceLock: () => true,
    on: (ev: string, fn: Handler) => appEvents.set(ev, fn),
    whenReady: () => Promise.resolve(),
    isReady: () => true,
    getName: () => 'Operator Console',
    getVersion: () => '9.9.9',
    getPath: () => '/tmp',
    quit: () => {},
    exit: (code: number) => state.exited.push(code),
  },
  BrowserWindow: FakeBrowserWindow,
  dialog: {
    showOpenDialog: async () => state.openResult,
    showSaveDialog: async () => state.saveResult,
    showMessageBox: async () => ({ response: 0 }),
    showErrorBox: (_t: string, msg: string) => state.errorBoxes.push(msg),
  },
  ipcMain: { handle: (ch: string, fn: Handler) => ipcHandlers.set(ch, fn) },
  Menu: {
    buildFromTemplate: (t: unknown) => t,
    setApplicationMenu: (m: unknown) => (state.menu = m),
  },
  protocol: { registerSchemesAsPrivileged: (s: unknown[]) => state.privilegedSchemes.push(...s) },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: Handler) => (state.sessionHandlers.permissionRequest = fn),
      setPermissionCheckHandler: (fn: Handler) => (state.sessionHandlers.permissionCheck = fn),
      setDevicePermissionHandler: (fn: Handler) => (state.sessionHandlers.devicePermission = fn),
      webRequest: {
        onHeadersReceived: (fn: Handler) => (state.sessionHandlers.headers = fn),
        onBeforeRequest: (filter: { urls: string[] }, fn: Handler) => {
          state.requestFilter = filter;
          state.sessionHandlers.beforeRequest = fn;
        },
      },
      protocol: { handle: (scheme: string, fn: Handler) => (state.protocolHandlers[scheme] = fn) },
    },
  },
  contextBridge: {
    exposeInMainWorld: (name: string, api: unknown) => (state.exposed[name] = api),
  },
  ipcRenderer: {
    invoke: async (channel: string, ...args: unknown[]) => {
      state.invocations.push({ channel, args });
      const handler = ipcHandlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      // Electron's structured clone: the handler sees copies, never the renderer's objects.
      const copies = args.map((a) => structuredClone(a));
      const wc = state.windows[0]!.webContents;
      return handler({ sender: wc, senderFrame: wc.mainFrame }, ...copies);
    },
    on: (channel: string, fn: Handler) => {
      if (!rendererListeners.has(channel)) rendererListeners.set(channel, new Set());
      rendererListeners.get(channel)!.add(fn);
    },
    removeListener: (channel: string, fn: Handler) => rendererListeners.get(channel)?.delete(fn),
  },
};

export const fake = { electron, state, appEvents, ipcHandlers, rendererListeners, FakeWebContents };

export function electronModule(): Record<string, unknown> {
  return { ...electron, default: electron };
}

/** Calls an IPC handler of main.ts as `sender`'s frame (the console window's main frame by default). */
export function invokeMain(channel: string, args: unknown[], sender?: FakeWebContents, frame?: unknown): Promise<any> {
  const handler = ipcHandlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  const wc = sender ?? state.windows[0]!.webContents;
  return handler({ sender: wc, senderFrame: frame === undefined ? wc.mainFrame : frame }, ...args);
}
