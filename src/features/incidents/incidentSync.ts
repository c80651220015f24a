// Incidents and the site hub: a new incident is queued whole, every later change as an edit of the fields
// it changed (the hub keeps every edit in the incident's history), clips and screenshots as blobs.
import { INCIDENT_EVIDENCE_FIELDS, INCIDENT_LABEL_FIELDS, INCIDENT_REVIEW_FIELDS, type SyncedIncident } from '../../contracts';
import { newRecordId, syncSite, type OutboxEntry } from '../../sync';
import { incidentSchema, type Incident } from './types';

const EDITABLE = [...INCIDENT_LABEL_FIELDS, ...INCIDENT_REVIEW_FIELDS, ...INCIDENT_EVIDENCE_FIELDS] as const;
type Editable = (typeof EDITABLE)[number];

export function incidentEntry(i: Incident): OutboxEntry {
  return { kind: 'incident', record: { ...i, site: syncSite() } } as OutboxEntry;
}

/** The edit that turns `before` into `after` (only the fields that differ), or undefined when none does. */
export function editEntry(before: Incident, after: Incident, now: number): OutboxEntry | undefined {
  const set: Partial<Record<Editable, unknown>> = {};
  for (const f of EDITABLE) {
    if (JSON.stringify(before[f]) !== JSON.stringify(after[f])) set[f] = after[f] ?? null;
  }
  // "Not reviewed" clears who and when: the hub's schema has no null for them, so they are left out.
  for (const f of ['reviewedBy', 'reviewedAt', 'clipStart', 'clipEnd', 'clipBlobId', 'screenshotBlobId'] as const)
    if (set[f] === null) delete set[f];
  if (!Object.keys(set).length) return undefined;
  return {
    kind: 'incidentEdit',
    record: {
      site: syncSite(),
      id: newRecordId(),
      incidentId: after.id,
      at: after.updatedAt > before.updatedAt ? after.updatedAt : now,
      set,
    },
  } as OutboxEntry;
}

export function blobEntry(id: string, mime: string): OutboxEntry {
  const incidentId = id.includes('/') ? id.slice(0, id.indexOf('/')) : undefined;
  return { kind: 'blob', record: { site: syncSite(), id, mime: mime as 'image/png', ...(incidentId ? { incidentId } : {}) } };
}

/** The hub's incident as this console keeps it (without site and version); undefined if it does not read. */
export function localFromHub(hub: SyncedIncident): Incident | undefined {
  const { site: _site, version: _version, ...rest } = hub;
  void _site;
  void _version;
  const r = incidentSchema.safeParse(rest);
  return r.success ? r.data : undefined;
}
