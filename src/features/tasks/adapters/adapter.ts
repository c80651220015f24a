// What the task engine needs from a dispatch adapter. Each adapter turns a task into frames on the robot
// link and reports what the robot says back as AdapterUpdates keyed by the console's goal id.
import type { Task, TaskProgress, TaskState } from '../taskModel';

export interface AdapterUpdate {
  goalId: string;
  state?: TaskState;
  /** The robot's own words where it gave any; otherwise the console's, saying so. */
  reason?: string;
  progress?: TaskProgress;
}

export interface AdapterHost {
  update(u: AdapterUpdate): void;
  /** Something worth a line in the log but not a task change (e.g. status for a goal we never sent). */
  note(text: string): void;
  now(): number;
}

export interface DispatchAdapter {
  /** Sends the goal. Rejects with a plain-words Error when it could not be sent at all. */
  dispatch(task: Task, goalId: string): Promise<void>;
  /** Asks the robot to stop this goal; the final state comes back as an update. */
  cancel(task: Task): void;
  /**
   * After a reconnect or a reload: these goals were on the robot when we lost sight of them. The adapter
   * finds out what became of them and reports it (or fails them with a clear reason).
   */
  reconcile(tasks: readonly Task[]): void;
  dispose(): void;
}

export function distance2d(ax: number, ay: number, bx: number, by: number): number {
  return Math.hypot(ax - bx, ay - by);
}

export function fmt(n: number): string {
  return n.toFixed(2);
}
