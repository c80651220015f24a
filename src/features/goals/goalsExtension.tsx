// The goal tool as a scene extension: its layer (press-drag, arrow), its toolbar button and its card.
import type { SceneExtension } from '../../scene';
import { GoalButton, GoalCard } from './GoalControls';
import { GoalLayer } from './GoalLayer';
import { useGoalStore } from './goalStore';

declare module '../../scene' {
  interface SceneDebugHook {
    /** Page CSS pixels of a fixed-frame point, or null when it is not on screen. */
    worldToScreen(x: number, y: number, z?: number): { x: number; y: number } | null;
    /** Whether the goal tool is on. */
    goalMode(): boolean;
    /** The state of the robot's grid cell under a fixed-frame point (null: no grid or no transform). */
    gridCell(robotId: string, x: number, y: number): string | null;
  }
}

export const goalsSceneExtension: SceneExtension = {
  id: 'goals',
  Layer: GoalLayer,
  Toolbar: GoalButton,
  Overlay: GoalCard,
  instruments: (rt, toScreen) => ({
    gridCell: (robotId: string, x: number, y: number) => {
      const p = rt.toRobotMap(robotId, x, y, 0);
      return rt.cellAt(robotId, p.frame, p.x, p.y)?.state ?? null;
    },
    worldToScreen: (x: number, y: number, z = 0) => toScreen({ x, y, z }),
    goalMode: () => useGoalStore.getState().active,
  }),
};
