import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConsoleDb } from '../../../src/storage/db';
import { createIncidentRepo } from '../../../src/features/incidents/incidentRepo';
import type { Incident } from '../../../src/features/incidents/types';
import { sampleIncident } from './sampleIncident';

let n = 0;
const freshDb = () => new ConsoleDb(`incident-test-${Date.now()}-${n++}`);

describe('incident repository', () => {
  it('round-trips incidents and blobs across a reopen', async () => {
    const db = freshDb();
    const repo = createIncidentRepo(db);
    await repo.createPending(sampleIncident('inc-a', 1000));
    await repo.createPending(sampleIncident('inc-b', 2000));
    await repo.attachClip('inc-a', new Uint8Array([1, 2, 3]), { start: 0, end: 5 });
    await repo.attachScreenshot('inc-a', new Uint8Array([9]), 'image/png');
    await repo.updateLabels('inc-a', {
      category: 'path blocked',
      severity: 'major',
      tags: ['aisle 3'],
      note: 'box',
      labelState: 'labelled',
    });
    await repo.markReviewed('inc-b', true, 'Ana');
    db.close();

    const again = createIncidentRepo(new ConsoleDb(db.name));
    const list = await again.list();
    expect(list.map((i) => i.id)).toEqual(['inc-b', 'inc-a']);
    const a = list[1]!;
    expect(a).toMatchObject({
      clipState: 'complete',
      category: 'path blocked',
      severity: 'major',
      tags: ['aisle 3'],
      labelState: 'labelled',
      pose: { x: 1, y: 2 },
    });
    expect(Array.from((await again.getBlob(a.clipBlobId!))!.data)).toEqual([1, 2, 3]);
    expect((await again.getBlob(a.screenshotBlobId!))!.mime).toBe('image/png');
    expect(list[0]).toMatchObject({ reviewed: true, reviewedBy: 'Ana' });
  });

  it('writes row (pending) -> blob -> complete, each in its own transaction; a crash mid-clip loses only that clip', async () => {
    const db = freshDb();
    const steps: string[] = [];
    db.incidents.hook('creating', (_k, obj) => void steps.push(`incident:create:${(obj as Incident).clipState}`));
    db.incidents.hook('updating', (mods) => void steps.push(`incident:update:${(mods as Partial<Incident>).clipState ?? '-'}`));
    db.blobs.hook('creating', () => void steps.push('blob'));
    const repo = createIncidentRepo(db);
    await repo.createPending(sampleIncident('inc-1', 1000));
    await repo.attachClip('inc-1', new Uint8Array([1]), { start: 0, end: 1 });
    expect(steps).toEqual(['incident:create:pending', 'blob', 'incident:update:complete']);

    // Second incident: the blob write dies (as if the process was killed).
    await repo.createPending(sampleIncident('inc-2', 2000));
    db.blobs.hook('creating', () => {
      throw new Error('killed');
    });
    await expect(repo.attachClip('inc-2', new Uint8Array([2]), { start: 0, end: 1 })).rejects.toThrow();
    db.close();

    const reopened = createIncidentRepo(new ConsoleDb(db.name));
    const byId = Object.fromEntries((await reopened.list()).map((i) => [i.id, i]));
    expect(byId['inc-1']!.clipState).toBe('complete');
    expect(byId['inc-2']!.clipState).toBe('pending');
    // On start: pending rows older than the clip window become 'lost'; a young one is left alone.
    await reopened.createPending(sampleIncident('inc-3', 100_000));
    expect(await reopened.recoverPending(100_000, 15_000)).toEqual(['inc-2']);
    const after = Object.fromEntries((await reopened.list()).map((i) => [i.id, i.clipState]));
    expect(after).toEqual({ 'inc-1': 'complete', 'inc-2': 'lost', 'inc-3': 'pending' });
  });
});
