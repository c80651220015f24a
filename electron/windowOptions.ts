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
  /** Devtools stay available (View > Toggle Developer Tools) unless a packaged build turns them off. */
  devTools?: boolean;
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
      devTools: input.devTools ?? true,
    },
  };
}
