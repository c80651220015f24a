// What the 3D panel's overlay shows (camera mode, layers, warnings, robot frame problems, the inspected
// object). Written by user actions and by SceneModel.tickUi() at a few Hz, compared before set, never per message.

import { create } from 'zustand';
import type { WarningEntry } from './sceneWarnings';

export type CameraMode = 'perspective' | 'top';

export interface LayerRow {
  /** "grid", "robots" or "ns:<namespace>" */
  id: string;
  label: string;
  visible: boolean;
  count: number;
}

export interface RobotFrameStatus {
  /** ok: drawn at its pose; stale: drawn dimmed at its last pose; lost: not drawn (no pose in the fixed frame) */
  kind: 'ok' | 'waiting' | 'stale' | 'lost';
  /** English text (logs, tests); the UI formats `reason` in the console language. */
  text: string;
  reason?: 'no-link' | 'no-tf' | 'stale' | 'not-connected' | 'other';
  seconds?: number;
  frame?: string;
  fixed?: string;
}

interface SceneUiState {
  cameraMode: CameraMode;
  follow: boolean;
  layers: LayerRow[];
  warnings: WarningEntry[];
  robotStatus: Record<string, RobotFrameStatus>;
  /** Marker key of the object in the inspector. */
  inspectedKey?: string;
  setCameraMode(m: CameraMode): void;
  setFollow(f: boolean): void;
  inspect(key?: string): void;
}

export const useSceneUiStore = create<SceneUiState>((set) => ({
  cameraMode: 'perspective',
  follow: false,
  layers: [],
  warnings: [],
  robotStatus: {},
  inspectedKey: undefined,
  setCameraMode: (cameraMode) => set({ cameraMode }),
  setFollow: (follow) => set({ follow }),
  inspect: (inspectedKey) => set({ inspectedKey }),
}));
