/* eslint-disable max-lines -- 408 lines since the e-stop work (cancel on a robot, pause and resume its queue) landed; the
   queue-pause part is the next to move out to queuePause.ts. */
// Owns every robot's task queue: assigns, dispatches through adapters, applies what robots report, persists
// each change, and tells the truth across link loss and reload ("unknown" until the robot's own status says
// otherwise). No React: the zustand mirror (taskStore.ts) listens and throttles.
import type { LinkStatus } from '../../ros';
import { storageErrorText } from '../../storage';
import type { AdapterHost, AdapterUpdate, DispatchAdapter } from './adapters/adapter';
import { AdapterPool } from './adapters/adapterPool';
import { RobotWatches } from './robotWatches';
import type { AssignInput, EngineNote, Result, TaskEngineOptions } from './taskEngineTypes';
import { newAssignedTask } from './assignment';
import { byOrder, isOnRobot, isTerminal, makeGoalId, transition, type Task, type TaskState } from './taskModel';
import { reorderedTasks, swappedIds } from './queueOrder';
import { QueuePauses, type QueuePauseInfo } from './queuePause';
import { TaskWriter } from './taskWriter';
import { TemplateCatalog } from './templateCatalog';
import type { TaskTemplate, TemplateCheck } from './templates';

export type { AssignInput, EngineNote, Result, TaskEngineOptions } from './taskEngineTypes';

const UNKNOWN_REASON_RELOAD = 'console: reloaded while the robot held this goal; waiting for the robot’s status';

export class TaskEngine {
  private tasks = new Map<string, Task>();
  private byGoal = new Map<string, string>();
  private auto = new Map<string, boolean>();
  private listeners = new Set<() => void>();
  private notes: EngineNote[] = [];
  private refusals: EngineNote[] = [];
  private progressSavedAt = new Map<string, number>();
  /** Tasks another console made (site hub): shown and cancellable here, dispatched and watched by their own console. */
  private foreign = new Set<string>();
  private offLinks?: () => void;
  private readonly now: () => number;
  private readonly templates: TemplateCatalog;
  private readonly adapters: AdapterPool;
  private readonly watches: RobotWatches;
  private readonly writer: TaskWriter;
  private readonly pauses: QueuePauses;
  storageError?: string;
  version = 0;

  constructor(private readonly opts: TaskEngineOptions) {
    this.now = opts.now ?? Date.now;
    this.templates = new TemplateCatalog(opts.repo);
    this.adapters = new AdapterPool({
      getLink: (robotId) => opts.getLink(robotId),
      reconcileMs: opts.reconcileMs,
      hostFor: (robotId) => this.hostFor(robotId),
    });
    this.watches = new RobotWatches({
      getLink: (robotId) => opts.getLink(robotId),
      linkReplaced: (robotId) => this.adapters.disposeRobot(robotId),
      lost: (robotId, s) => this.onLinkLost(robotId, s),
      connected: (robotId) => this.onLinkBack(robotId),
    });
    this.pauses = new QueuePauses(opts.repo, (err) => this.storageFailed(err));
    this.writer = new TaskWriter({
      save: (batch) => opts.repo.saveTasks(batch),
      lookup: (id) => this.tasks.get(id),
      saved: () => {
        if (this.storageError) {
          this.storageError = undefined;
          this.changed();
        }
      },
      failed: (err) => this.storageFailed(err),
    });
  }

  // ---- life cycle ----------------------------------------------------------------------------------------

  async start(): Promise<void> {
    const { repo } = this.opts;
    try {
      await this.templates.load();
      const all = await repo.loadTasks();
      const finished = all.filter((t) => isTerminal(t.state)).sort((a, b) => b.assignedAt - a.assignedAt);
      const keep = new Set(finished.slice(0, this.opts.historyLimit ?? 500).map((t) => t.id));
      const at = this.now();
      for (const t of all) {
        if (isTerminal(t.state) && !keep.has(t.id)) continue;
        let task = t;
        if ((t as { syncForeign?: boolean }).syncForeign) this.foreign.add(t.id);
        else if (t.state === 'dispatched' || t.state === 'active') {
          const r = transition(t, 'unknown', UNKNOWN_REASON_RELOAD, at);
          if (r.ok) {
            task = r.task;
            this.writer.mark(task.id);
          }
        }
        this.tasks.set(task.id, task);
        if (task.goalId) this.byGoal.set(task.goalId, task.id);
      }
      await this.pauses.load();
      const auto = await repo.getSetting<Record<string, boolean>>('tasks.autoDispatch');
      for (const [k, v] of Object.entries(auto ?? {})) this.auto.set(k, v);
    } catch (err) {
      this.storageError = `could not read saved tasks (new ones are kept in memory): ${storageErrorText(err)}`;
    }
    this.offLinks = this.opts.onLinksChanged?.(() => this.attachAll());
    this.attachAll();
    this.writer.schedule();
    this.changed();
  }

  dispose(): void {
    this.offLinks?.();
    this.watches.dispose();
    this.adapters.dispose();
    this.writer.dispose();
    this.listeners.clear();
  }

  /** Waits for every pending write (tests, before unload). */
  async flush(): Promise<void> {
    await this.writer.flush();
  }

  subscribe(cb: () => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  // ---- reads --------------------------------------------------------------------------------------------

  allTasks(): Task[] {
    return [...this.tasks.values()];
  }
  task(id: string): Task | undefined {
    return this.tasks.get(id);
  }
  queue(robotId: string): Task[] {
    return this.allTasks()
      .filter((t) => t.robotId === robotId && !isTerminal(t.state))
      .sort(byOrder);
  }
  private queuedOf(robotId: string): Task[] {
    return this.queue(robotId).filter((t) => t.state === 'queued');
  }
  listTemplates(): TaskTemplate[] {
    return this.templates.list();
  }
  template(id: string): TaskTemplate | undefined {
    return this.templates.get(id);
  }
  templateProblems(): readonly string[] {
    return this.templates.problems();
  }
  autoDispatch(robotId: string): boolean {
    return this.auto.get(robotId) ?? true;
  }
  autoDispatchSettings(): Record<string, boolean> {
    return Object.fromEntries(this.auto);
  }
  /** Calls `cb` for each task the robot holds or may hold (scene layers, per frame; no copies). */
  forEachOnRobot(cb: (t: Task) => void): void {
    for (const t of this.tasks.values()) if (isOnRobot(t.state)) cb(t);
  }
  recentNotes(): readonly EngineNote[] {
    return this.notes;
  }
  isForeign(taskId: string): boolean {
    return this.foreign.has(taskId);
  }

  // ---- the site hub ---------------------------------------------------------------------------------------

  /** Tasks as the hub has them (already stored). A task with a change not yet saved here keeps this console's copy. */
  adoptFromHub(list: readonly { task: Task; foreign: boolean }[], force = false): void {
    for (const { task, foreign } of list) {
      if (!force && this.writer.isDirty(task.id)) continue;
      if (force) this.writer.forget(task.id);
      if (foreign) this.foreign.add(task.id);
      this.tasks.set(task.id, task);
      if (task.goalId && !foreign) this.byGoal.set(task.goalId, task.id);
      if (isTerminal(task.state)) queueMicrotask(() => this.pump(task.robotId));
    }
    if (list.length) this.changed();
  }

  /** The hub refused a change of this task (another console changed it first): say so where the task is shown. */
  noteRefused(taskId: string, message: string): void {
    const t = this.tasks.get(taskId);
    this.refusals = [...this.refusals.slice(-4), { at: this.now(), robotId: t?.robotId ?? '', text: message }];
    this.note(t?.robotId ?? '', message);
  }
  recentRefusals(): readonly EngineNote[] {
    return this.refusals;
  }

  // ---- commands -----------------------------------------------------------------------------------------

  assign(input: AssignInput): Result<Task> {
    const tpl = this.templates.get(input.templateId);
    if (!tpl) return { ok: false, error: `No task template "${input.templateId}".` };
    const maxOrder = Math.max(
      0,
      ...this.allTasks()
        .filter((t) => t.robotId === input.robotId)
        .map((t) => t.order),
    );
    const made = newAssignedTask(tpl, input, maxOrder + 1, this.now());
    if (!made.ok) return made;
    this.put(made.value);
    this.watches.attach(input.robotId);
    this.pump(input.robotId);
    return { ok: true, value: this.tasks.get(made.value.id)! };
  }

  cancel(taskId: string): Result {
    const task = this.tasks.get(taskId);
    if (!task) return { ok: false, error: 'No such task.' };
    if (isTerminal(task.state)) return { ok: false, error: `Task already ${task.state}.` };
    if (task.state === 'queued') {
      this.setState(task, 'canceled', 'console: canceled by operator before dispatch');
      return { ok: true };
    }
    const adapter = this.adapterFor(task);
    this.put({ ...task, cancelRequested: true });
    if (!adapter) {
      this.setState(task, 'canceled', 'console: canceled; its template is gone, so the robot was not told');
      return { ok: true };
    }
    if (!this.watches.isConnected(task.robotId)) {
      this.note(task.robotId, `cancel for task ${task.id} will be sent when the link is back`);
      return { ok: true };
    }
    try {
      adapter.cancel(this.tasks.get(task.id)!);
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    return { ok: true };
  }

  retry(taskId: string): Result<Task> {
    const old = this.tasks.get(taskId);
    if (!old) return { ok: false, error: 'No such task.' };
    if (!isTerminal(old.state)) return { ok: false, error: 'Only finished tasks can be retried.' };
    return this.assign({
      robotId: old.robotId,
      templateId: old.templateId,
      target: old.target,
      params: old.params,
      assignedBy: old.assignedBy,
      retryOf: old.id,
    });
  }

  /** Moves a queued task up (-1) or down (+1) among its robot's queued tasks. */
  move(taskId: string, delta: -1 | 1): Result {
    const task = this.tasks.get(taskId);
    if (!task || task.state !== 'queued') return { ok: false, error: 'Only queued tasks can be moved.' };
    const ids = swappedIds(this.queuedOf(task.robotId), taskId, delta);
    if (!ids) return { ok: false, error: 'Already at the end of the queue.' };
    return this.reorder(task.robotId, ids);
  }

  /** Puts the robot's queued tasks in this order (drag and drop). Unlisted queued tasks keep their place after. */
  reorder(robotId: string, orderedIds: readonly string[]): Result {
    for (const t of reorderedTasks(this.queuedOf(robotId), orderedIds)) this.put(t);
    return { ok: true };
  }

  setAutoDispatch(robotId: string, on: boolean): void {
    this.auto.set(robotId, on);
    const all = Object.fromEntries(this.auto);
    this.opts.repo.setSetting('tasks.autoDispatch', all).catch((err: unknown) => this.storageFailed(err));
    this.changed();
    if (on) this.pump(robotId);
  }

  /** E-stop: cancels every goal the robot holds (through its adapter); returns the task ids. */
  cancelOnRobot(robotId: string, reason: string): string[] {
    const ids: string[] = [];
    for (const t of this.queue(robotId)) {
      if (!isOnRobot(t.state)) continue;
      this.note(robotId, `${reason}: canceling task ${t.id}`);
      if (this.cancel(t.id).ok) ids.push(t.id);
    }
    return ids;
  }

  /** Nothing dispatches to this robot (not even "Send next") until resumeQueue. */
  pauseQueue(robotId: string, by: string, reason: string): void {
    this.pauses.pause(robotId, { at: this.now(), by, reason });
    this.changed();
  }

  /** A person's deliberate act: the queue dispatches again. False when it was not paused. */
  resumeQueue(robotId: string): boolean {
    if (!this.pauses.resume(robotId)) return false;
    this.changed();
    this.pump(robotId);
    return true;
  }

  queuePause(robotId: string): QueuePauseInfo | undefined {
    return this.pauses.get(robotId);
  }

  /** Sends the next queued task now (when auto-dispatch is off). */
  dispatchNext(robotId: string): Result {
    return this.pump(robotId, true);
  }

  async saveTemplate(input: unknown): Promise<TemplateCheck> {
    const check = await this.templates.save(input);
    if (check.ok) this.changed();
    return check;
  }

  async deleteTemplate(id: string): Promise<Result> {
    const r = await this.templates.delete(id);
    if (r.ok) this.changed();
    return r;
  }

  // ---- dispatch -----------------------------------------------------------------------------------------

  private pump(robotId: string, manual = false): Result {
    if (this.pauses.get(robotId)) return { ok: false, error: 'The queue is paused after an e-stop; resume it first.' };
    if (!manual && !this.autoDispatch(robotId)) return { ok: false, error: 'Auto-dispatch is off.' };
    const q = this.queue(robotId);
    if (q.some((t) => isOnRobot(t.state))) return { ok: false, error: 'The robot is still on a task.' };
    const next = q.find((t) => t.state === 'queued' && !this.foreign.has(t.id));
    if (!next) return { ok: false, error: 'Nothing queued.' };
    if (!this.watches.isConnected(robotId)) return { ok: false, error: 'The robot is not connected.' };
    void this.dispatch(next);
    return { ok: true };
  }

  private async dispatch(task: Task): Promise<void> {
    const adapter = this.adapterFor(task);
    const tpl = this.templates.get(task.templateId);
    if (!adapter || !tpl) {
      this.setState(
        task,
        'failed',
        tpl ? 'console: no way to reach this robot for this template' : `console: template "${task.templateId}" no longer exists`,
      );
      return;
    }
    const goalId = makeGoalId(task.robotId);
    this.byGoal.set(goalId, task.id);
    const withGoal = { ...task, goalId };
    this.put(withGoal);
    const sent = this.setState(withGoal, 'dispatched', undefined);
    if (!sent) return;
    try {
      await adapter.dispatch(sent, goalId);
    } catch (err) {
      const cur = this.tasks.get(task.id);
      if (cur) this.setState(cur, 'failed', `console: could not send: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private adapterFor(task: Task): DispatchAdapter | undefined {
    const tpl = this.templates.get(task.templateId);
    return tpl ? this.adapters.get(task.robotId, tpl) : undefined;
  }

  private hostFor(robotId: string): AdapterHost {
    return {
      now: this.now,
      note: (text) => this.note(robotId, text),
      update: (u) => this.onAdapterUpdate(robotId, u),
    };
  }

  private onAdapterUpdate(robotId: string, u: AdapterUpdate): void {
    const id = this.byGoal.get(u.goalId);
    const task = id ? this.tasks.get(id) : undefined;
    if (!task || task.robotId !== robotId) {
      this.note(robotId, `update for unknown goal "${u.goalId}" ignored`);
      return;
    }
    let cur = task;
    if (u.progress) {
      cur = { ...cur, progress: { ...cur.progress, ...u.progress } };
      this.tasks.set(cur.id, cur);
      const last = this.progressSavedAt.get(cur.id) ?? 0;
      if (this.now() - last >= (this.opts.progressSaveMs ?? 2000)) {
        this.progressSavedAt.set(cur.id, this.now());
        this.writer.mark(cur.id);
        this.writer.schedule();
      }
      this.changed();
    }
    if (u.state) {
      if (isTerminal(cur.state)) return;
      // A cancel the operator asked for ends as "canceled" whatever word actionlib uses (PREEMPTED/RECALLED).
      this.setState(cur, u.state, u.reason);
    }
  }

  private setState(task: Task, to: TaskState, reason: string | undefined): Task | undefined {
    const r = transition(task, to, reason, this.now());
    if (!r.ok) {
      this.note(task.robotId, r.error + (reason ? ` (robot said: ${reason})` : ''));
      return undefined;
    }
    if (r.task === task) return task;
    this.put(r.task);
    if (isTerminal(to)) {
      this.progressSavedAt.delete(task.id);
      // Next one goes out once this one has ended.
      queueMicrotask(() => this.pump(task.robotId));
    }
    return r.task;
  }

  // ---- links --------------------------------------------------------------------------------------------

  private attachAll(): void {
    const robots = new Set(this.allTasks().map((t) => t.robotId));
    for (const r of this.watches.robots()) robots.add(r);
    for (const r of robots) this.watches.attach(r);
  }

  private onLinkLost(robotId: string, s: LinkStatus): void {
    const why = s.reason ? `link lost: ${s.reason}` : 'link lost';
    for (const t of this.queue(robotId)) {
      if (this.foreign.has(t.id)) continue;
      if (t.state === 'dispatched' || t.state === 'active') this.setState(t, 'unknown', `console: ${why}`);
    }
  }

  private onLinkBack(robotId: string): void {
    this.reconcile(robotId);
    this.pump(robotId);
  }

  private reconcile(robotId: string): void {
    const open = this.queue(robotId).filter((t) => t.state === 'unknown' && !this.foreign.has(t.id));
    const byAdapter = new Map<DispatchAdapter, Task[]>();
    for (const t of open) {
      const a = this.adapterFor(t);
      if (!a) {
        this.setState(t, 'failed', `console: template "${t.templateId}" no longer exists; cannot ask the robot about this goal`);
        continue;
      }
      byAdapter.set(a, [...(byAdapter.get(a) ?? []), t]);
    }
    for (const [a, ts] of byAdapter) {
      a.reconcile(ts);
      for (const t of ts) if (t.cancelRequested) a.cancel(t);
    }
  }

  // ---- persistence --------------------------------------------------------------------------------------

  private put(task: Task): void {
    this.tasks.set(task.id, task);
    if (task.goalId) this.byGoal.set(task.goalId, task.id);
    this.writer.mark(task.id);
    this.writer.schedule();
    this.changed();
  }

  private storageFailed(err: unknown): void {
    this.storageError = `could not save (kept in memory, retrying): ${storageErrorText(err)}`;
    this.changed();
  }

  private note(robotId: string, text: string): void {
    this.notes = [...this.notes.slice(-49), { at: this.now(), robotId, text }];
    console.info(`[tasks] ${robotId}: ${text}`);
    this.changed();
  }

  private changed(): void {
    this.version += 1;
    for (const cb of this.listeners) cb();
  }
}
