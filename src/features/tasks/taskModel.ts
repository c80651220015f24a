// Tasks as plain data, and the only way their state may change. No I/O, no React.

export type TaskState =
  | 'queued'
  | 'dispatched'
  | 'active'
  | 'succeeded'
  | 'failed'
  | 'canceled'
  | 'rejected'
  /** The console lost the link (or was reloaded) while the robot held the goal: we do not know. */
  | 'unknown';

export const TERMINAL_STATES: readonly TaskState[] = ['succeeded', 'failed', 'canceled', 'rejected'];
export const OPEN_STATES: readonly TaskState[] = ['queued', 'dispatched', 'active', 'unknown'];
/** States in which the robot holds (or may hold) the goal. */
export const ON_ROBOT_STATES: readonly TaskState[] = ['dispatched', 'active', 'unknown'];

export const isTerminal = (s: TaskState): boolean => TERMINAL_STATES.includes(s);
export const isOnRobot = (s: TaskState): boolean => ON_ROBOT_STATES.includes(s);

export type TaskTarget =
  | { kind: 'place'; placeKey: string; name: string; x: number; y: number; yaw: number; frame: string }
  | { kind: 'pose'; x: number; y: number; yaw: number; frame: string };

export interface TaskHistoryEntry {
  at: number;
  state: TaskState;
  reason?: string;
}

export interface TaskProgress {
  /** Metres left to the target (straight line), when the robot's position is known. */
  distance?: number;
  /** Last feedback in plain words or numbers, e.g. "at (1.20, 3.40)". */
  feedback?: string;
  /** Robot position from feedback/tf, map frame. */
  x?: number;
  y?: number;
  at?: number;
}

export interface Task {
  id: string;
  robotId: string;
  templateId: string;
  target: TaskTarget;
  params: Record<string, string | number | boolean>;
  assignedBy: string;
  assignedAt: number;
  /** Position in the robot's queue; lower runs first. */
  order: number;
  state: TaskState;
  /** The robot's own words for the last state (or the console's, marked as such). */
  stateReason?: string;
  history: TaskHistoryEntry[];
  progress: TaskProgress;
  /** Set when dispatched; what the robot knows the goal by. */
  goalId?: string;
  /** The task this one retries, if any. */
  retryOf?: string;
  /** A cancel was sent and the robot has not confirmed yet. */
  cancelRequested?: boolean;
}

const ALLOWED: Record<TaskState, readonly TaskState[]> = {
  queued: ['dispatched', 'canceled', 'rejected', 'failed'],
  dispatched: ['active', 'succeeded', 'failed', 'canceled', 'rejected', 'unknown'],
  active: ['succeeded', 'failed', 'canceled', 'unknown'],
  unknown: ['dispatched', 'active', 'succeeded', 'failed', 'canceled', 'rejected'],
  succeeded: [],
  failed: [],
  canceled: [],
  rejected: [],
};

export function canTransition(from: TaskState, to: TaskState): boolean {
  return ALLOWED[from].includes(to);
}

export type TransitionResult = { ok: true; task: Task } | { ok: false; error: string };

/**
 * Moves a task to `to`, appending to its history. Same state with a new reason only updates the reason
 * (no history entry unless the reason changed). Refuses illegal moves with a message; never throws.
 */
export function transition(task: Task, to: TaskState, reason: string | undefined, at: number): TransitionResult {
  if (task.state === to) {
    if (reason === undefined || reason === task.stateReason) return { ok: true, task };
    return {
      ok: true,
      task: { ...task, stateReason: reason, history: [...task.history, { at, state: to, reason }] },
    };
  }
  if (!canTransition(task.state, to)) {
    return { ok: false, error: `task ${task.id}: cannot go from ${task.state} to ${to}` };
  }
  const entry: TaskHistoryEntry = reason === undefined ? { at, state: to } : { at, state: to, reason };
  return {
    ok: true,
    task: {
      ...task,
      state: to,
      stateReason: reason,
      history: [...task.history, entry],
      cancelRequested: isTerminal(to) ? false : task.cancelRequested,
    },
  };
}

export function validTarget(t: TaskTarget): string | null {
  for (const k of ['x', 'y', 'yaw'] as const) {
    const v = t[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) return `target ${k} is not a finite number (${String(v)})`;
  }
  if (!t.frame) return 'target frame is empty';
  return null;
}

let counter = 0;
export function newId(prefix = ''): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return prefix + c.randomUUID();
  counter += 1;
  return `${prefix}${Date.now().toString(36)}-${counter.toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export interface NewTaskInput {
  robotId: string;
  templateId: string;
  target: TaskTarget;
  params?: Record<string, string | number | boolean>;
  assignedBy: string;
  order: number;
  at: number;
  retryOf?: string;
}

export function createTask(input: NewTaskInput): Task {
  return {
    id: newId('task-'),
    robotId: input.robotId,
    templateId: input.templateId,
    target: input.target,
    params: input.params ?? {},
    assignedBy: input.assignedBy,
    assignedAt: input.at,
    order: input.order,
    state: 'queued',
    history: [{ at: input.at, state: 'queued' }],
    progress: {},
    ...(input.retryOf ? { retryOf: input.retryOf } : {}),
  };
}

/** Goal ids are made by the console so results can be matched: console-<robot>-<uuid>. */
export function makeGoalId(robotId: string): string {
  const short = robotId
    .replace(/^wss?:\/\//, '')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
  return newId(`console-${short}-`);
}

/** Open tasks of one robot in queue order. */
export function queueOf(tasks: Iterable<Task>, robotId: string): Task[] {
  return [...tasks].filter((t) => t.robotId === robotId && !isTerminal(t.state)).sort(byOrder);
}

export function byOrder(a: Task, b: Task): number {
  return a.order - b.order || a.assignedAt - b.assignedAt;
}
