// Renderer-side access to the desktop shell. In Electron the preload exposes `window.consoleApi`
// (electron/preload.ts); in plain Chromium getConsoleApi() returns a browser fallback with the same
// contract, so the rest of the renderer never checks where it runs:
//   - launch robots come from `?robot=ws://...` query parameters (repeatable),
//   - openFile uses a hidden <input type=file>, saveFile a Blob download link,
//   - menu commands come from the same keyboard shortcuts as the Electron menu (Ctrl/Cmd+O, Ctrl/Cmd+S).
import type { AppInfo, ConnectKind, ConsoleApi, MenuCommand, OpenedFile, OpenFileOptions, SaveFileOptions } from '../../electron/api';
import { robotsFromQuery, validateHubUrl, validateMeshUrl, validateRobotUrl } from '../../electron/argv';
import { extensionOf, validateChosenFile, validateOpenFileOptions, validateSaveFileOptions } from '../../electron/ipcValidation';
import { version as packageVersion } from '../../package.json';

export type { AppInfo, ConnectKind, ConsoleApi, MenuCommand, OpenedFile, OpenFileOptions, SaveFileOptions };

declare global {
  interface Window {
    consoleApi?: ConsoleApi;
  }
}

const API_METHODS = ['getLaunchRobots', 'openFile', 'saveFile', 'appInfo', 'allowConnection', 'onMenuCommand'] as const;

/** True when `candidate` looks like the preload API (every method present). */
export function isConsoleApi(candidate: unknown): candidate is ConsoleApi {
  if (typeof candidate !== 'object' || candidate === null) return false;
  const obj = candidate as Record<string, unknown>;
  return API_METHODS.every((m) => typeof obj[m] === 'function');
}

let cached: ConsoleApi | undefined;

/** The preload API in Electron, else the browser fallback. Same object on every call. */
export function getConsoleApi(): ConsoleApi {
  if (cached) return cached;
  const injected = typeof window !== 'undefined' ? window.consoleApi : undefined;
  cached = isConsoleApi(injected) ? injected : createBrowserConsoleApi(window);
  return cached;
}

/** True inside the Electron shell (the preload API is present). */
export function isDesktopShell(): boolean {
  return typeof window !== 'undefined' && isConsoleApi(window.consoleApi);
}

const MIME_BY_EXT: Record<string, string> = {
  json: 'application/json',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  xml: 'application/xml',
  urdf: 'application/xml',
  xacro: 'application/xml',
  csv: 'text/csv',
};

/** Maps Ctrl/Cmd+O and Ctrl/Cmd+S (no Shift/Alt) to the menu commands, as the Electron menu does. */
export function menuCommandForKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): MenuCommand | null {
  if (!(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey) return null;
  const key = e.key.toLowerCase();
  if (key === 'o') return 'open-site-profile';
  if (key === 's') return 'save-site-profile';
  return null;
}

/** The fallback used in a plain browser. Exported for tests; use getConsoleApi(). */
export function createBrowserConsoleApi(win: Window): ConsoleApi {
  const listeners = new Set<(command: MenuCommand) => void>();
  const onKey = (e: KeyboardEvent): void => {
    const command = menuCommandForKey(e);
    if (!command || listeners.size === 0) return;
    e.preventDefault(); // keep the browser's own "Open file"/"Save page" dialogs out of the way
    for (const l of [...listeners]) l(command);
  };

  return {
    async getLaunchRobots(): Promise<string[]> {
      return robotsFromQuery(win.location.search);
    },

    openFile(opts: OpenFileOptions): Promise<OpenedFile | null> {
      let checked: OpenFileOptions;
      try {
        checked = validateOpenFileOptions(opts);
      } catch (err) {
        return Promise.reject(err);
      }
      const doc = win.document;
      return new Promise<OpenedFile | null>((resolve, reject) => {
        const input = doc.createElement('input');
        input.type = 'file';
        input.accept = checked.filters.flatMap((f) => f.extensions.map((e) => '.' + e)).join(',');
        input.style.display = 'none';
        input.setAttribute('aria-label', checked.title);
        let settled = false;
        const finish = (fn: () => void): void => {
          if (settled) return;
          settled = true;
          input.remove();
          fn();
        };
        input.addEventListener('cancel', () => finish(() => resolve(null)));
        input.addEventListener('change', () => {
          const file = input.files?.[0];
          if (!file) {
            finish(() => resolve(null));
            return;
          }
          try {
            validateChosenFile(file.name, file.size, checked.filters);
          } catch (err) {
            finish(() => reject(err));
            return;
          }
          file.text().then(
            (text) => finish(() => resolve({ path: file.name, text })),
            (err: unknown) => finish(() => reject(err)),
          );
        });
        doc.body.appendChild(input);
        input.click();
      });
    },

    async saveFile(opts: SaveFileOptions): Promise<string | null> {
      const checked = validateSaveFileOptions(opts);
      const type = MIME_BY_EXT[extensionOf(checked.defaultName)] ?? 'text/plain';
      const url = URL.createObjectURL(new Blob([checked.text], { type: `${type};charset=utf-8` }));
      const a = win.document.createElement('a');
      a.href = url;
      a.download = checked.defaultName;
      a.style.display = 'none';
      win.document.body.appendChild(a);
      a.click();
      a.remove();
      // Revoke later: the download starts asynchronously.
      win.setTimeout(() => URL.revokeObjectURL(url), 30_000);
      return checked.defaultName;
    },

    async appInfo(): Promise<AppInfo> {
      return { version: packageVersion, platform: 'browser', electron: '' };
    },

    // The browser's CSP (from the launcher or whoever serves dist/) is fixed for the page; nothing to register.
    async allowConnection(kind: ConnectKind, url: string): Promise<string> {
      if (kind !== 'robot' && kind !== 'hub' && kind !== 'mesh') throw new Error('connection kind must be one of robot, hub, mesh');
      const check = kind === 'robot' ? validateRobotUrl(url) : kind === 'hub' ? validateHubUrl(url) : validateMeshUrl(url);
      if (!check.ok) throw new Error(check.error);
      return check.url;
    },

    onMenuCommand(listener: (command: MenuCommand) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('onMenuCommand needs a function');
      if (listeners.size === 0) win.addEventListener('keydown', onKey);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) win.removeEventListener('keydown', onKey);
      };
    },
  };
}
