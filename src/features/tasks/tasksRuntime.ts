// The app's one task engine, on the fleet's links and the console database. TaskBoard starts it on mount;
// the app may start it earlier (e.g. at launch) so queues keep running while the board is not shown.
import { getLink, onLinksChanged } from '../../fleet';
import { getDb } from '../../storage';
import type { SyncedTask } from '../../contracts';
import { createTaskRepo } from './taskRepo';
import { TaskEngine } from './taskEngine';
import { bindTaskStore } from './taskStore';

let engine: TaskEngine | undefined;

/** Starts the task engine. ROS 2 action goals go through each robot link's action ops (link.sendActionGoal). */
export function startTasks(): TaskEngine {
  if (engine) return engine;
  const e = new TaskEngine({
    repo: createTaskRepo(getDb()),
    getLink,
    onLinksChanged,
  });
  engine = e;
  bindTaskStore(e);
  void e.start();
  if (typeof window !== 'undefined') window.addEventListener('pagehide', () => void e.flush());
  return e;
}

export function getTaskEngine(): TaskEngine | undefined {
  return engine;
}

/** Tasks as the site hub has them: into the table, then into the engine (the board shows them). */
export async function applyHubTasks(tasks: readonly SyncedTask[], force = false): Promise<void> {
  const written = await createTaskRepo(getDb()).applyFromHub(tasks, force);
  engine?.adoptFromHub(written, force);
}

/** The hub refused a change of this task; `current` is the hub's copy, which replaces this console's. */
export async function taskChangeRefused(taskId: string, message: string, current: SyncedTask | undefined): Promise<void> {
  if (current) await applyHubTasks([current], true);
  engine?.noteRefused(taskId, message);
}
