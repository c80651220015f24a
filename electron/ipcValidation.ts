// Validation of everything the renderer sends over IPC. Pure (no 'electron'/Node imports): main.ts calls
// these before touching dialogs or the file system, and vitest exercises them directly.
import type { FileFilter, OpenFileOptions, SaveFileOptions } from './api';
import { MAX_ROBOT_URL_LENGTH } from './argv';

/** Thrown for any bad IPC input; the message is what the renderer sees. */
export class IpcValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IpcValidationError';
  }
}

/** Largest text file the console reads or writes (site profiles, URDFs, logs): 20 MB. */
export const MAX_TEXT_BYTES = 20 * 1024 * 1024;
export const MAX_TITLE_LENGTH = 200;
export const MAX_FILTERS = 16;
export const MAX_FILTER_NAME_LENGTH = 100;
export const MAX_EXTENSIONS_PER_FILTER = 16;
export const MAX_FILE_NAME_LENGTH = 255;
export const MAX_URL_LENGTH = MAX_ROBOT_URL_LENGTH;

/** Only text formats the console knows how to use may be opened or saved. */
export const ALLOWED_EXTENSIONS: readonly string[] = ['json', 'yaml', 'yml', 'urdf', 'xacro', 'xml', 'txt', 'csv', 'log', 'md'];

function fail(message: string): never {
  throw new IpcValidationError(message);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function checkKeys(where: string, obj: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) fail(`${where}: unexpected field "${key}"`);
  }
}

/** C0 controls and DEL: a file name or title with them is either an attack or a bug. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

function checkString(where: string, value: unknown, max: number, allowEmpty = false): string {
  if (typeof value !== 'string') fail(`${where} must be a string`);
  if (!allowEmpty && value.trim().length === 0) fail(`${where} must not be empty`);
  if (value.length > max) fail(`${where} is longer than ${max} characters`);
  if (hasControlCharacter(value)) fail(`${where} must not contain control characters`);
  return value;
}

/** UTF-8 byte length without allocating for the common ASCII case. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

export function checkText(where: string, value: unknown, maxBytes = MAX_TEXT_BYTES): string {
  if (typeof value !== 'string') fail(`${where} must be a string`);
  // A UTF-16 string of n units is at least n UTF-8 bytes: cheap early exit before counting.
  if (value.length > maxBytes || utf8ByteLength(value) > maxBytes) {
    fail(`${where} is larger than ${formatBytes(maxBytes)}`);
  }
  return value;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} kB`;
  return `${n} bytes`;
}

/** A size over a limit, exact when rounding would make the two look equal ("20 MB; the limit is 20 MB"). */
export function formatOver(n: number, limit: number): string {
  return formatBytes(n) === formatBytes(limit) ? `${n} bytes` : formatBytes(n);
}

/** The extension of a file name or path, lower-case, without the dot ("" when none). */
export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function checkExtension(where: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[A-Za-z0-9]{1,16}$/.test(value)) {
    fail(`${where} must be a bare extension like "json" (letters and digits, no dot)`);
  }
  const ext = value.toLowerCase();
  if (!ALLOWED_EXTENSIONS.includes(ext)) {
    fail(`${where}: extension "${ext}" is not allowed (allowed: ${ALLOWED_EXTENSIONS.join(', ')})`);
  }
  return ext;
}

function checkFilters(value: unknown): FileFilter[] {
  if (!Array.isArray(value)) fail('openFile: filters must be an array');
  if (value.length === 0) fail('openFile: filters must list at least one file type');
  if (value.length > MAX_FILTERS) fail(`openFile: at most ${MAX_FILTERS} filters`);
  return value.map((raw, i) => {
    const where = `openFile: filters[${i}]`;
    if (!isPlainObject(raw)) fail(`${where} must be an object {name, extensions}`);
    checkKeys(where, raw, ['name', 'extensions']);
    const name = checkString(`${where}.name`, raw.name, MAX_FILTER_NAME_LENGTH);
    const exts = raw.extensions;
    if (!Array.isArray(exts) || exts.length === 0) fail(`${where}.extensions must be a non-empty array`);
    if (exts.length > MAX_EXTENSIONS_PER_FILTER) fail(`${where}.extensions: at most ${MAX_EXTENSIONS_PER_FILTER}`);
    const extensions = exts.map((e, j) => checkExtension(`${where}.extensions[${j}]`, e));
    return { name, extensions };
  });
}

export function validateOpenFileOptions(value: unknown): OpenFileOptions {
  if (!isPlainObject(value)) fail('openFile: options must be an object {title, filters}');
  checkKeys('openFile', value, ['title', 'filters']);
  const title = checkString('openFile: title', value.title, MAX_TITLE_LENGTH);
  const filters = checkFilters(value.filters);
  return { title, filters };
}

/** A bare file name: no directories, no "..", no characters Windows forbids, allowed extension. */
export function validateFileName(where: string, value: unknown): string {
  const name = checkString(where, value, MAX_FILE_NAME_LENGTH);
  if (/[\\/]/.test(name)) fail(`${where} must be a file name without directories`);
  if (name === '.' || name === '..' || name.startsWith('.')) fail(`${where} must not start with "."`);
  if (/[<>:"|?*]/.test(name)) fail(`${where} contains a character not allowed in file names`);
  const ext = extensionOf(name);
  if (!ext) fail(`${where} needs an extension (one of: ${ALLOWED_EXTENSIONS.join(', ')})`);
  checkExtension(where, ext);
  return name;
}

export function validateSaveFileOptions(value: unknown): SaveFileOptions {
  if (!isPlainObject(value)) fail('saveFile: options must be an object {title, defaultName, text}');
  checkKeys('saveFile', value, ['title', 'defaultName', 'text']);
  const title = checkString('saveFile: title', value.title, MAX_TITLE_LENGTH);
  const defaultName = validateFileName('saveFile: defaultName', value.defaultName);
  const text = checkText('saveFile: text', value.text);
  return { title, defaultName, text };
}

export interface SaveBeginOptions {
  title: string;
  defaultName: string;
  /** UTF-8 bytes the preload will send in chunks after the dialog. */
  byteLength: number;
}

/** The first step of a chunked save: what to ask in the dialog and how many bytes will follow. */
export function validateSaveBeginOptions(value: unknown): SaveBeginOptions {
  if (!isPlainObject(value)) fail('saveFile: options must be an object {title, defaultName, byteLength}');
  checkKeys('saveFile', value, ['title', 'defaultName', 'byteLength']);
  const title = checkString('saveFile: title', value.title, MAX_TITLE_LENGTH);
  const defaultName = validateFileName('saveFile: defaultName', value.defaultName);
  const n = value.byteLength;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) fail('saveFile: byteLength must be a whole number of bytes');
  if (n > MAX_TEXT_BYTES) fail(`saveFile: text is ${formatOver(n, MAX_TEXT_BYTES)}; the limit is ${formatBytes(MAX_TEXT_BYTES)}`);
  return { title, defaultName, byteLength: n };
}

/** For handlers that take no arguments (getLaunchRobots, appInfo). */
export function validateNoArgs(channel: string, args: readonly unknown[]): void {
  if (args.length > 0) fail(`${channel} takes no arguments (got ${args.length})`);
}

/** allowConnection(kind, url): two short strings; what they mean is ConnectAllowlist.allow's to check. */
export function validateAllowConnectionArgs(args: readonly unknown[]): { kind: string; url: string } {
  if (args.length !== 2) fail(`allowConnection takes (kind, url) (got ${args.length} arguments)`);
  const [kind, url] = args;
  if (typeof kind !== 'string' || kind.length > 16) fail('allowConnection: kind must be "robot", "hub" or "mesh"');
  if (typeof url !== 'string') fail('allowConnection: url must be a string');
  if (url.length > MAX_URL_LENGTH) fail(`allowConnection: url is longer than ${MAX_URL_LENGTH} characters`);
  return { kind, url };
}

/** Exactly `n` arguments. */
export function validateArgCount(channel: string, args: readonly unknown[], n: number): void {
  if (args.length !== n) fail(`${channel} takes exactly ${n} argument${n === 1 ? '' : 's'} (got ${args.length})`);
}

/** Exactly one argument, for openFile and the start of a save. */
export function validateSingleArg(channel: string, args: readonly unknown[]): unknown {
  if (args.length !== 1) fail(`${channel} takes exactly one argument (got ${args.length})`);
  return args[0];
}

/**
 * The file the user picked in the open dialog must have one of the requested extensions (GTK dialogs
 * let users switch to "All files") and must not exceed the size cap.
 */
export function validateChosenFile(path: string, sizeBytes: number, filters: readonly FileFilter[]): void {
  const ext = extensionOf(path);
  const wanted = new Set(filters.flatMap((f) => f.extensions));
  if (!wanted.has(ext)) {
    fail(`"${path.split(/[\\/]/).pop()}" is not one of the requested file types (${[...wanted].map((e) => '.' + e).join(', ')})`);
  }
  if (sizeBytes > MAX_TEXT_BYTES) {
    fail(`"${path.split(/[\\/]/).pop()}" is ${formatOver(sizeBytes, MAX_TEXT_BYTES)}; the limit is ${formatBytes(MAX_TEXT_BYTES)}`);
  }
}

/** Where a save must end up: the extension must stay in the allowlist even if the user edited the name. */
export function validateSavePath(path: string): void {
  const ext = extensionOf(path);
  if (!ALLOWED_EXTENSIONS.includes(ext)) {
    fail(`cannot save as ".${ext || '(none)'}"; allowed: ${ALLOWED_EXTENSIONS.map((e) => '.' + e).join(', ')}`);
  }
}

export interface SenderInfo {
  /** URL of the frame that sent the message (event.senderFrame.url); null if the frame is gone. */
  frameUrl: string | null;
  /** Whether that frame is the main frame of one of the app's own windows. */
  isAppMainFrame: boolean;
}

/** IPC is only honoured from the app's own top-level page, served from `appOrigin` (e.g. "app://console"). */
export function validateSender(sender: SenderInfo, appOrigin: string): void {
  if (!sender.isAppMainFrame) fail("IPC refused: sender is not the console window's main frame");
  if (!sender.frameUrl) fail('IPC refused: sender frame is gone');
  let origin: string;
  try {
    const u = new URL(sender.frameUrl);
    origin = `${u.protocol}//${u.host}`;
  } catch {
    fail('IPC refused: sender URL is not a URL');
  }
  if (origin !== appOrigin) fail(`IPC refused: sender origin ${origin} is not the app (${appOrigin})`);
}
