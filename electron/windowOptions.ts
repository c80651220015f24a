import { SUPPORT_DEVTOOLS_FLAG } from './argv';

// The hardened BrowserWindow options. Pure: no 'electron' import (main.ts passes the result to
// `new BrowserWindow`, and the compiler checks it is assignable to BrowserWindowConstructorOptions).

export interface HardenedWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  spellcheck: false;
  enableWebSQL: false;
  devTools: boolean;
}

export interface ConsoleWindowOptions {
  title: string;
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  backgroundColor: string;
  autoHideMenuBar: boolean;
  icon?: string;
  webPreferences: HardenedWebPreferences;
}

export interface WindowOptionsInput {
  /** Absolute path of the compiled preload script. */
  preloadPath: string;
  title?: string;
  iconPath?: string;
  /** From devToolsPolicy(): on in development, off in packaged builds unless started for support. */
  devTools: boolean;
}

export interface DevToolsPolicyInput {
  /** app.isPackaged: running from an installer's ASAR rather than `npm start`. */
  isPackaged: boolean;
  /** --support-devtools was given. */
  supportFlag: boolean;
  /** Chromium's --remote-debugging-port or --remote-debugging-pipe was given. */
  remoteDebugging: boolean;
}

export interface DevToolsPolicy {
  devTools: boolean;
  /** Set when the app must not start: a debugging switch in a packaged build without the support flag. */
  refuse?: string;
  /** A line for the log when DevTools are on in a packaged build. */
  notice?: string;
}

/**
 * DevTools (and the remote debugging protocol, which reaches the same powers without a window) are for
 * developers and support sessions: a packaged console on a work site has neither unless someone starts it
 * with --support-devtools on purpose. The fuses already make main ignore --inspect; this covers the renderer.
 */
export function devToolsPolicy(input: DevToolsPolicyInput): DevToolsPolicy {
  if (!input.isPackaged) return { devTools: true };
  if (input.supportFlag) {
    return { devTools: true, notice: `DevTools are on for a support session (${SUPPORT_DEVTOOLS_FLAG})` };
  }
  if (input.remoteDebugging) {
    return {
      devTools: false,
      refuse: `remote debugging is refused in an installed console; start it with ${SUPPORT_DEVTOOLS_FLAG} for a support session`,
    };
  }
  return { devTools: false };
}

export function buildWindowOptions(input: WindowOptionsInput): ConsoleWindowOptions {
  const isAbsolute = input.preloadPath.startsWith('/') || /^[A-Za-z]:[\\/]/.test(input.preloadPath) || input.preloadPath.startsWith('\\\\');
  if (!isAbsolute) throw new Error(`preload path must be absolute, got "${input.preloadPath}"`);
  return {
    title: input.title ?? 'Operator Console',
    width: 1440,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    // Shown on 'ready-to-show' to avoid a white flash.
    show: false,
    backgroundColor: '#0f1720',
    autoHideMenuBar: false,
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
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
      safeDialogs: true,
      spellcheck: false,
      enableWebSQL: false,
      devTools: input.devTools,
    },
  };
}
