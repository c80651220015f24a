import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ConsoleDb } from '../../../src/storage/db';
import { createIncidentRepo } from '../../../src/features/incidents/incidentRepo';
import { startIncidentService, type IncidentService } from '../../../src/features/incidents/incidentService';
import { useIncidentStore } from '../../../src/features/incidents/incidentStore';
import { readClip, decodeClipMessage } from '../../../src/features/incidents/mcapClip';

type Cb = (topic: string, type: string, msg: unknown, at: number) => void;

let svc: IncidentService | undefined;
afterEach(() => svc?.stop());

function setup() {
  const taps: Cb[] = [];
  const diag: ((m: unknown, at: number) => void)[] = [];
  const repo = createIncidentRepo(new ConsoleDb(`svc-${Date.now()}-${Math.random()}`));
  svc = startIncidentService({
    repo,
    followFleet: false,
    clipBeforeMs: 300,
    clipAfterMs: 100,
    getPose: () => ({ frame: 'map', x: 3, y: 4, z: 0, qx: 0, qy: 0, qz: 0, qw: 1 }),
    getActiveTask: () => ({ id: 'task-7', name: 'Pick' }),
    getControlMode: () => 'teleop',
    captureScreenshot: async () => new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' }),
    tapFor: () => ({ onMessage: (cb) => (taps.push(cb), () => undefined) }),
    getParam: async () => '<robot name="r"/>',
    subscribeDiagnostics: (_id, cb) => (diag.push(cb), () => undefined),
  });
  svc.watchRobot('r1');
  return { repo, taps, diag, svc };
}

const tfAt = (x: number) => ({
  transforms: [
    {
      header: { seq: 0, stamp: { secs: 1, nsecs: 0 }, frame_id: 'map' },
      child_frame_id: 'base_link',
      transform: { translation: { x, y: 0, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
    },
  ],
});

describe('incident service', () => {
  it('captures row + screenshot + clip around the instant', async () => {
    const { repo, taps, svc } = setup();
    await svc.ready;
    const t0 = Date.now();
    let i = 0;
    const feed = setInterval(() => taps[0]!('/tf', 'tf2_msgs/TFMessage', tfAt(i++), Date.now()), 10);
    await new Promise((r) => setTimeout(r, 350));
    const id = await svc.capture('r1');
    expect(useIncidentStore.getState().formId).toBe(id);
    const row = await repo.get(id);
    expect(row).toMatchObject({
      clipState: 'pending',
      pose: { x: 3, y: 4 },
      task: { id: 'task-7' },
      controlMode: 'teleop',
      labelState: 'draft',
    });
    await new Promise((r) => setTimeout(r, 200));
    clearInterval(feed);
    await svc.flush();
    const done = (await repo.get(id))!;
    expect(done.clipState).toBe('complete');
    expect(done.screenshotBlobId).toBeTruthy();
    const clip = await readClip((await repo.getBlob(done.clipBlobId!))!.data);
    expect(clip.params['/robot_description']).toContain('<robot');
    expect(clip.startMs).toBeGreaterThanOrEqual(done.at - 300);
    expect(clip.endMs).toBeLessThanOrEqual(done.at + 100);
    expect(clip.messages.length).toBeGreaterThan(10);
    expect(decodeClipMessage(clip, clip.messages[0]!)).toHaveProperty('transforms');
    expect(t0).toBeLessThan(done.at);

    await svc.saveLabels(id, { category: 'path blocked', severity: 'minor', tags: [], note: '' }, true);
    expect((await repo.get(id))!.labelState).toBe('labelled');
  });

  it('turns /diagnostics into deduplicated candidates that can be confirmed or dismissed', async () => {
    const { diag, svc, repo } = setup();
    await svc.ready;
    useIncidentStore.setState({ candidates: [] });
    const msg = (level: number) => ({ header: {}, status: [{ level, name: 'motor', message: 'hot', hardware_id: '', values: [] }] });
    for (let k = 0; k < 5; k++) diag[0]!(msg(1), Date.now());
    diag[0]!(msg(2), Date.now());
    const cands = useIncidentStore.getState().candidates;
    expect(cands.map((c) => [c.title, c.count])).toEqual([
      ['ERROR motor: hot', 1],
      ['WARN motor: hot', 5],
    ]);
    svc.dismissCandidate(cands[1]!.id);
    const id = await svc.confirmCandidate(cands[0]!.id);
    expect(useIncidentStore.getState().candidates).toEqual([]);
    expect(await repo.get(id!)).toMatchObject({ source: 'diagnostics', severity: 'major', category: 'hardware fault' });
  });
});
