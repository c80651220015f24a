// Review mode: filters, selection for export, the incident being looked at and its replay. The replay's
// objects (ClipPlayer, ReplayLink) are created once per opened incident; the player's position reaches this
// store at most ~10 times a second.
import { create } from 'zustand';
import { getIncidentRepo, type IncidentRepo } from '../incidentRepo';
import { getIncidentService } from '../incidentService';
import { readClip } from '../mcapClip';
import { ClipPlayer, type PlayerState } from './clipPlayer';
import { ReplayLink } from './replayLink';
import { NO_FILTERS, type ReviewFilters } from './reviewFilter';

export interface ReplaySession {
  incidentId: string;
  robotId: string;
  link: ReplayLink;
  player: ClipPlayer;
  topicCount: number;
  messageCount: number;
}

interface ReviewState {
  filters: ReviewFilters;
  selected: string[];
  openId: string | null;
  replay: ReplaySession | null;
  player: PlayerState | null;
  loading: boolean;
  clipError: string | null;
  screenshotUrl: string | null;
  setFilters(f: Partial<ReviewFilters>): void;
  toggleSelected(id: string): void;
  setSelected(ids: string[]): void;
}

export const useReviewStore = create<ReviewState>((set, get) => ({
  filters: NO_FILTERS,
  selected: [],
  openId: null,
  replay: null,
  player: null,
  loading: false,
  clipError: null,
  screenshotUrl: null,
  setFilters(f) {
    set({ filters: { ...get().filters, ...f } });
  },
  toggleSelected(id) {
    const s = get().selected;
    set({ selected: s.includes(id) ? s.filter((x) => x !== id) : [...s, id] });
  },
  setSelected(selected) {
    set({ selected });
  },
}));

export function reviewRepo(): IncidentRepo {
  return getIncidentService()?.repo ?? getIncidentRepo();
}

/** Where blobs this console does not hold come from: the site hub, when one is connected (set by the app). */
export type RemoteBlobSource = (id: string) => Promise<{ mime: string; data: Uint8Array } | undefined>;
let remoteBlobs: RemoteBlobSource | null = null;

/** The app sets this while a hub is connected (null: alone, blobs only from this console's store). */
export function setRemoteBlobSource(source: RemoteBlobSource | null): void {
  remoteBlobs = source;
}

/**
 * A blob from this console's store, else from the hub (an incident recorded on another console: its clip and
 * screenshot stay on the hub, fetched when reviewed, never copied into this console's store or outbox).
 */
async function reviewBlob(repo: IncidentRepo, id: string, what: string): Promise<{ mime: string; data: Uint8Array } | undefined> {
  const local = await repo.getBlob(id);
  if (local) return local;
  if (!remoteBlobs) return undefined;
  try {
    return await remoteBlobs(id);
  } catch (err) {
    throw new Error(
      `the ${what} was recorded on another console and the hub did not give it: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

let openSeq = 0;

function disposeSession(): void {
  const { replay, screenshotUrl } = useReviewStore.getState();
  replay?.player.dispose();
  replay?.link.close();
  if (screenshotUrl) URL.revokeObjectURL(screenshotUrl);
  useReviewStore.setState({ replay: null, player: null, screenshotUrl: null, clipError: null });
}

/** Opens an incident in review: loads its screenshot and clip, paused at the incident's instant. */
export async function openIncident(id: string): Promise<void> {
  const seq = ++openSeq;
  disposeSession();
  useReviewStore.setState({ openId: id, loading: true });
  const repo = reviewRepo();
  try {
    const inc = await repo.get(id);
    if (seq !== openSeq) return;
    if (!inc) throw new Error(`incident ${id} not found`);
    if (inc.screenshotBlobId) {
      const shot = await reviewBlob(repo, inc.screenshotBlobId, 'screenshot').catch(() => undefined);
      if (shot && seq === openSeq) {
        useReviewStore.setState({ screenshotUrl: URL.createObjectURL(new Blob([shot.data as BlobPart], { type: shot.mime })) });
      }
    }
    if (!inc.clipBlobId) {
      useReviewStore.setState({ loading: false });
      return;
    }
    const blob = await reviewBlob(repo, inc.clipBlobId, 'clip');
    if (!blob) throw new Error(remoteBlobs ? 'the clip is neither in this console nor at the hub' : 'the clip is missing from the store');
    const clip = await readClip(blob.data);
    if (seq !== openSeq) return;
    const player = new ClipPlayer(clip);
    const link = new ReplayLink(id, player, clip.params);
    player.onState((s) => useReviewStore.setState({ player: s }));
    const topics = new Set(clip.messages.map((m) => m.topic));
    useReviewStore.setState({
      replay: { incidentId: id, robotId: inc.robotId, link, player, topicCount: topics.size, messageCount: clip.messages.length },
      player: player.state(),
      loading: false,
    });
    // Open at the incident's instant (the scene gets the state then); play or scrub from there.
    player.seek(inc.at - clip.startMs);
  } catch (err) {
    if (seq !== openSeq) return;
    useReviewStore.setState({ loading: false, clipError: err instanceof Error ? err.message : String(err) });
  }
}

export function closeIncident(): void {
  openSeq++;
  disposeSession();
  useReviewStore.setState({ openId: null, loading: false });
}

/** The replay the 3D scene should show instead of the live robot, or null (non-React). */
export function getReplaySession(): ReplaySession | null {
  return useReviewStore.getState().replay;
}

/** React: the active replay session (changes only when an incident is opened or closed). */
export function useReplaySession(): ReplaySession | null {
  return useReviewStore((s) => s.replay);
}

/** Calls `cb` whenever a replay starts or ends (for non-React code such as the scene's robot sync). */
export function onReplayChange(cb: (session: ReplaySession | null) => void): () => void {
  return useReviewStore.subscribe((s, prev) => {
    if (s.replay !== prev.replay) cb(s.replay);
  });
}
