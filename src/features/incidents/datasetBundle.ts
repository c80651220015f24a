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

/** Builds the bundle for `incidents`; reports progress per incident. */
export async function exportBundle(
  incidents: readonly Incident[],
  repo: Pick<IncidentRepo, 'getBlob'>,
  onProgress?: (p: ExportProgress) => void,
  now = Date.now(),
): Promise<Blob> {
  const files: TarEntry[] = [];
  const lines: string[] = [];
  const mtimeSec = Math.floor(now / 1000);
  let done = 0;
  onProgress?.({ done, total: incidents.length });
  for (const inc of incidents) {
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

/** Validates a bundle completely; throws BundleError listing what is wrong. Pure: touches no store. */
export function parseBundle(bytes: Uint8Array): ParsedBundle {
  let entries: TarEntry[];
  try {
    entries = readTar(bytes);
  } catch (err) {
    throw new BundleError([err instanceof TarError ? err.message : `unreadable file: ${String(err)}`]);
  }
  const byName = new Map(entries.map((e) => [e.name, e]));
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const e = byName.get(name);
    if (!e) {
      problems.push(`${name} is missing`);
      return undefined;
    }
    try {
      return dec.decode(e.data);
    } catch {
      problems.push(`${name} is not UTF-8 text`);
      return undefined;
    }
  };
  const manifestText = text('manifest.json');
  if (manifestText !== undefined) {
    try {
      const m = manifestSchema.safeParse(JSON.parse(manifestText));
      if (!m.success) problems.push(`manifest.json: ${z.prettifyError(m.error).replace(/\n/g, ' ')}`);
    } catch {
      problems.push('manifest.json is not JSON');
    }
  }
  const jsonl = text('incidents.jsonl');
  const incidents: Incident[] = [];
  const blobs: StoredBlob[] = [];
  const ids = new Set<string>();
  if (jsonl !== undefined) {
    const lines = jsonl.split('\n');
    lines.forEach((raw, idx) => {
      if (!raw.trim()) return;
      const where = `incidents.jsonl line ${idx + 1}`;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch {
        problems.push(`${where}: not JSON`);
        return;
      }
      const r = bundleIncidentSchema.safeParse(value);
      if (!r.success) {
        const issues = r.error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join(', ');
        problems.push(`${where}: ${issues}`);
        return;
      }
      const { clipFile, screenshotFile, ...inc } = r.data;
      if (ids.has(inc.id)) {
        problems.push(`${where}: incident ${inc.id} appears twice`);
        return;
      }
      ids.add(inc.id);
      const row: Incident = { ...inc };
      if (clipFile) {
        const f = byName.get(clipFile);
        if (!f) problems.push(`${where}: ${clipFile} is missing from the bundle`);
        else if (!hasMcapPrefix(new DataView(f.data.buffer, f.data.byteOffset, f.data.byteLength)))
          problems.push(`${clipFile} is not an MCAP file`);
        else {
          row.clipBlobId = `${inc.id}/clip.mcap`;
          blobs.push({ id: row.clipBlobId, mime: 'application/x-mcap', data: f.data });
        }
      } else if (row.clipState === 'complete' || row.clipState === 'pending') {
        row.clipState = 'none'; // the clip is not in this bundle (or was still being written at export)
      }
      if (screenshotFile) {
        const f = byName.get(screenshotFile);
        if (!f) problems.push(`${where}: ${screenshotFile} is missing from the bundle`);
        else {
          const ext = extOf(screenshotFile);
          row.screenshotBlobId = `${inc.id}/screenshot.${ext}`;
          blobs.push({ id: row.screenshotBlobId, mime: MIME[ext] ?? 'application/octet-stream', data: f.data });
        }
      }
      incidents.push(row);
    });
  }
  if (problems.length) throw new BundleError(problems);
  return { incidents, blobs };
}

/** Validates, then writes everything in one transaction. Returns how many incidents were imported. */
export async function importBundle(bytes: Uint8Array, repo: Pick<IncidentRepo, 'importAll'>): Promise<number> {
  const parsed = parseBundle(bytes);
  await repo.importAll(parsed.incidents, parsed.blobs);
  return parsed.incidents.length;
}
