// File contents crossing between the renderer and disk in bounded pieces. Node's fs only, no 'electron'
// import (main.ts wires it to IPC; vitest drives it directly).
//
// Saves: an IPC argument reaches main whole, already deserialised, before any handler can look at it,
// so a cap checked in the handler comes too late. The preload therefore refuses oversize text before
// sending and streams the rest in chunks of at most SAVE_CHUNK_BYTES; main checks each chunk (type,
// size, order, running total against what was declared up front) and holds at most one chunk in memory
// per transfer. The file appears under its name only when every declared byte arrived (written to a
// temporary file beside it, renamed at the end), so a refused or abandoned save leaves nothing behind.
//
// Opens: the file is read in pieces and refused as soon as it exceeds the cap, even if it grew after the
// size was checked.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatBytes, formatOver, IpcValidationError, MAX_TEXT_BYTES } from './ipcValidation';

export const SAVE_CHUNK_BYTES = 1024 * 1024;
/** Saves one window may have under way at once (a person saves one file at a time; this is slack). */
export const MAX_OPEN_SAVES = 4;
/** A save with no chunk for this long is abandoned (the renderer was reloaded or hung). */
export const SAVE_IDLE_MS = 30_000;

interface Transfer {
  owner: number;
  target: string;
  temp: string;
  file: fs.promises.FileHandle;
  declared: number;
  received: number;
  nextIndex: number;
  timer: ReturnType<typeof setTimeout>;
  /** Chunks are written in order; a chunk waits for the previous write. */
  busy: boolean;
}

export interface SaveTransferOptions {
  chunkBytes?: number;
  maxBytes?: number;
  maxOpenPerOwner?: number;
  idleMs?: number;
}

function fail(message: string): never {
  throw new IpcValidationError(message);
}

export class SaveTransfers {
  private readonly transfers = new Map<string, Transfer>();
  private readonly chunkBytes: number;
  private readonly maxBytes: number;
  private readonly maxOpenPerOwner: number;
  private readonly idleMs: number;

  constructor(opts: SaveTransferOptions = {}) {
    this.chunkBytes = opts.chunkBytes ?? SAVE_CHUNK_BYTES;
    this.maxBytes = opts.maxBytes ?? MAX_TEXT_BYTES;
    this.maxOpenPerOwner = opts.maxOpenPerOwner ?? MAX_OPEN_SAVES;
    this.idleMs = opts.idleMs ?? SAVE_IDLE_MS;
  }

  get openCount(): number {
    return this.transfers.size;
  }

  /** Starts a save of exactly `declared` bytes to `target` for the window `owner`; returns the transfer id. */
  async begin(owner: number, target: string, declared: number): Promise<string> {
    if (!Number.isSafeInteger(declared) || declared < 0) fail('saveFile: byteLength must be a whole number of bytes');
    if (declared > this.maxBytes)
      fail(`saveFile: text is ${formatOver(declared, this.maxBytes)}; the limit is ${formatBytes(this.maxBytes)}`);
    const open = [...this.transfers.values()].filter((t) => t.owner === owner).length;
    if (open >= this.maxOpenPerOwner) fail(`saveFile: ${open} saves are already under way; wait for them to finish`);
    const id = randomUUID();
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${id.slice(0, 8)}.partial`);
    const file = await fs.promises.open(temp, 'wx', 0o600);
    const t: Transfer = { owner, target, temp, file, declared, received: 0, nextIndex: 0, busy: false, timer: this.idleTimer(id) };
    this.transfers.set(id, t);
    return id;
  }

  /** Appends chunk `index` (0, 1, 2, …). Any bad chunk ends the transfer and removes the partial file. */
  async chunk(owner: number, id: unknown, index: unknown, data: unknown): Promise<void> {
    const t = this.get(owner, id);
    try {
      if (t.busy) fail('saveFile: chunks must be sent one after another');
      if (index !== t.nextIndex) fail(`saveFile: expected chunk ${t.nextIndex}, got ${String(index).slice(0, 20)}`);
      if (!(data instanceof Uint8Array)) fail('saveFile: a chunk must be bytes (Uint8Array)');
      if (data.byteLength === 0 || data.byteLength > this.chunkBytes) {
        fail(`saveFile: a chunk must be 1 byte to ${formatBytes(this.chunkBytes)} (got ${formatBytes(data.byteLength)})`);
      }
      if (t.received + data.byteLength > t.declared) {
        fail(`saveFile: more bytes than the ${formatBytes(t.declared)} declared`);
      }
      t.busy = true;
      await t.file.write(data);
      t.busy = false;
      t.received += data.byteLength;
      t.nextIndex++;
      clearTimeout(t.timer);
      t.timer = this.idleTimer(id as string);
    } catch (err) {
      await this.discard(id as string);
      throw err;
    }
  }

  /** Completes the save: every declared byte must have arrived. Resolves to the saved path. */
  async finish(owner: number, id: unknown): Promise<string> {
    const t = this.get(owner, id);
    if (t.received !== t.declared || t.busy) {
      await this.discard(id as string);
      fail(`saveFile: ${formatBytes(t.received)} of ${formatBytes(t.declared)} arrived; nothing was saved`);
    }
    this.transfers.delete(id as string);
    clearTimeout(t.timer);
    try {
      await t.file.sync();
      await t.file.close();
      await fs.promises.rename(t.temp, t.target);
    } catch (err) {
      await fs.promises.rm(t.temp, { force: true });
      throw err;
    }
    return t.target;
  }

  async abort(owner: number, id: unknown): Promise<void> {
    this.get(owner, id);
    await this.discard(id as string);
  }

  /** Ends every save of a window (it was closed or reloaded). */
  async abortAll(owner: number): Promise<void> {
    const ids = [...this.transfers].filter(([, t]) => t.owner === owner).map(([id]) => id);
    await Promise.all(ids.map((id) => this.discard(id)));
  }

  private get(owner: number, id: unknown): Transfer {
    const t = typeof id === 'string' ? this.transfers.get(id) : undefined;
    // Another window's transfer is reported as unknown: ids are not a way to probe each other.
    if (!t || t.owner !== owner) fail('saveFile: no such save under way (it may have timed out)');
    return t;
  }

  private idleTimer(id: string): ReturnType<typeof setTimeout> {
    const timer = setTimeout(() => void this.discard(id), this.idleMs);
    timer.unref?.();
    return timer;
  }

  private async discard(id: string): Promise<void> {
    const t = this.transfers.get(id);
    if (!t) return;
    this.transfers.delete(id);
    clearTimeout(t.timer);
    await t.file.close().catch(() => {});
    await fs.promises.rm(t.temp, { force: true });
  }
}

/** Reads a UTF-8 text file, refusing it as soon as more than maxBytes have been read. */
export async function readTextBounded(file: string, maxBytes: number = MAX_TEXT_BYTES, pieceBytes = 1024 * 1024): Promise<string> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const pieces: Buffer[] = [];
    let total = 0;
    for (;;) {
      // One byte past the cap is enough to know the file is too big.
      const piece = Buffer.allocUnsafe(Math.min(pieceBytes, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(piece, 0, piece.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) fail(`"${path.basename(file)}" is larger than ${formatBytes(maxBytes)}`);
      pieces.push(piece.subarray(0, bytesRead));
    }
    return Buffer.concat(pieces, total).toString('utf8');
  } finally {
    await handle.close();
  }
}
