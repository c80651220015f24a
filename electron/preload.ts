// Preload for the sandboxed renderer. A sandboxed preload can only require('electron') (and a few
// built-ins), so this file imports nothing else at runtime: the channel names are repeated as literals,
// typed against IpcChannels so the compiler rejects any drift from electron/api.ts.
import { contextBridge, ipcRenderer } from 'electron';
import type { ConsoleApi, IpcChannels, MenuCommand } from './api';

const CH: IpcChannels = {
  getLaunchRobots: 'console:get-launch-robots',
  openFile: 'console:open-file',
  saveFile: 'console:save-file',
  appInfo: 'console:app-info',
  allowConnection: 'console:allow-connection',
  menuCommand: 'console:menu-command',
};

const MENU_COMMANDS: readonly MenuCommand[] = ['open-site-profile', 'save-site-profile'];

const api: ConsoleApi = {
  getLaunchRobots: () => ipcRenderer.invoke(CH.getLaunchRobots),
  // Only the documented fields are forwarded; main validates them again.
  openFile: (opts) => ipcRenderer.invoke(CH.openFile, { title: opts?.title, filters: opts?.filters }),
  saveFile: (opts) =>
    ipcRenderer.invoke(CH.saveFile, { title: opts?.title, defaultName: opts?.defaultName, text: opts?.text }),
  appInfo: () => ipcRenderer.invoke(CH.appInfo),
  allowConnection: (kind, url) => ipcRenderer.invoke(CH.allowConnection, kind, url),
  onMenuCommand(listener) {
    if (typeof listener !== 'function') throw new TypeError('onMenuCommand needs a function');
    // The IPC event object is never handed to the page (it would expose ipcRenderer.sender).
    const wrapped = (_event: unknown, command: unknown): void => {
      if (typeof command === 'string' && (MENU_COMMANDS as readonly string[]).includes(command)) {
        listener(command as MenuCommand);
      }
    };
    ipcRenderer.on(CH.menuCommand, wrapped);
    return () => {
      ipcRenderer.removeListener(CH.menuCommand, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('consoleApi', Object.freeze(api));
