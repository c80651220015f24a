// What the camera panel shows per robot: the camera topics found on it and the ones the person chose. Changes
// only when the topic list or a choice changes (never per frame), so side panel and teleop view stay in step.
import { create } from 'zustand';
import type { TopicInfo } from '../../../ros';
import { isCameraType, isCompressedType } from './imageDecoder';

export interface CameraTopicsState {
  topics: TopicInfo[];
  /** Error text of the last failed look-up. */
  error?: string;
  loaded: boolean;
}

interface CameraState {
  byRobot: Record<string, CameraTopicsState>;
  /** Chosen topics per robot; undefined = not chosen yet (the default camera is shown). */
  chosen: Record<string, string[] | undefined>;
  setTopics(robotId: string, s: CameraTopicsState): void;
  toggle(robotId: string, topic: string): void;
}

export const useCameraStore = create<CameraState>((set, get) => ({
  byRobot: {},
  chosen: {},
  setTopics(robotId, s) {
    const prev = get().byRobot[robotId];
    if (prev && prev.loaded === s.loaded && prev.error === s.error && sameTopics(prev.topics, s.topics)) return;
    set({ byRobot: { ...get().byRobot, [robotId]: s } });
  },
  toggle(robotId, topic) {
    const current = get().chosen[robotId] ?? defaultCameras(get().byRobot[robotId]?.topics ?? []).map((t) => t.name);
    const next = current.includes(topic) ? current.filter((t) => t !== topic) : [...current, topic];
    set({ chosen: { ...get().chosen, [robotId]: next } });
  },
}));

function sameTopics(a: TopicInfo[], b: TopicInfo[]): boolean {
  return a.length === b.length && a.every((t, i) => t.name === b[i].name && t.type === b[i].type);
}

/** Camera topics, compressed streams first (cheaper on the link), then by name. */
export function cameraTopics(all: readonly TopicInfo[]): TopicInfo[] {
  return all
    .filter((t) => isCameraType(t.type))
    .sort((a, b) => Number(isCompressedType(b.type)) - Number(isCompressedType(a.type)) || a.name.localeCompare(b.name));
}

/**
 * The camera shown before anyone chooses: a compressed colour stream if there is one. A raw Image whose
 * compressed twin exists (`/x/image_raw` next to `/x/image_raw/compressed`) is never the default.
 */
export function defaultCameras(topics: readonly TopicInfo[]): TopicInfo[] {
  if (topics.length === 0) return [];
  const notDepth = topics.filter((t) => !/depth/i.test(t.name));
  const pool = notDepth.length ? notDepth : [...topics];
  return [pool[0]];
}

export function chosenCameras(robotId: string, s: Pick<CameraState, 'byRobot' | 'chosen'>): TopicInfo[] {
  const topics = s.byRobot[robotId]?.topics ?? [];
  const chosen = s.chosen[robotId];
  if (!chosen) return defaultCameras(topics);
  return topics.filter((t) => chosen.includes(t.name));
}
