// Exercises electron/main.ts against a fake 'electron' module (no Electron binary is needed): the window
// gets the hardened options, permissions are denied, navigation/window.open are blocked, CSP is applied,
// the menu sends commands, and the IPC handlers check the sender and validate their arguments.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';

import { fake, invokeMain } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

const distIndex = join(__dirname, '..', '..', 'dist', 'index.html');

beforeAll(async () => {
  // main.ts logs refused IPC and blocked navigation; keep the test output clean.
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  process.argv.push('--robot', 'ws://10.0.0.5:9090', '--robot', 'http://bad', '--hub', 'https://hub.site.example:8443');
  await import('../../electron/main');
  await new Promise((r) => setTimeout(r, 0)); // whenReady().then(onReady)
});

function win() {
  return fake.state.windows[0]!;
}
const invoke = invokeMain;

describe('electron/main.ts wiring (fake electron)', () => {
  it('sandboxes everything and registers app:// as a privileged scheme', () => {
    expect(fake.state.sandboxEnabled).toBe(true);
    expect(fake.state.privilegedSchemes).toEqual([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
  });

  it('opens one hardened window on app://console', () => {
    expect(fake.state.windows).toHaveLength(1);
    expect(win().options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(win().options.webPreferences.preload).toMatch(/preload\.js$/);
    // The launch hub (--hub) is handed to the page as ?hub=, as in a browser.
    if (existsSync(distIndex))
      expect(fake.state.loadedUrls).toEqual([`app://console/index.html?hub=${encodeURIComponent('https://hub.site.example:8443')}`]);
    else expect(fake.state.errorBoxes[0]).toMatch(/renderer is not built/);
  });

  it('denies every permission', () => {
    const cb = vi.fn();
    fake.state.sessionHandlers.permissionRequest!(null, 'media', cb);
    expect(cb).toHaveBeenCalledWith(false);
    expect(fake.state.sessionHandlers.permissionCheck!(null, 'geolocation')).toBe(false);
    expect(fake.state.sessionHandlers.devicePermission!({})).toBe(false);
  });

  function cspNow(): string {
    const cb = vi.fn();
    fake.state.sessionHandlers.headers!({ responseHeaders: { 'content-type': ['text/html'] } }, cb);
    return cb.mock.calls[0]![0].responseHeaders['Content-Security-Policy'][0];
  }
  function requestAllowed(url: string): boolean {
    const cb = vi.fn();
    fake.state.sessionHandlers.beforeRequest!({ url }, cb);
    return !cb.mock.calls[0]![0].cancel;
  }

  it('adds the CSP to every response, connect-src naming the launch robots and the hub', () => {
    const csp = cspNow();
    expect(csp).toMatch(/^default-src 'self'; script-src 'self';/);
    expect(csp).toContain("connect-src 'self' ws://10.0.0.5:9090 https://hub.site.example:8443 wss://hub.site.example:8443;");
  });

  it('cancels network requests to anything but the allowed robots and hub', () => {
    expect(fake.state.requestFilter).toEqual({ urls: ['ws://*/*', 'wss://*/*', 'http://*/*', 'https://*/*'] });
    expect(requestAllowed('ws://10.0.0.5:9090/')).toBe(true);
    expect(requestAllowed('https://hub.site.example:8443/api/records')).toBe(true);
    expect(requestAllowed('wss://hub.site.example:8443/live')).toBe(true);
    expect(requestAllowed('ws://10.0.0.66:9090/')).toBe(false);
    expect(requestAllowed('https://tracker.example/pixel.gif')).toBe(false);
  });

  it('allowConnection adds a robot to connect-src and the request filter; later responses carry it', async () => {
    expect(requestAllowed('ws://10.0.0.6:9090/')).toBe(false);
    expect(await invoke('console:allow-connection', ['robot', 'ws://10.0.0.6:9090/'])).toBe('ws://10.0.0.6:9090');
    expect(requestAllowed('ws://10.0.0.6:9090/')).toBe(true);
    expect(cspNow()).toContain(' ws://10.0.0.6:9090;');
    if (existsSync(distIndex)) {
      const res: Response = await fake.state.protocolHandlers.app!(new Request('app://console/index.html'));
      expect(res.headers.get('content-security-policy')).toContain(' ws://10.0.0.6:9090;');
    }
  });

  it('allowConnection refuses what a CSP cannot name, bad arguments and strangers', async () => {
    await expect(invoke('console:allow-connection', ['robot', 'ws://[::1]:9090'])).rejects.toThrow(/IPv6 addresses/);
    await expect(invoke('console:allow-connection', ['robot', 'http://10.0.0.7'])).rejects.toThrow(/unsupported scheme/);
    await expect(invoke('console:allow-connection', ['printer', 'ws://10.0.0.7'])).rejects.toThrow(/kind must be one of robot, hub/);
    await expect(invoke('console:allow-connection', ['robot'])).rejects.toThrow(/takes \(kind, url\)/);
    await expect(invoke('console:allow-connection', ['robot', 'ws://h/' + 'a'.repeat(5000)])).rejects.toThrow(/longer than 2048/);
    const stranger = new fake.FakeWebContents();
    await expect(invoke('console:allow-connection', ['robot', 'ws://10.0.0.8:9090'], stranger)).rejects.toThrow(/not the console window/);
    expect(requestAllowed('ws://10.0.0.8:9090/')).toBe(false);
  });

  it('keeps DevTools in a development run', () => {
    expect(win().options.webPreferences.devTools).toBe(true);
    const view = fake.state.menu.find((m: { label: string }) => m.label === '&View');
    expect(view.submenu.some((i: { role?: string }) => i.role === 'toggleDevTools')).toBe(true);
  });

  it('serves dist/ over app:// with the CSP, and nothing outside it', async () => {
    const serve = fake.state.protocolHandlers.app!;
    const outside: Response = await serve(new Request('app://console/%2e%2e/package.json'));
    expect(outside.status).toBe(404);
    const foreign: Response = await serve(new Request('app://elsewhere/index.html'));
    expect(foreign.status).toBe(404);
    if (existsSync(distIndex)) {
      const res: Response = await serve(new Request('app://console/index.html'));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(res.headers.get('content-security-policy')).not.toMatch(/wasm-unsafe-eval/);
      // The preparation workers' scripts may compile WebAssembly (the mesh simplifier); nothing else may.
      const prep = readdirSync(join(dirname(distIndex), 'assets')).filter((f) => /^prep\.worker-.*\.js$/.test(f));
      expect(prep.length).toBeGreaterThan(0);
      for (const f of prep) {
        const w: Response = await serve(new Request(`app://console/assets/${f}`));
        expect(w.status).toBe(200);
        expect(w.headers.get('content-security-policy')).toMatch(/script-src 'self' 'wasm-unsafe-eval';/);
      }
      const link = readdirSync(join(dirname(distIndex), 'assets')).find((f) => /^linkWorker-.*\.js$/.test(f))!;
      expect((await serve(new Request(`app://console/assets/${link}`))).headers.get('content-security-policy')).not.toMatch(/wasm/);
    }
  });

  it('blocks navigation, redirects, webviews and window.open in every web contents', () => {
    const contents = new fake.FakeWebContents();
    fake.appEvents.get('web-contents-created')!({}, contents);
    const nav = { url: 'https://evil.example/', isMainFrame: false, preventDefault: vi.fn() };
    contents.handlers.get('will-frame-navigate')!(nav);
    expect(nav.preventDefault).toHaveBeenCalled();
    const redirect = { url: 'https://evil.example/', preventDefault: vi.fn() };
    contents.handlers.get('will-redirect')!(redirect);
    expect(redirect.preventDefault).toHaveBeenCalled();
    const inApp = { url: 'app://console/index.html', preventDefault: vi.fn() };
    contents.handlers.get('will-redirect')!(inApp);
    expect(inApp.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.handlers.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(contents.handlers.get('window-open')!({ url: 'https://x/' })).toEqual({ action: 'deny' });
  });

  it('has a File menu whose items send commands to the renderer', () => {
    const file = fake.state.menu.find((m: { label: string }) => m.label === '&File');
    const open = file.submenu.find((i: { label?: string }) => i.label?.startsWith('Open Site Profile'));
    expect(open.accelerator).toBe('CmdOrCtrl+O');
    open.click();
    expect(win().webContents.sent).toContainEqual(['console:menu-command', 'open-site-profile']);
  });

  it('answers getLaunchRobots and appInfo from the app window only', async () => {
    expect(await invoke('console:get-launch-robots', [])).toEqual(['ws://10.0.0.5:9090']);
    expect(await invoke('console:app-info', [])).toMatchObject({ version: '9.9.9', platform: process.platform });
    await expect(invoke('console:app-info', [1])).rejects.toThrow(/takes no arguments/);
    const stranger = new fake.FakeWebContents();
    await expect(invoke('console:get-launch-robots', [], stranger, stranger.mainFrame)).rejects.toThrow(/not the console window/);
    await expect(invoke('console:get-launch-robots', [], win().webContents, { url: 'app://console/index.html' })).rejects.toThrow(
      /main frame/,
    );
    win().webContents.mainFrame.url = 'https://evil.example/';
    await expect(invoke('console:get-launch-robots', [])).rejects.toThrow(/origin https:\/\/evil.example/);
    win().webContents.mainFrame.url = 'app://console/index.html';
  });

  it('openFile validates options and the chosen file, then returns its text', async () => {
    await expect(invoke('console:open-file', [{ title: 'x', filters: [{ name: 'x', extensions: ['exe'] }] }])).rejects.toThrow(
      /not allowed/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'oc-open-'));
    const good = join(dir, 'site.json');
    writeFileSync(good, '{"site":"A"}');
    const opts = { title: 'Open', filters: [{ name: 'Site', extensions: ['json'] }] };
    fake.state.openResult = { canceled: false, filePaths: [good] };
    expect(await invoke('console:open-file', [opts])).toEqual({ path: good, text: '{"site":"A"}' });
    const wrong = join(dir, 'site.sh');
    writeFileSync(wrong, 'rm -rf /');
    fake.state.openResult = { canceled: false, filePaths: [wrong] };
    await expect(invoke('console:open-file', [opts])).rejects.toThrow(/not one of the requested file types/);
    fake.state.openResult = { canceled: true, filePaths: [] };
    expect(await invoke('console:open-file', [opts])).toBeNull();
  });

  it('a save validates its options and the chosen path, then takes the bytes in chunks', async () => {
    await expect(invoke('console:save-begin', [{ title: 'S', defaultName: '../evil.json', byteLength: 1 }])).rejects.toThrow(
      /without directories/,
    );
    await expect(invoke('console:save-begin', [{ title: 'S', defaultName: 'p.json', text: 'x' }])).rejects.toThrow(
      /unexpected field "text"/,
    );
    const dir = mkdtempSync(join(tmpdir(), 'oc-save-'));
    const target = join(dir, 'profile.json');
    fake.state.saveResult = { canceled: false, filePath: target };
    const body = new TextEncoder().encode('{"ok":true}');
    const { id } = await invoke('console:save-begin', [{ title: 'S', defaultName: 'profile.json', byteLength: body.byteLength }]);
    await invoke('console:save-chunk', [id, 0, body]);
    expect(await invoke('console:save-finish', [id])).toBe(target);
    expect(readFileSync(target, 'utf8')).toBe('{"ok":true}');
    fake.state.saveResult = { canceled: false, filePath: join(dir, 'profile.desktop') };
    await expect(invoke('console:save-begin', [{ title: 'S', defaultName: 'profile.json', byteLength: 1 }])).rejects.toThrow(
      /cannot save as/,
    );
    const stranger = new fake.FakeWebContents();
    await expect(invoke('console:save-chunk', [id, 0, body], stranger)).rejects.toThrow(/not the console window/);
  });
});
