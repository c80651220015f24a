import { describe, expect, it } from 'vitest';
import { createBrowserConsoleApi, isConsoleApi, menuCommandForKey } from '../../src/platform/consoleApi';

// The renderer accessor's browser fallback, with a minimal fake window (the unit tests run in Node).
function fakeWindow(search: string) {
  const listeners = new Map<string, Set<(e: unknown) => void>>();
  return {
    location: { search },
    addEventListener: (type: string, fn: (e: unknown) => void) => {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)!.add(fn);
    },
    removeEventListener: (type: string, fn: (e: unknown) => void) => listeners.get(type)?.delete(fn),
    dispatch: (type: string, e: unknown) => listeners.get(type)?.forEach((fn) => fn(e)),
    count: (type: string) => listeners.get(type)?.size ?? 0,
  };
}

describe('browser fallback console API', () => {
  it('reads launch robots from ?robot= params, validated', async () => {
    const win = fakeWindow('?robot=ws://127.0.0.1:9090&robot=http://bad&robot=wss://r2:9443');
    const api = createBrowserConsoleApi(win as unknown as Window);
    expect(isConsoleApi(api)).toBe(true);
    expect(await api.getLaunchRobots()).toEqual(['ws://127.0.0.1:9090', 'wss://r2:9443']);
  });

  it('reports app info for the browser', async () => {
    const api = createBrowserConsoleApi(fakeWindow('') as unknown as Window);
    const info = await api.appInfo();
    expect(info.platform).toBe('browser');
    expect(info.electron).toBe('');
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('validates open/save options like the Electron main process', async () => {
    const api = createBrowserConsoleApi(fakeWindow('') as unknown as Window);
    await expect(api.openFile({ title: 't', filters: [{ name: 'x', extensions: ['exe'] }] })).rejects.toThrow(/not allowed/);
    await expect(api.saveFile({ title: 't', defaultName: '../x.json', text: '' })).rejects.toThrow(/without directories/);
  });

  it('allowConnection validates and normalises, as the shell does, but has no list to grow', async () => {
    const api = createBrowserConsoleApi(fakeWindow('') as unknown as Window);
    expect(await api.allowConnection('robot', 'ws://10.0.0.5:9090/')).toBe('ws://10.0.0.5:9090');
    expect(await api.allowConnection('hub', 'https://hub:8443/')).toBe('https://hub:8443');
    await expect(api.allowConnection('robot', 'http://10.0.0.5')).rejects.toThrow(/unsupported scheme/);
    await expect(api.allowConnection('camera' as 'robot', 'ws://a:1')).rejects.toThrow(/kind must be one of/);
  });

  it('maps Ctrl/Cmd+O and Ctrl/Cmd+S to menu commands while subscribed', () => {
    const win = fakeWindow('');
    const api = createBrowserConsoleApi(win as unknown as Window);
    const got: string[] = [];
    const off = api.onMenuCommand((c) => got.push(c));
    let prevented = 0;
    const key = (k: string, mods: Partial<KeyboardEvent> = {}) =>
      win.dispatch('keydown', {
        key: k,
        ctrlKey: false,
        metaKey: false,
        shiftKey: false,
        altKey: false,
        ...mods,
        preventDefault: () => prevented++,
      });
    key('o', { ctrlKey: true });
    key('S', { metaKey: true });
    key('s', { ctrlKey: true, shiftKey: true });
    key('s');
    expect(got).toEqual(['open-site-profile', 'save-site-profile']);
    expect(prevented).toBe(2);
    off();
    expect(win.count('keydown')).toBe(0);
    expect(menuCommandForKey({ key: 'x', ctrlKey: true, metaKey: false, shiftKey: false, altKey: false })).toBeNull();
  });

  it('isConsoleApi rejects partial objects', () => {
    expect(isConsoleApi({ getLaunchRobots: () => 0 })).toBe(false);
    expect(isConsoleApi(null)).toBe(false);
  });
});
