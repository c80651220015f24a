// The application menu as plain data. Pure (no 'electron' import): main.ts turns `command` entries into
// click handlers; the type is structurally assignable to Electron's MenuItemConstructorOptions.
import type { MenuCommand } from './api';

export type MenuRole =
  'appMenu' | 'quit' | 'reload' | 'forceReload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen' | 'about';

export type AppAction = MenuCommand | 'about';

export interface MenuItemSpec {
  label?: string;
  role?: MenuRole;
  accelerator?: string;
  type?: 'separator' | 'normal';
  /** Set by buildMenuTemplate for items main.ts must wire; omitted for role items. */
  id?: AppAction;
  submenu?: MenuItemSpec[];
}

export interface MenuOptions {
  /** Without DevTools (packaged builds) the menu does not offer them. */
  devTools: boolean;
}

export function buildMenuTemplate(platform: string, appName = 'Operator Console', opts: MenuOptions = { devTools: true }): MenuItemSpec[] {
  const isMac = platform === 'darwin';
  const sep: MenuItemSpec = { type: 'separator' };
  const file: MenuItemSpec = {
    label: '&File',
    submenu: [
      { id: 'open-site-profile', label: 'Open Site Profile…', accelerator: 'CmdOrCtrl+O' },
      { id: 'save-site-profile', label: 'Save Site Profile…', accelerator: 'CmdOrCtrl+S' },
      ...(isMac ? [] : [sep, { role: 'quit' as const, label: 'Quit', accelerator: 'CmdOrCtrl+Q' }]),
    ],
  };
  const view: MenuItemSpec = {
    label: '&View',
    submenu: [
      { role: 'reload', accelerator: 'CmdOrCtrl+R' },
      { role: 'forceReload', accelerator: 'CmdOrCtrl+Shift+R' },
      ...(opts.devTools ? [{ role: 'toggleDevTools' as const, accelerator: isMac ? 'Alt+Cmd+I' : 'Ctrl+Shift+I' }] : []),
      sep,
      { role: 'resetZoom', accelerator: 'CmdOrCtrl+0' },
      { role: 'zoomIn', accelerator: 'CmdOrCtrl+Plus' },
      { role: 'zoomOut', accelerator: 'CmdOrCtrl+-' },
      sep,
      { role: 'togglefullscreen', accelerator: isMac ? 'Ctrl+Cmd+F' : 'F11' },
    ],
  };
  const help: MenuItemSpec = {
    label: '&Help',
    // No F1 here: F1 is the console's e-stop key and must never open a dialog.
    submenu: [{ id: 'about', label: `About ${appName}` }],
  };
  const macApp: MenuItemSpec = {
    label: appName,
    submenu: [{ id: 'about', label: `About ${appName}` }, sep, { role: 'quit', label: `Quit ${appName}`, accelerator: 'Cmd+Q' }],
  };
  return isMac ? [macApp, file, view, help] : [file, view, help];
}
