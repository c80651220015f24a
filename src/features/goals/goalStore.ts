// The goal-on-map tool's state a person sees: whether the mode is on, which template it sends with, a goal
// waiting for confirmation (it lies in an obstacle or unknown area) and the last outcome. The drag itself (per
// pointer move) is not here: it lives in a plain object the arrow layer reads per frame (goalDrag).

import { create } from 'zustand';
import type { CellState } from '../../scene';

export interface MapGoal {
  robotId: string;
  /** In the robot's map frame. */
  x: number;
  y: number;
  yaw: number;
  frame: string;
}

export interface PendingGoal extends MapGoal {
  cell: Extract<CellState, 'occupied' | 'unknown'>;
}

interface GoalState {
  active: boolean;
  templateId?: string;
  pending?: PendingGoal;
  message?: { ok: boolean; text: string };
  setActive(active: boolean): void;
  setTemplate(id: string): void;
  setPending(p?: PendingGoal): void;
  say(message?: { ok: boolean; text: string }): void;
}

export const useGoalStore = create<GoalState>((set) => ({
  active: false,
  setActive: (active) => set(active ? { active, message: undefined, pending: undefined } : { active }),
  setTemplate: (templateId) => set({ templateId }),
  setPending: (pending) => set({ pending }),
  say: (message) => set({ message }),
}));

/** The press-drag in progress, in the fixed frame (hot path: written per pointer move, read per frame). */
export const goalDrag: { robotId?: string; start: { x: number; y: number } | null; end: { x: number; y: number } | null } = {
  start: null,
  end: null,
};

/** Shorter drags than this (metres) keep the heading of a plain click: 0, along the map's x axis. */
export const MIN_DRAG_M = 0.15;

/** The heading of a press-drag from start to end (RViz's 2D Nav Goal): along the drag, 0 for a click. */
export function dragYaw(start: { x: number; y: number }, end: { x: number; y: number } | null): number {
  if (!end) return 0;
  const dx = end.x - start.x,
    dy = end.y - start.y;
  return Math.hypot(dx, dy) < MIN_DRAG_M ? 0 : Math.atan2(dy, dx);
}
