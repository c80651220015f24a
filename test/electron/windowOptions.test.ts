import { describe, expect, it } from 'vitest';
import { buildWindowOptions, devToolsPolicy } from '../../electron/windowOptions';
import { buildMenuTemplate, type MenuItemSpec } from '../../electron/menuTemplate';
import { APP_ORIGIN, resolveAppFile, mimeTypeFor } from '../../electron/appProtocol';
import * as path from 'node:path';

describe('buildWindowOptions', () => {
  const opts = buildWindowOptions({ preloadPath: '/app/dist-electron/preload.js', devTools: false });

  it('sets every hardening flag', () => {
    expect(opts.webPreferences).toMatchObject({
      preload: '/app/dist-electron/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
    });
  });

  it('is titled and hidden until ready-to-show', () => {
    expect(opts.title).toBe('Operator Console');
    expect(opts.show).toBe(false);
    expect(opts.icon).toBeUndefined();
    expect(buildWindowOptions({ preloadPath: 'C:\\app\\preload.js', iconPath: '/i.png', devTools: false }).icon).toBe('/i.png');
  });

  it('passes the DevTools decision through to webPreferences', () => {
    expect(opts.webPreferences.devTools).toBe(false);
    expect(buildWindowOptions({ preloadPath: '/p.js', devTools: true }).webPreferences.devTools).toBe(true);
  });

  it('requires an absolute preload path', () => {
    expect(() => buildWindowOptions({ preloadPath: 'preload.js', devTools: true })).toThrow(/absolute/);
  });
});

describe('devToolsPolicy', () => {
  const base = { isPackaged: true, supportFlag: false, remoteDebugging: false };

  it('keeps DevTools for development runs (npm start, e2e)', () => {
    expect(devToolsPolicy({ ...base, isPackaged: false })).toEqual({ devTools: true });
    expect(devToolsPolicy({ ...base, isPackaged: false, remoteDebugging: true })).toEqual({ devTools: true });
  });

  it('turns DevTools off in a packaged build', () => {
    expect(devToolsPolicy(base)).toEqual({ devTools: false });
    expect(buildWindowOptions({ preloadPath: '/p.js', devTools: devToolsPolicy(base).devTools }).webPreferences.devTools).toBe(false);
  });

  it('turns them on in a packaged build started with --support-devtools, and says so', () => {
    const p = devToolsPolicy({ ...base, supportFlag: true, remoteDebugging: true });
    expect(p.devTools).toBe(true);
    expect(p.refuse).toBeUndefined();
    expect(p.notice).toMatch(/--support-devtools/);
  });

  it('refuses to start a packaged build with a remote debugging switch but no support flag', () => {
    const p = devToolsPolicy({ ...base, remoteDebugging: true });
    expect(p.devTools).toBe(false);
    expect(p.refuse).toMatch(/remote debugging is refused.*--support-devtools/);
  });
});

function flatten(items: MenuItemSpec[]): MenuItemSpec[] {
  return items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);
}

describe('menu template', () => {
  for (const platform of ['linux', 'win32', 'darwin']) {
    it(`has File/View/Help with accelerators on ${platform}`, () => {
      const items = flatten(buildMenuTemplate(platform));
      const byId = (id: string) => items.find((i) => i.id === id);
      expect(byId('open-site-profile')?.accelerator).toBe('CmdOrCtrl+O');
      expect(byId('save-site-profile')?.accelerator).toBe('CmdOrCtrl+S');
      expect(byId('about')).toBeDefined();
      for (const role of ['quit', 'reload', 'toggleDevTools', 'zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']) {
        const item = items.find((i) => i.role === role);
        expect(item, role).toBeDefined();
        expect(item!.accelerator, role).toBeTruthy();
      }
    });
  }

  it('offers no DevTools item when DevTools are off', () => {
    for (const platform of ['linux', 'win32', 'darwin']) {
      const items = flatten(buildMenuTemplate(platform, 'Operator Console', { devTools: false }));
      expect(
        items.find((i) => i.role === 'toggleDevTools'),
        platform,
      ).toBeUndefined();
      expect(
        items.find((i) => i.role === 'reload'),
        platform,
      ).toBeDefined();
    }
  });
});

describe('app:// protocol', () => {
  const dist = path.resolve('/srv/dist');
  it('maps URLs into dist/', () => {
    expect(resolveAppFile(`${APP_ORIGIN}/`, dist)).toBe(path.join(dist, 'index.html'));
    expect(resolveAppFile(`${APP_ORIGIN}/assets/a.js?v=1`, dist)).toBe(path.join(dist, 'assets', 'a.js'));
  });
  it('refuses traversal and foreign hosts', () => {
    expect(resolveAppFile(`${APP_ORIGIN}/../etc/passwd`, dist)).toBe(path.join(dist, 'etc', 'passwd'));
    expect(resolveAppFile(`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`, dist)?.startsWith(dist + path.sep)).toBe(true);
    expect(resolveAppFile(`${APP_ORIGIN}/..%5c..%5cwin.ini`, dist)).toBeNull();
    expect(resolveAppFile('app://other/index.html', dist)).toBeNull();
    expect(resolveAppFile('file:///etc/passwd', dist)).toBeNull();
    expect(resolveAppFile(`${APP_ORIGIN}/%E0%A4%A`, dist)).toBeNull();
  });
  it('knows the common MIME types', () => {
    expect(mimeTypeFor('x/index.html')).toMatch(/text\/html/);
    expect(mimeTypeFor('a.JS')).toMatch(/javascript/);
    expect(mimeTypeFor('a.wasm')).toBe('application/wasm');
    expect(mimeTypeFor('a.bin')).toBe('application/octet-stream');
  });
});
