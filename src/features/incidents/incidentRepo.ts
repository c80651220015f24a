// Incidents and their evidence blobs (MCAP clip, screenshot) in the console's database.
//
// Crash safety: an incident is written in steps, each its own transaction, so a crash or kill while a clip
// is being written loses at most that clip, never an earlier incident:
//   1. the row, clipState 'pending'        (createPending)
//   2. the clip blob                       (attachClip, first transaction)
//   3. the row marked 'complete'           (attachClip, second transaction)
// On start, recoverPending() marks rows still 'pending' after the clip window as 'lost'.
// Imports are the exception: a whole bundle goes in one transaction, so nothing is half-imported.
import { z } from 'zod';
import { getDb, type BlobRecord, type ConsoleDb, type IncidentRecord } from '../../storage';
import type { SyncedIncident } from '../../contracts';
import { queueInTransaction, syncKick } from '../../sync';
import { incidentSchema, type Incident, type IncidentLabels } from './types';
import { blobEntry, editEntry, incidentEntry, localFromHub } from './incidentSync';

export interface StoredBlob {
  id: string;
  mime: string;
  data: Uint8Array;
}

export interface IncidentRepo {
  createPending(incident: Incident): Promise<void>;
  /** Stores a blob and points the row at it; a clip also moves clipState to 'complete'. */
  attachClip(id: string, data: Uint8Array, window: { start: number; end: number }): Promise<void>;
  attachScreenshot(id: string, data: Uint8Array, mime: string): Promise<void>;
  markClipLost(id: string): Promise<void>;
  updateLabels(
    id: string,
    labels: Partial<IncidentLabels> & { labelState?: Incident['labelState'] },
    at?: number,
  ): Promise<Incident | undefined>;
  markReviewed(id: string, reviewed: boolean, by: string, at?: number): Promise<Incident | undefined>;
  get(id: string): Promise<Incident | undefined>;
  /** Newest first. Rows that fail validation are skipped (and logged), never thrown. */
  list(): Promise<Incident[]>;
  getBlob(id: string): Promise<StoredBlob | undefined>;
  /** Pending rows whose clip window ended more than `graceMs` before `now` become 'lost'. Returns their ids. */
  recoverPending(now: number, graceMs: number): Promise<string[]>;
  /** All or nothing: every incident and blob in one transaction. */
  importAll(incidents: Incident[], blobs: StoredBlob[]): Promise<void>;
  remove(id: string): Promise<void>;
  onChange(cb: () => void): () => void;
  /**
   * Incidents as the site hub has them (another console's, or this one's edits combined with theirs). One
   * with edits of this console still queued keeps this console's copy until the hub's answer comes back.
   */
  applyFromHub(incidents: readonly SyncedIncident[]): Promise<number>;
}

const parseIncident = (raw: unknown): Incident | undefined => {
  const r = incidentSchema.safeParse(raw);
  if (r.success) return r.data;
  console.warn('[incidents] skipping unreadable stored incident', (raw as { id?: unknown })?.id, z.prettifyError(r.error));
  return undefined;
};

/** IndexedDB clones a view's whole buffer: store a compact copy when the view is a window on a bigger one. */
function compact(data: Uint8Array): Uint8Array {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
}

async function toBytes(data: BlobRecord['data']): Promise<Uint8Array> {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(await data.arrayBuffer());
}

const toRecord = (i: Incident): IncidentRecord => ({ ...i });

/** `hub` with the field sets of this console's queued edits applied in order; undefined if that does not read. */
function withQueuedEdits(hub: Incident, queued: readonly { kind: string; record: unknown }[]): Incident | undefined {
  if (!queued.length) return hub;
  const next: Record<string, unknown> = { ...hub };
  for (const q of queued) {
    if (q.kind !== 'incidentEdit') continue;
    const e = q.record as { at?: number; set?: Record<string, unknown> };
    Object.assign(next, e.set ?? {});
    if (e.set?.reviewed === false) {
      delete next.reviewedBy;
      delete next.reviewedAt;
    }
    if (typeof e.at === 'number' && e.at > hub.updatedAt) next.updatedAt = e.at;
  }
  return parseIncident(next);
}

function screenshotExt(mime: string): string {
  return mime === 'image/jpeg' ? 'jpg' : mime === 'image/webp' ? 'webp' : 'png';
}

class DexieIncidentRepo implements IncidentRepo {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly db: ConsoleDb) {}

  async createPending(incident: Incident): Promise<void> {
    const row = incidentSchema.parse(incident);
    const { db } = this;
    await db.transaction('rw', db.incidents, db.outbox, async () => {
      await db.incidents.put(toRecord(row));
      await queueInTransaction(db.outbox, [incidentEntry(row)]);
    });
    syncKick();
    this.changed();
  }

  async attachClip(id: string, data: Uint8Array, window: { start: number; end: number }): Promise<void> {
    const blobId = `${id}/clip.mcap`;
    await this.putBlob(blobId, 'application/x-mcap', data);
    await this.patch(id, (i) => ({ ...i, clipState: 'complete', clipBlobId: blobId, clipStart: window.start, clipEnd: window.end }));
  }

  async attachScreenshot(id: string, data: Uint8Array, mime: string): Promise<void> {
    const blobId = `${id}/screenshot.${screenshotExt(mime)}`;
    await this.putBlob(blobId, mime, data);
    await this.patch(id, (i) => ({ ...i, screenshotBlobId: blobId }));
  }

  async markClipLost(id: string): Promise<void> {
    await this.patch(id, (i) => (i.clipState === 'pending' ? { ...i, clipState: 'lost' } : undefined));
  }

  updateLabels(
    id: string,
    labels: Partial<IncidentLabels> & { labelState?: Incident['labelState'] },
    at = Date.now(),
  ): Promise<Incident | undefined> {
    return this.patch(id, (i) => ({ ...i, ...labels, updatedAt: at }));
  }

  markReviewed(id: string, reviewed: boolean, by: string, at = Date.now()): Promise<Incident | undefined> {
    return this.patch(id, (i) => ({
      ...i,
      reviewed,
      reviewedBy: reviewed ? by : undefined,
      reviewedAt: reviewed ? at : undefined,
      updatedAt: at,
    }));
  }

  async get(id: string): Promise<Incident | undefined> {
    return parseIncident(await this.db.incidents.get(id));
  }

  async list(): Promise<Incident[]> {
    const rows = await this.db.incidents.orderBy('at').reverse().toArray();
    return rows.map(parseIncident).filter((i): i is Incident => i !== undefined);
  }

  async getBlob(id: string): Promise<StoredBlob | undefined> {
    const b = await this.db.blobs.get(id);
    if (!b) return undefined;
    return { id: b.id, mime: b.mime, data: await toBytes(b.data) };
  }

  async recoverPending(now: number, graceMs: number): Promise<string[]> {
    const { db } = this;
    const lost: string[] = [];
    await db.transaction('rw', db.incidents, db.outbox, async () => {
      const rows = await db.incidents.toArray();
      for (const raw of rows) {
        const i = parseIncident(raw);
        if (!i || i.clipState !== 'pending') continue;
        const end = i.clipEnd ?? i.at;
        if (now - end <= graceMs) continue;
        lost.push(i.id);
        await db.incidents.put(toRecord({ ...i, clipState: 'lost' }));
        await queueInTransaction(
          db.outbox,
          [editEntry(i, { ...i, clipState: 'lost' }, now)].filter((e) => !!e),
        );
      }
    });
    if (lost.length) {
      syncKick();
      this.changed();
    }
    return lost;
  }

  async importAll(incidents: Incident[], blobs: StoredBlob[]): Promise<void> {
    const { db } = this;
    const rows = incidents.map((i) => toRecord(incidentSchema.parse(i)));
    const now = Date.now();
    await db.transaction('rw', db.incidents, db.blobs, async () => {
      await db.blobs.bulkPut(blobs.map((b) => ({ id: b.id, mime: b.mime, data: compact(b.data), createdAt: now })));
      await db.incidents.bulkPut(rows);
    });
    this.changed();
  }

  async remove(id: string): Promise<void> {
    const { db } = this;
    await db.transaction('rw', db.incidents, db.blobs, async () => {
      const i = parseIncident(await db.incidents.get(id));
      if (i?.clipBlobId) await db.blobs.delete(i.clipBlobId);
      if (i?.screenshotBlobId) await db.blobs.delete(i.screenshotBlobId);
      await db.incidents.delete(id);
    });
    this.changed();
  }

  onChange(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private changed(): void {
    for (const cb of this.listeners) cb();
  }

  private async putBlob(id: string, mime: string, data: Uint8Array): Promise<void> {
    const { db } = this;
    await db.transaction('rw', db.blobs, db.outbox, async () => {
      await db.blobs.put({ id, mime, data: compact(data), createdAt: Date.now() });
      await queueInTransaction(db.outbox, [blobEntry(id, mime)]);
    });
  }

  async applyFromHub(incidents: readonly SyncedIncident[]): Promise<number> {
    const { db } = this;
    let n = 0;
    await db.transaction('rw', db.incidents, db.outbox, async () => {
      for (const hub of incidents) {
        const queued = await db.outbox.where('group').equals(`incident:${hub.id}`).sortBy('seq');
        // Not at the hub yet as this console wrote it: this console's copy stays until the hub has it.
        if (queued.some((q) => q.kind === 'incident')) continue;
        const fromHub = localFromHub(hub);
        if (!fromHub) continue;
        // The hub's copy with this console's edits still queued on top (they reach the hub after it): another
        // console's edit that arrives meanwhile is kept, and so is this console's.
        const row = withQueuedEdits(fromHub, queued);
        if (!row) continue;
        await db.incidents.put(toRecord(row));
        n += 1;
      }
    });
    if (n) this.changed();
    return n;
  }

  /** Read, change and write one row in one transaction; `fn` returning undefined leaves it as it is. */
  private async patch(id: string, fn: (i: Incident) => Incident | undefined): Promise<Incident | undefined> {
    const { db } = this;
    let out: Incident | undefined;
    await db.transaction('rw', db.incidents, db.outbox, async () => {
      const cur = parseIncident(await db.incidents.get(id));
      if (!cur) return;
      out = fn(cur);
      if (!out) return;
      await db.incidents.put(toRecord(out));
      const edit = editEntry(cur, out, Date.now());
      if (edit) await queueInTransaction(db.outbox, [edit]);
    });
    if (out) {
      syncKick();
      this.changed();
    }
    return out;
  }
}

export function createIncidentRepo(db: ConsoleDb = getDb()): IncidentRepo {
  return new DexieIncidentRepo(db);
}

let shared: IncidentRepo | undefined;
/** The app-wide repository on the app-wide database. */
export function getIncidentRepo(): IncidentRepo {
  shared ??= createIncidentRepo();
  return shared;
}
