// What the task UI shows, mirrored from the engine at most a few times a second (never per feedback message).
import { create } from 'zustand';
import type { EngineNote, TaskEngine } from './taskEngine';
import type { Task } from './taskModel';
import type { TaskTemplate } from './templates';

export interface TaskStoreState {
  ready: boolean;
  tasks: Task[];
  templates: TaskTemplate[];
  templateProblems: readonly string[];
  /** Per robot; robots not listed auto-dispatch. */
  autoDispatch: Record<string, boolean>;
  storageError?: string;
  notes: readonly EngineNote[];
  /** Changes the site hub refused (another console changed the task first). */
  refusals: readonly EngineNote[];
}

export const useTaskStore = create<TaskStoreState>(() => ({
  ready: false,
  tasks: [],
  templates: [],
  templateProblems: [],
  autoDispatch: {},
  notes: [],
  refusals: [],
}));

export function snapshot(engine: TaskEngine): TaskStoreState {
  const tasks = engine.allTasks();
  const auto: Record<string, boolean> = {};
  for (const t of tasks) auto[t.robotId] ??= engine.autoDispatch(t.robotId);
  return {
    ready: true,
    tasks,
    templates: engine.listTemplates(),
    templateProblems: engine.templateProblems(),
    autoDispatch: { ...auto, ...engine.autoDispatchSettings() },
    storageError: engine.storageError,
    notes: engine.recentNotes(),
    refusals: engine.recentRefusals(),
  };
}

let flushNow: (() => void) | undefined;

/** After a person's own action (click, key): show its effect at once instead of at the next throttle tick. */
export function flushTaskStore(): void {
  flushNow?.();
}

/** Mirrors the engine into useTaskStore, at most once per `intervalMs`. Returns the unbind function. */
export function bindTaskStore(engine: TaskEngine, intervalMs = 250): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = 0;
  let seen = -1;
  const flush = () => {
    timer = undefined;
    last = Date.now();
    if (engine.version === seen) return;
    seen = engine.version;
    useTaskStore.setState(snapshot(engine));
  };
  const off = engine.subscribe(() => {
    if (timer) return;
    timer = setTimeout(flush, Math.max(0, intervalMs - (Date.now() - last)));
  });
  flush();
  const now = () => {
    if (timer) clearTimeout(timer);
    flush();
  };
  flushNow = now;
  return () => {
    off();
    if (timer) clearTimeout(timer);
    if (flushNow === now) flushNow = undefined;
  };
}
