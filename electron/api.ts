// The preload API's public contract, shared by electron/preload.ts (which implements it over IPC) and
// src/platform/consoleApi.ts (which returns it, or a browser fallback with the same behaviour).
// Types and plain constants only: nothing here may import from 'electron' or Node.

export interface FileFilter {
  /** Label shown in the dialog, e.g. "Site profile". */
  name: string;
  /** Extensions without the dot, e.g. ["json"]. Must be in ALLOWED_EXTENSIONS. */
  extensions: string[];
}

export interface OpenFileOptions {
  title: string;
  filters: FileFilter[];
}

export interface OpenedFile {
  /** Absolute path in Electron; the bare file name in a browser. */
  path: string;
  text: string;
}

export interface SaveFileOptions {
  title: string;
  /** A bare file name (no directories), e.g. "site-profile.json". */
  defaultName: string;
  text: string;
}

export interface AppInfo {
  version: string;
  /** process.platform in Electron ("linux", "win32", "darwin"); "browser" in plain Chromium. */
  platform: string;
  /** Electron version, or "" when not running in Electron. */
  electron: string;
}

/** What a connection is for: a robot's rosbridge (ws/wss), or the site hub (http/https and ws/wss). */
export type ConnectKind = 'robot' | 'hub' | 'mesh';

/** Commands the application menu (or, in a browser, its keyboard shortcuts) asks the renderer to perform. */
export type MenuCommand = 'open-site-profile' | 'save-site-profile';
export const MENU_COMMANDS: readonly MenuCommand[] = ['open-site-profile', 'save-site-profile'];

/** Exposed as `window.consoleApi` by the preload script. */
export interface ConsoleApi {
  /** The `--robot ws://...` URLs the app was started with (validated, de-duplicated, in order). */
  getLaunchRobots(): Promise<string[]>;
  /** Shows an open dialog and reads the chosen text file; null when the user cancels. */
  openFile(opts: OpenFileOptions): Promise<OpenedFile | null>;
  /** Shows a save dialog and writes the text; resolves to the saved path, or null when cancelled. */
  saveFile(opts: SaveFileOptions): Promise<string | null>;
  appInfo(): Promise<AppInfo>;
  /**
   * Lets the console connect to this robot or hub: call it before opening a link (for robots added in the
   * UI, remembered from an earlier run, or from a site profile; launch robots and --hub are allowed
   * already). Resolves to the normalised URL; rejects with a readable reason (bad URL, an IPv6 literal,
   * too many addresses). In a browser it only validates.
   */
  allowConnection(kind: ConnectKind, url: string): Promise<string>;
  /** Subscribes to menu commands (File > Open/Save site profile…). Returns an unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** IPC channel names. The preload (which may not require local modules in a sandbox) repeats these as
 * literals typed against `IpcChannels`, so the compiler keeps both sides in step. */
export const IPC_CHANNELS = {
  getLaunchRobots: 'console:get-launch-robots',
  openFile: 'console:open-file',
  saveBegin: 'console:save-begin',
  saveChunk: 'console:save-chunk',
  saveFinish: 'console:save-finish',
  saveAbort: 'console:save-abort',
  appInfo: 'console:app-info',
  allowConnection: 'console:allow-connection',
  menuCommand: 'console:menu-command',
} as const;
export type IpcChannels = typeof IPC_CHANNELS;
