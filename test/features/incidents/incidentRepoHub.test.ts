// An incident edited on two consoles at once: this console's edit is still queued for the hub when the hub
// sends another console's edit. Both must survive here (before, the hub's copy was skipped and never came
// again: this console missed the other's review for good).
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncidentRepo } from '../../../src/features/incidents/incidentRepo';
import { ConsoleDb } from '../../../src/storage/db';
import { setSyncTarget } from '../../../src/sync';
import { sampleIncident } from './sampleIncident';

describe('incident copies from the hub while this console has edits queued', () => {
  beforeAll(() => setSyncTarget({ site: 'site', consoleId: 'console-a', kick: () => {} }));
  afterAll(() => setSyncTarget(undefined));

  it("keeps the other console's review and this console's queued note", async () => {
    const db = new ConsoleDb(`incident-hub-${Date.now()}`);
    const repo = createIncidentRepo(db);
    await repo.createPending(sampleIncident('inc-1', 1000));
    await db.outbox.clear(); // the hub has the incident
    await repo.updateLabels('inc-1', { note: 'box in aisle 3, seen from A' }, 2000);
    expect(await db.outbox.count()).toBe(1); // A's edit, not pushed yet
    const fromB = { ...sampleIncident('inc-1', 1000), reviewed: true, reviewedBy: 'Ben', reviewedAt: 1500, updatedAt: 1500 };
    expect(await repo.applyFromHub([{ ...fromB, site: 'site', version: 2 }] as never)).toBe(1);
    const here = await repo.get('inc-1');
    expect(here).toMatchObject({ reviewed: true, reviewedBy: 'Ben', note: 'box in aisle 3, seen from A', updatedAt: 2000 });
  });

  it('keeps its own copy of an incident the hub has not acknowledged yet', async () => {
    const db = new ConsoleDb(`incident-hub-new-${Date.now()}`);
    const repo = createIncidentRepo(db);
    await repo.createPending({ ...sampleIncident('inc-2', 1000), note: 'mine' });
    expect(await repo.applyFromHub([{ ...sampleIncident('inc-2', 1000), note: 'older', site: 'site', version: 1 }] as never)).toBe(0);
    expect((await repo.get('inc-2'))?.note).toBe('mine');
  });
});
