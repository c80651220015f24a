// Preload for the sandboxed renderer. A sandboxed preload can only require('electron') (and a few
// built-ins), so this file imports nothing else at runtime: channel names and limits are repeated as
// literals, the names typed against IpcChannels so the compiler rejects any drift from electron/api.ts,
// the limits checked against main's by test/electron/preload.test.ts.
//
// It is also where IPC sizes are enforced before anything is sent: Electron hands main an argument only
// after the whole of it crossed and was deserialised, so main's own checks cannot stop a big one. Every
// argument is measured here first; text to save goes in bounded chunks that main checks one by one.
import { contextBridge, ipcRenderer } from 'electron';
import type { ConsoleApi, IpcChannels, MenuCommand } from './api';

const CH: IpcChannels = {
  getLaunchRobots: 'console:get-launch-robots',
  openFile: 'console:open-file',
  saveBegin: 'console:save-begin',
  saveChunk: 'console:save-chunk',
  saveFinish: 'console:save-finish',
  saveAbort: 'console:save-abort',
  appInfo: 'console:app-info',
  allowConnection: 'console:allow-connection',
  menuCommand: 'console:menu-command',
};

export const PRELOAD_LIMITS = {
  /** Largest option object or URL argument, counted in string characters plus one per value (16 k). */
  maxArgUnits: 16 * 1024,
  /** Deepest nesting (openFile: arguments → options → filters → filter → extensions is 4 below the top). */
  maxArgDepth: 6,
  /** = ipcValidation MAX_TEXT_BYTES. */
  maxTextBytes: 20 * 1024 * 1024,
  /** = fileTransfer SAVE_CHUNK_BYTES. */
  chunkBytes: 1024 * 1024,
} as const;

const MENU_COMMANDS: readonly MenuCommand[] = ['open-site-profile', 'save-site-profile'];

/** Throws when `value` is bigger or deeper than an option argument may be; counts without copying. */
function checkArgSize(where: string, value: unknown): void {
  let units = 0;
  const visit = (v: unknown, depth: number): void => {
    units += typeof v === 'string' ? v.length + 1 : 1;
    if (units > PRELOAD_LIMITS.maxArgUnits) {
      throw new Error(`${where}: argument larger than ${PRELOAD_LIMITS.maxArgUnits} characters; not sent`);
    }
    if (typeof v !== 'object' || v === null) return;
    if (depth >= PRELOAD_LIMITS.maxArgDepth)
      throw new Error(`${where}: argument nested deeper than ${PRELOAD_LIMITS.maxArgDepth} levels; not sent`);
    const entries = Array.isArray(v) ? v : Object.entries(v as Record<string, unknown>).flat();
    for (const e of entries) visit(e, depth + 1);
  };
  visit(value, 0);
}

/** Invokes after measuring; a refusal is a rejected promise, like every other failure of the API. */
async function send<T>(channel: string, ...args: unknown[]): Promise<T> {
  checkArgSize(channel.replace(/^console:/, ''), args);
  return (await ipcRenderer.invoke(channel, ...args)) as T;
}

function formatMb(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

async function saveFile(opts: Parameters<ConsoleApi['saveFile']>[0]): Promise<string | null> {
  const text: unknown = opts?.text;
  if (typeof text !== 'string') throw new TypeError('saveFile: text must be a string');
  const max = PRELOAD_LIMITS.maxTextBytes;
  // Every UTF-16 unit is at least one UTF-8 byte: refuse the obvious cases before encoding.
  if (text.length > max) throw new Error(`saveFile: text is larger than ${formatMb(max)}; not sent`);
  const bytes = new TextEncoder().encode(text);
  if (bytes.byteLength > max) throw new Error(`saveFile: text is ${formatMb(bytes.byteLength)}; the limit is ${formatMb(max)}; not sent`);
  const begun = await send<{ id: string } | null>(CH.saveBegin, {
    title: opts.title,
    defaultName: opts.defaultName,
    byteLength: bytes.byteLength,
  });
  if (begun === null) return null;
  try {
    for (let offset = 0, index = 0; offset < bytes.byteLength; offset += PRELOAD_LIMITS.chunkBytes, index++) {
      // slice, not subarray: a view would carry its whole underlying buffer across IPC.
      await ipcRenderer.invoke(CH.saveChunk, begun.id, index, bytes.slice(offset, offset + PRELOAD_LIMITS.chunkBytes));
    }
    return (await ipcRenderer.invoke(CH.saveFinish, begun.id)) as string;
  } catch (err) {
    ipcRenderer.invoke(CH.saveAbort, begun.id).catch(() => {});
    throw err;
  }
}

const api: ConsoleApi = {
  getLaunchRobots: () => send(CH.getLaunchRobots),
  // Only the documented fields are forwarded; main validates them again.
  openFile: (opts) => send(CH.openFile, { title: opts?.title, filters: opts?.filters }),
  saveFile,
  appInfo: () => send(CH.appInfo),
  allowConnection: (kind, url) => send(CH.allowConnection, kind, url),
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
