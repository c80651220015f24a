// Dataset bundles: a single tar file with manifest.json, incidents.jsonl (one incident a line, fields in
// DATASET.md), clips/<id>.mcap and screenshots/<id>.<ext>. Import validates everything first (tar checksums,
// manifest, every line against the schema, every referenced file present and an MCAP where it should be)
// and then writes it all in one transaction, so a damaged bundle leaves the store untouched.
import { hasMcapPrefix } from '@mcap/core';
import { z } from 'zod';
import type { IncidentRepo, StoredBlob } from './incidentRepo';
import { readTar, tarParts, TarError, type TarEntry } from './tar';
import { incidentSchema, type Incident } from './types';

export const BUNDLE_FORMAT = 'operator-console.incidents';
export const BUNDLE_VERSION = 1;

const manifestSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  createdAt: z.number(),
  count: z.number().int().nonnegative(),
});

const safePath = z.string().regex(/^(clips|screenshots)\/[\w.-]+$/, 'must be clips/<file> or screenshots/<file>');

/** One line of incidents.jsonl: the stored incident with file paths in place of internal blob ids. */
export const bundleIncidentSchema = incidentSchema
  .omit({ clipBlobId: true, screenshotBlobId: true })
  .extend({ clipFile: safePath.optional(), screenshotFile: safePath.optional() });
export type BundleIncident = z.infer<typeof bundleIncidentSchema>;

export class BundleError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `The bundle was not imported (nothing was changed): ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`,
    );
    this.name = 'BundleError';
  }
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

function extOf(blobId: string): string {
  const m = /\.(\w+)$/.exec(blobId);
  return m ? m[1]! : 'bin';
}

export interface ExportProgress {
  done: number;
  total: number;
}

/** Thrown by exportBundle when its signal was aborted (nothing was produced). */
export class ExportCancelled extends Error {
  constructor() {
    super('export cancelled');
    this.name = 'ExportCancelled';
  }
}

/**
 * Builds the bundle for `incidents`; reports progress per incident. Aborting `signal` stops it between
 * incidents with ExportCancelled: the bundle exists only once complete, so nothing half-written is left.
 */
export async function exportBundle(
  incidents: readonly Incident[],
  repo: Pick<IncidentRepo, 'getBlob'>,
  onProgress?: (p: ExportProgress) => void,
  now = Date.now(),
  signal?: AbortSignal,
): Promise<Blob> {
  const files: TarEntry[] = [];
  const lines: string[] = [];
  const mtimeSec = Math.floor(now / 1000);
  let done = 0;
  onProgress?.({ done, total: incidents.length });
  for (const inc of incidents) {
    if (signal?.aborted) throw new ExportCancelled();
    const { clipBlobId, screenshotBlobId, ...rest } = inc;
    const line: BundleIncident = { ...rest };
    if (clipBlobId) {
      const b = await repo.getBlob(clipBlobId);
      if (b) {
        line.clipFile = `clips/${inc.id}.mcap`;
        files.push({ name: line.clipFile, data: b.data, mtimeSec });
      }
    }
    if (screenshotBlobId) {
      const b = await repo.getBlob(screenshotBlobId);
      if (b) {
        line.screenshotFile = `screenshots/${inc.id}.${extOf(screenshotBlobId)}`;
        files.push({ name: line.screenshotFile, data: b.data, mtimeSec });
      }
    }
    lines.push(JSON.stringify(line));
    done++;
    onProgress?.({ done, total: incidents.length });
    // Let the progress bar paint between incidents of a large export.
    await new Promise((r) => setTimeout(r, 0));
  }
  if (signal?.aborted) throw new ExportCancelled();
  const manifest = { format: BUNDLE_FORMAT, version: BUNDLE_VERSION, createdAt: now, count: incidents.length };
  const parts = tarParts([
    { name: 'manifest.json', data: enc.encode(JSON.stringify(manifest, null, 2)), mtimeSec },
    { name: 'incidents.jsonl', data: enc.encode(lines.join('\n') + (lines.length ? '\n' : '')), mtimeSec },
    ...files,
  ]);
  return new Blob(parts as BlobPart[], { type: 'application/x-tar' });
}

const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp' };

export interface ParsedBundle {
  incidents: Incident[];
  blobs: StoredBlob[];
}

/** What one pass over a bundle collects: every problem found, and what would be imported if there is none. */
interface BundleReading {
  byName: Map<string, TarEntry>;
  problems: string[];
  ids: Set<string>;
  incidents: Incident[];
  blobs: StoredBlob[];
}

function readEntries(bytes: Uint8Array): TarEntry[] {
  try {
    return readTar(bytes);
  } catch (err) {
    throw new BundleError([err instanceof TarError ? err.message : `unreadable file: ${String(err)}`]);
  }
}

function textOf(b: BundleReading, name: string): string | undefined {
  const e = b.byName.get(name);
  if (!e) {
    b.problems.push(`${name} is missing`);
    return undefined;
  }
  try {
    return dec.decode(e.data);
  } catch {
    b.problems.push(`${name} is not UTF-8 text`);
    return undefined;
  }
}

function checkManifest(b: BundleReading, manifestText: string): void {
  try {
    const m = manifestSchema.safeParse(JSON.parse(manifestText));
    if (!m.success) b.problems.push(`manifest.json: ${z.prettifyError(m.error).replace(/\n/g, ' ')}`);
  } catch {
    b.problems.push('manifest.json is not JSON');
  }
}

/** The line as a schema-checked bundle incident, or undefined with the problem noted. */
function lineIncident(b: BundleReading, raw: string, where: string): BundleIncident | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    b.problems.push(`${where}: not JSON`);
    return undefined;
  }
  const r = bundleIncidentSchema.safeParse(value);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join(', ');
    b.problems.push(`${where}: ${issues}`);
    return undefined;
  }
  return r.data;
}

function attachClipFile(b: BundleReading, row: Incident, clipFile: string | undefined, where: string): void {
  if (!clipFile) {
    // the clip is not in this bundle (or was still being written at export)
    if (row.clipState === 'complete' || row.clipState === 'pending') row.clipState = 'none';
    return;
  }
  const f = b.byName.get(clipFile);
  if (!f) b.problems.push(`${where}: ${clipFile} is missing from the bundle`);
  else if (!hasMcapPrefix(new DataView(f.data.buffer, f.data.byteOffset, f.data.byteLength)))
    b.problems.push(`${clipFile} is not an MCAP file`);
  else {
    row.clipBlobId = `${row.id}/clip.mcap`;
    b.blobs.push({ id: row.clipBlobId, mime: 'application/x-mcap', data: f.data });
  }
}

function attachScreenshotFile(b: BundleReading, row: Incident, screenshotFile: string | undefined, where: string): void {
  if (!screenshotFile) return;
  const f = b.byName.get(screenshotFile);
  if (!f) b.problems.push(`${where}: ${screenshotFile} is missing from the bundle`);
  else {
    const ext = extOf(screenshotFile);
    row.screenshotBlobId = `${row.id}/screenshot.${ext}`;
    b.blobs.push({ id: row.screenshotBlobId, mime: MIME[ext] ?? 'application/octet-stream', data: f.data });
  }
}

function readLine(b: BundleReading, raw: string, idx: number): void {
  if (!raw.trim()) return;
  const where = `incidents.jsonl line ${idx + 1}`;
  const parsed = lineIncident(b, raw, where);
  if (!parsed) return;
  const { clipFile, screenshotFile, ...inc } = parsed;
  if (b.ids.has(inc.id)) {
    b.problems.push(`${where}: incident ${inc.id} appears twice`);
    return;
  }
  b.ids.add(inc.id);
  const row: Incident = { ...inc };
  attachClipFile(b, row, clipFile, where);
  attachScreenshotFile(b, row, screenshotFile, where);
  b.incidents.push(row);
}

/** Validates a bundle completely; throws BundleError listing what is wrong. Pure: touches no store. */
export function parseBundle(bytes: Uint8Array): ParsedBundle {
  const entries = readEntries(bytes);
  const b: BundleReading = { byName: new Map(entries.map((e) => [e.name, e])), problems: [], ids: new Set(), incidents: [], blobs: [] };
  const manifestText = textOf(b, 'manifest.json');
  if (manifestText !== undefined) checkManifest(b, manifestText);
  const jsonl = textOf(b, 'incidents.jsonl');
  if (jsonl !== undefined) jsonl.split('\n').forEach((raw, idx) => readLine(b, raw, idx));
  if (b.problems.length) throw new BundleError(b.problems);
  return { incidents: b.incidents, blobs: b.blobs };
}

/** Validates, then writes everything in one transaction. Returns how many incidents were imported. */
export async function importBundle(bytes: Uint8Array, repo: Pick<IncidentRepo, 'importAll'>): Promise<number> {
  const parsed = parseBundle(bytes);
  await repo.importAll(parsed.incidents, parsed.blobs);
  return parsed.incidents.length;
}
