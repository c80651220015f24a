// electron/main.ts as an installed console runs it (app.isPackaged), against the fake 'electron' module:
// no DevTools in the window or the menu, DevTools closed if anything opens them.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { fake } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

beforeAll(async () => {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
  fake.electron.app.isPackaged = true;
  await import('../../electron/main');
  await new Promise((r) => setTimeout(r, 0));
});

describe('electron/main.ts in a packaged build', () => {
  it('opens the window without DevTools', () => {
    expect(fake.state.windows).toHaveLength(1);
    expect(fake.state.windows[0]!.options.webPreferences.devTools).toBe(false);
    expect(fake.state.exited).toEqual([]);
  });

  it('offers no DevTools in the menu', () => {
    const view = fake.state.menu.find((m: { label: string }) => m.label === '&View');
    expect(view.submenu.some((i: { role?: string }) => i.role === 'toggleDevTools')).toBe(false);
  });

  it('closes DevTools in any web contents that opens them', () => {
    const contents = new fake.FakeWebContents();
    fake.appEvents.get('web-contents-created')!({}, contents);
    contents.handlers.get('devtools-opened')!();
    expect(contents.devToolsClosed).toBe(1);
  });
});
