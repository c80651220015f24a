// Settings and status of the sensor layers (laser scan, point cloud), shared by the 3D layers (which read the
// settings every frame and report status at most every 500 ms) and the DOM controls outside the canvas.
import { create } from 'zustand';
import { DEFAULT_MAX_POINTS } from './pointCloud2';

export type SensorKind = 'scan' | 'cloud';

export interface SensorLayerSettings {
  visible: boolean;
  /** Keep points this many seconds (0 = newest message only). */
  decaySec: number;
  /** Points budget over all kept messages of one layer. */
  maxPoints: number;
  /** Point size, screen pixels. */
  pointSize: number;
}

export interface SensorLayerStatus {
  kind: SensorKind;
  robotId: string;
  topic: string;
  /** Points on screen now. */
  points: number;
  /** Points in the newest message (before the cap). */
  total: number;
  capped: boolean;
  cap: number;
  /** The view draws every n-th of them while it has reduced its detail (1 or absent: all). */
  thinnedBy?: number;
  error?: { code: string; params: Record<string, string | number> };
  /** Frame without a transform to the fixed frame, if any. */
  noTransform?: string;
}

interface SensorLayerState {
  settings: Record<SensorKind, SensorLayerSettings>;
  status: Record<string, SensorLayerStatus>;
  set(kind: SensorKind, patch: Partial<SensorLayerSettings>): void;
  report(s: SensorLayerStatus): void;
  forget(robotId: string, topic: string): void;
}

export const statusKey = (robotId: string, topic: string) => `${robotId}|${topic}`;

export const useSensorLayerStore = create<SensorLayerState>((set, get) => ({
  settings: {
    scan: { visible: true, decaySec: 0, maxPoints: DEFAULT_MAX_POINTS, pointSize: 4 },
    cloud: { visible: true, decaySec: 0, maxPoints: DEFAULT_MAX_POINTS, pointSize: 2 },
  },
  status: {},
  set(kind, patch) {
    const s = get().settings;
    set({ settings: { ...s, [kind]: { ...s[kind], ...patch } } });
  },
  report(s) {
    const key = statusKey(s.robotId, s.topic);
    const prev = get().status[key];
    if (prev && JSON.stringify(prev) === JSON.stringify(s)) return;
    set({ status: { ...get().status, [key]: s } });
  },
  forget(robotId, topic) {
    const status = { ...get().status };
    delete status[statusKey(robotId, topic)];
    set({ status });
  },
}));
