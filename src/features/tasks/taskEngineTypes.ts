// What the task engine is given and what it answers with.
import type { RobotLink } from '../../ros';
import type { TaskRepo } from './taskRepo';
import type { TaskTarget } from './taskModel';

export interface TaskEngineOptions {
  repo: TaskRepo;
  getLink(robotId: string): RobotLink | undefined;
  onLinksChanged?(cb: () => void): () => void;
  now?(): number;
  /** How long after a reconnect a goal may be missing from /status before it counts as gone. */
  reconcileMs?: number;
  /** Progress (feedback) is saved at most this often per task; state changes are saved at once. */
  progressSaveMs?: number;
  /** Finished tasks older than this many are not loaded at start (they stay in the database). */
  historyLimit?: number;
}

export interface EngineNote {
  at: number;
  robotId: string;
  text: string;
}

export type AssignInput = {
  robotId: string;
  templateId: string;
  target?: TaskTarget;
  params?: Record<string, string | number | boolean>;
  assignedBy?: string;
  retryOf?: string;
};

export type Result<T = void> = ({ ok: true } & (T extends void ? object : { value: T })) | { ok: false; error: string };
