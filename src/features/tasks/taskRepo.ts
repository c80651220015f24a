// Tasks, task templates and per-robot task settings in the console database. Every write is one Dexie
// transaction: it lands whole or not at all, so a failed write never damages what was saved before.
// Callers keep their in-memory copy on failure and show the error; the next write retries.
import type { Task } from './taskModel';
import type { TaskTemplate } from './templates';
import { getDb, type ConsoleDb, type StoredTask, type StoredTemplate } from '../../storage';
import type { SyncedTask } from '../../contracts';
import { queueInTransaction, syncKick, syncTarget, type OutboxEntry } from '../../sync';
import { rowFromHub, taskOutboxEntries, type SyncedRow } from './taskSync';

/** A task as the hub has it, written into the console's table; `foreign` when another console made it. */
export interface HubTask {
  task: Task;
  foreign: boolean;
}

export interface TaskRepo {
  /** Saves these tasks (insert or replace) in one transaction. */
  saveTasks(tasks: readonly Task[]): Promise<void>;
  loadTasks(filter?: { robotId?: string; openOnly?: boolean }): Promise<Task[]>;
  deleteTask(id: string): Promise<void>;
  saveTemplate(t: TaskTemplate): Promise<void>;
  deleteTemplate(id: string): Promise<void>;
  /** Raw stored templates; the caller validates them (a bad stored template must not hide the others). */
  loadTemplates(): Promise<unknown[]>;
  getSetting<T>(key: string): Promise<T | undefined>;
  setSetting(key: string, value: unknown): Promise<void>;
  /**
   * Writes the hub's copies (live feed, pull) unless this console still has changes of that task queued
   * (they are made on what it has; the hub's answer to them comes next). `force`: a refused change, the
   * hub's copy replaces this console's. Returns what was written.
   */
  applyFromHub(tasks: readonly SyncedTask[], force?: boolean): Promise<HubTask[]>;
}

const OPEN = ['queued', 'dispatched', 'active', 'unknown'];

function looksLikeTask(v: unknown): v is Task {
  if (!v || typeof v !== 'object') return false;
  const t = v as Record<string, unknown>;
  return (
    typeof t.id === 'string' &&
    typeof t.robotId === 'string' &&
    typeof t.state === 'string' &&
    typeof t.order === 'number' &&
    Array.isArray(t.history) &&
    !!t.target &&
    typeof t.target === 'object'
  );
}

export function createTaskRepo(db: ConsoleDb = getDb()): TaskRepo {
  return {
    async saveTasks(tasks) {
      if (tasks.length === 0) return;
      // structuredClone drops anything that is not plain data before it reaches IndexedDB.
      const rows = tasks.map((t) => structuredClone(t) as unknown as SyncedRow);
      const target = syncTarget();
      await db.transaction('rw', db.tasks, db.outbox, async () => {
        const prevs = (await db.tasks.bulkGet(rows.map((r) => r.id))) as (SyncedRow | undefined)[];
        const entries: OutboxEntry[] = [];
        rows.forEach((row, i) => {
          const prev = prevs[i];
          row.syncForeign = prev?.syncForeign;
          if (!prev?.syncForeign) delete row.syncForeign;
          row.syncVersion = prev?.syncVersion;
          if (!target) return;
          const out = taskOutboxEntries(prev, row as unknown as Task, target.site, Date.now());
          entries.push(...out.entries);
          row.syncVersion = out.version;
        });
        await queueInTransaction(db.outbox, entries);
        await db.tasks.bulkPut(rows);
      });
      syncKick();
    },
    async applyFromHub(list, force = false) {
      const written: HubTask[] = [];
      await db.transaction('rw', db.tasks, db.outbox, async () => {
        for (const t of list) {
          const group = `task:${t.id}`;
          if (!force && (await db.outbox.where('group').equals(group).count()) > 0) continue;
          const prev = (await db.tasks.get(t.id)) as SyncedRow | undefined;
          if (!force && prev && (prev.syncVersion ?? 0) > t.version) continue;
          if (force) await db.outbox.where('group').equals(group).delete();
          const row = rowFromHub(t, prev ? !!prev.syncForeign : true);
          await db.tasks.put(row);
          written.push({ task: row as unknown as Task, foreign: !!row.syncForeign });
        }
      });
      return written;
    },
    async loadTasks(filter = {}) {
      let rows: StoredTask[];
      if (filter.robotId !== undefined) rows = await db.tasks.where('robotId').equals(filter.robotId).toArray();
      else if (filter.openOnly) rows = await db.tasks.where('state').anyOf(OPEN).toArray();
      else rows = await db.tasks.toArray();
      const tasks = rows.filter(looksLikeTask) as unknown as Task[];
      return filter.openOnly ? tasks.filter((t) => OPEN.includes(t.state)) : tasks;
    },
    async deleteTask(id) {
      await db.transaction('rw', db.tasks, () => db.tasks.delete(id));
    },
    async saveTemplate(t) {
      await db.transaction('rw', db.templates, async () => {
        await db.templates.put(structuredClone(t) as unknown as StoredTemplate);
      });
    },
    async deleteTemplate(id) {
      await db.transaction('rw', db.templates, () => db.templates.delete(id));
    },
    async loadTemplates() {
      return db.templates.toArray();
    },
    async getSetting<T>(key: string) {
      const row = await db.settings.get(key);
      return row?.value as T | undefined;
    },
    async setSetting(key, value) {
      await db.transaction('rw', db.settings, () => db.settings.put({ key, value }));
    },
  };
}
