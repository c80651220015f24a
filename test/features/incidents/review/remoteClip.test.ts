// Reviewing an incident another console recorded: the incident came from the hub, its clip did not; the review
// fetches the clip (and screenshot) from the hub and replays it, and says plainly when the hub cannot give it.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getIncidentRepo } from '../../../../src/features/incidents/incidentRepo';
import { writeClip } from '../../../../src/features/incidents/mcapClip';
import { closeIncident, openIncident, setRemoteBlobSource, useReviewStore } from '../../../../src/features/incidents/review/reviewStore';
import { sampleIncident } from '../sampleIncident';

const AT = 1_700_000_000_000;

async function remoteIncident(id: string) {
  const inc = {
    ...sampleIncident(id, AT),
    clipState: 'complete' as const,
    clipBlobId: `${id}/clip.mcap`,
    screenshotBlobId: `${id}/screenshot.png`,
  };
  await getIncidentRepo().applyFromHub([{ ...inc, site: 'site', version: 1 }] as never);
  return inc;
}

describe('review of an incident recorded on another console', () => {
  afterEach(() => {
    closeIncident();
    setRemoteBlobSource(null);
  });

  it('replays the clip fetched from the hub; nothing is copied into this console', async () => {
    URL.createObjectURL ??= () => 'blob:x';
    const inc = await remoteIncident('inc-remote');
    const clip = await writeClip([
      { topic: '/tf', type: 'tf2_msgs/TFMessage', msg: { transforms: [] }, receivedAt: AT - 1000 },
      { topic: '/joint_states', type: 'sensor_msgs/JointState', msg: { name: [], position: [], velocity: [], effort: [] }, receivedAt: AT },
    ]);
    const asked: string[] = [];
    setRemoteBlobSource(async (id) => {
      asked.push(id);
      return id.endsWith('.mcap')
        ? { mime: 'application/octet-stream', data: clip }
        : { mime: 'image/png', data: new Uint8Array([137, 80]) };
    });
    await openIncident(inc.id);
    const s = useReviewStore.getState();
    expect(s.clipError).toBeNull();
    expect(s.replay).toMatchObject({ incidentId: inc.id, topicCount: 2, messageCount: 2 });
    expect(s.screenshotUrl).not.toBeNull();
    expect(asked.sort()).toEqual([inc.clipBlobId, inc.screenshotBlobId].sort());
    expect(await getIncidentRepo().getBlob(inc.clipBlobId)).toBeUndefined();
  });

  it('says the clip is on another console when the hub cannot give it, and without a hub that it is missing', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const inc = await remoteIncident('inc-remote-2');
    setRemoteBlobSource(async () => {
      throw new Error('the hub at http://hub:8080 is not reachable');
    });
    await openIncident(inc.id);
    expect(useReviewStore.getState().clipError).toBe(
      'the clip was recorded on another console and the hub did not give it: the hub at http://hub:8080 is not reachable',
    );
    closeIncident();
    setRemoteBlobSource(null);
    await openIncident(inc.id);
    expect(useReviewStore.getState().clipError).toBe('the clip is missing from the store');
  });
});
