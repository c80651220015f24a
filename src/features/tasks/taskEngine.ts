// Owns every robot's task queue: assigns, dispatches through adapters, applies what robots report, persists
// each change, and tells the truth across link loss and reload ("unknown" until the robot's own status says
// otherwise). No React: the zustand mirror (taskStore.ts) listens and throttles.
import type { LinkStatus, RobotLink } from '../../ros';
import type { TaskRepo } from './taskRepo';
import { storageErrorText } from '../../storage';
import type { AdapterHost, AdapterUpdate, DispatchAdapter, RawOps } from './adapters/adapter';
import { ActionlibAdapter } from './adapters/actionlibAdapter';
import { Ros2ActionAdapter } from './adapters/ros2ActionAdapter';
import { ServiceAdapter } from './adapters/serviceAdapter';
import { SimpleGoalAdapter } from './adapters/simpleGoalAdapter';
import {
  byOrder,
  createTask,
  isOnRobot,
  isTerminal,
  makeGoalId,
  transition,
  validTarget,
  type Task,
  type TaskState,
  type TaskTarget,
} from './taskModel';
import { DEFAULT_TEMPLATES, validateTemplate, type TaskTemplate, type TemplateCheck } from './templates';

export interface TaskEngineOptions {
  repo: TaskRepo;
  getLink(robotId: string): RobotLink | undefined;
  onLinksChanged?(cb: () => void): () => void;
  /** Raw rosbridge ops for ROS 2 actions; RobotLink does not expose them. */
  rawOpsFor?(robotId: string): RawOps | undefined;
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

const UNKNOWN_REASON_RELOAD = 'console: reloaded while the robot held this goal; waiting for the robot’s status';
const NO_TARGET: TaskTarget = { kind: 'pose', x: 0, y: 0, yaw: 0, frame: 'map' };

interface RobotWatch {
  link?: RobotLink;
  off?: () => void;
  connected: boolean;
}

export class TaskEngine {
  private tasks = new Map<string, Task>();
  private byGoal = new Map<string, string>();
  private templates = new Map<string, TaskTemplate>();
  private templateErrors: string[] = [];
  private auto = new Map<string, boolean>();
  private adapters = new Map<string, DispatchAdapter>();
  private watches = new Map<string, RobotWatch>();
  private listeners = new Set<() => void>();
  private notes: EngineNote[] = [];
  private dirty = new Set<string>();
  private progressSavedAt = new Map<string, number>();
  private writing: Promise<void> = Promise.resolve();
  private retryTimer?: ReturnType<typeof setTimeout>;
  private offLinks?: () => void;
  private readonly now: () => number;
  storageError?: string;
  version = 0;

  constructor(private readonly opts: TaskEngineOptions) {
    this.now = opts.now ?? Date.now;
    for (const t of DEFAULT_TEMPLATES) this.templates.set(t.id, t);
  }

  // ---- life cycle ----------------------------------------------------------------------------------------

  async start(): Promise<void> {
    const { repo } = this.opts;
    try {
      for (const raw of await repo.loadTemplates()) {
        const check = validateTemplate(raw);
        if (check.ok) this.templates.set(check.template.id, check.template);
        else this.templateErrors.push(check.error);
      }
      const all = await repo.loadTasks();
      const finished = all.filter((t) => isTerminal(t.state)).sort((a, b) => b.assignedAt - a.assignedAt);
      const keep = new Set(finished.slice(0, this.opts.historyLimit ?? 500).map((t) => t.id));
      const at = this.now();
      for (const t of all) {
        if (isTerminal(t.state) && !keep.has(t.id)) continue;
        let task = t;
        if (t.state === 'dispatched' || t.state === 'active') {
          const r = transition(t, 'unknown', UNKNOWN_REASON_RELOAD, at);
          if (r.ok) {
            task = r.task;
            this.dirty.add(task.id);
          }
        }
        this.tasks.set(task.id, task);
        if (task.goalId) this.byGoal.set(task.goalId, task.id);
      }
      const auto = await repo.getSetting<Record<string, boolean>>('tasks.autoDispatch');
      for (const [k, v] of Object.entries(auto ?? {})) this.auto.set(k, v);
    } catch (err) {
      this.storageError = `could not read saved tasks (new ones are kept in memory): ${storageErrorText(err)}`;
    }
    this.offLinks = this.opts.onLinksChanged?.(() => this.attachAll());
    this.attachAll();
    this.scheduleWrite();
    this.changed();
  }

  dispose(): void {
    this.offLinks?.();
    for (const w of this.watches.values()) w.off?.();
    this.watches.clear();
    for (const a of this.adapters.values()) a.dispose();
    this.adapters.clear();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.listeners.clear();
  }

  /** Waits for every pending write (tests, before unload). */
  async flush(): Promise<void> {
    this.scheduleWrite();
    await this.writing;
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
  listTemplates(): TaskTemplate[] {
    return [...this.templates.values()];
  }
  template(id: string): TaskTemplate | undefined {
    return this.templates.get(id);
  }
  templateProblems(): readonly string[] {
    return this.templateErrors;
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

  // ---- commands -----------------------------------------------------------------------------------------

  assign(input: AssignInput): Result<Task> {
    const tpl = this.templates.get(input.templateId);
    if (!tpl) return { ok: false, error: `No task template "${input.templateId}".` };
    if (!input.robotId) return { ok: false, error: 'Choose a robot first.' };
    let target = input.target;
    if (tpl.target === 'none') target ??= NO_TARGET;
    if (!target) return { ok: false, error: `"${tpl.name}" needs a target: choose a place.` };
    const bad = tpl.target === 'none' ? null : validTarget(target);
    if (bad) return { ok: false, error: `Cannot assign "${tpl.name}": ${bad}.` };
    const params: Record<string, string | number | boolean> = {};
    for (const p of tpl.params ?? []) params[p.key] = p.default;
    Object.assign(params, input.params ?? {});
    const maxOrder = Math.max(
      0,
      ...this.allTasks()
        .filter((t) => t.robotId === input.robotId)
        .map((t) => t.order),
    );
    const task = createTask({
      robotId: input.robotId,
      templateId: tpl.id,
      target,
      params,
      assignedBy: input.assignedBy ?? 'operator',
      order: maxOrder + 1,
      at: this.now(),
      retryOf: input.retryOf,
    });
    this.put(task);
    this.attach(input.robotId);
    this.pump(input.robotId);
    return { ok: true, value: this.tasks.get(task.id)! };
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
    if (!this.watches.get(task.robotId)?.connected) {
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
    const queued = this.queue(task.robotId).filter((t) => t.state === 'queued');
    const i = queued.findIndex((t) => t.id === taskId);
    const j = i + delta;
    if (j < 0 || j >= queued.length) return { ok: false, error: 'Already at the end of the queue.' };
    const ids = queued.map((t) => t.id);
    [ids[i], ids[j]] = [ids[j], ids[i]];
    return this.reorder(task.robotId, ids);
  }

  /** Puts the robot's queued tasks in this order (drag and drop). Unlisted queued tasks keep their place after. */
  reorder(robotId: string, orderedIds: readonly string[]): Result {
    const queued = this.queue(robotId).filter((t) => t.state === 'queued');
    const slots = queued.map((t) => t.order).sort((a, b) => a - b);
    const listed = orderedIds.map((id) => queued.find((t) => t.id === id)).filter((t): t is Task => !!t);
    const rest = queued.filter((t) => !orderedIds.includes(t.id));
    const next = [...listed, ...rest];
    next.forEach((t, k) => {
      if (t.order !== slots[k]) this.put({ ...t, order: slots[k] });
    });
    return { ok: true };
  }

  setAutoDispatch(robotId: string, on: boolean): void {
    this.auto.set(robotId, on);
    const all = Object.fromEntries(this.auto);
    this.opts.repo.setSetting('tasks.autoDispatch', all).catch((err: unknown) => this.storageFailed(err));
    this.changed();
    if (on) this.pump(robotId);
  }

  /** Sends the next queued task now (when auto-dispatch is off). */
  dispatchNext(robotId: string): Result {
    return this.pump(robotId, true);
  }

  async saveTemplate(input: unknown): Promise<TemplateCheck> {
    const check = validateTemplate(input);
    if (!check.ok) return check;
    const tpl = { ...check.template, builtin: false };
    try {
      await this.opts.repo.saveTemplate(tpl);
    } catch (err) {
      return { ok: false, error: `Template not saved: ${storageErrorText(err)}` };
    }
    this.templates.set(tpl.id, tpl);
    this.changed();
    return { ok: true, template: tpl };
  }

  async deleteTemplate(id: string): Promise<Result> {
    try {
      await this.opts.repo.deleteTemplate(id);
    } catch (err) {
      return { ok: false, error: storageErrorText(err) };
    }
    const builtin = DEFAULT_TEMPLATES.find((t) => t.id === id);
    if (builtin) this.templates.set(id, builtin);
    else this.templates.delete(id);
    this.changed();
    return { ok: true };
  }

  // ---- dispatch -----------------------------------------------------------------------------------------

  private pump(robotId: string, manual = false): Result {
    if (!manual && !this.autoDispatch(robotId)) return { ok: false, error: 'Auto-dispatch is off.' };
    const q = this.queue(robotId);
    if (q.some((t) => isOnRobot(t.state))) return { ok: false, error: 'The robot is still on a task.' };
    const next = q.find((t) => t.state === 'queued');
    if (!next) return { ok: false, error: 'Nothing queued.' };
    if (!this.watches.get(robotId)?.connected) return { ok: false, error: 'The robot is not connected.' };
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

  private adapterKey(t: TaskTemplate): string {
    switch (t.adapter) {
      case 'actionlib':
      case 'ros2Action':
        return `${t.adapter}:${t.action}:${t.id}`;
      case 'simpleGoal':
        return `${t.adapter}:${t.topic}:${t.id}`;
      case 'service':
        return `${t.adapter}:${t.service}:${t.id}`;
    }
  }

  private adapterFor(task: Task): DispatchAdapter | undefined {
    const tpl = this.templates.get(task.templateId);
    const link = this.opts.getLink(task.robotId);
    if (!tpl) return undefined;
    const key = `${task.robotId}|${this.adapterKey(tpl)}`;
    const have = this.adapters.get(key);
    if (have) return have;
    const host = this.hostFor(task.robotId);
    let a: DispatchAdapter | undefined;
    if (tpl.adapter === 'ros2Action') {
      const ops = this.opts.rawOpsFor?.(task.robotId);
      a = ops
        ? new Ros2ActionAdapter(ops, tpl, host)
        : {
            dispatch: () =>
              Promise.reject(new Error('ROS 2 actions need raw rosbridge operations, which this robot link does not provide')),
            cancel: () => undefined,
            reconcile: () => undefined,
            dispose: () => undefined,
          };
    } else if (!link) return undefined;
    else if (tpl.adapter === 'actionlib') a = new ActionlibAdapter(link, tpl, host, { reconcileMs: this.opts.reconcileMs });
    else if (tpl.adapter === 'simpleGoal') a = new SimpleGoalAdapter(link, tpl, host);
    else a = new ServiceAdapter(link, tpl, host);
    this.adapters.set(key, a);
    return a;
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
        this.dirty.add(cur.id);
        this.scheduleWrite();
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
    for (const r of this.watches.keys()) robots.add(r);
    for (const r of robots) this.attach(r);
  }

  private attach(robotId: string): void {
    const link = this.opts.getLink(robotId);
    const w = this.watches.get(robotId) ?? { connected: false };
    this.watches.set(robotId, w);
    if (w.link === link) return;
    w.off?.();
    // A new link object for the robot: old adapters hold the old link.
    for (const [k, a] of this.adapters) {
      if (k.startsWith(`${robotId}|`)) {
        a.dispose();
        this.adapters.delete(k);
      }
    }
    w.link = link;
    w.connected = false;
    if (!link) {
      this.onLinkStatus(robotId, { state: 'closed', url: '', attempt: 0, reason: 'robot removed from the fleet' });
      return;
    }
    w.off = link.onStatus((s) => this.onLinkStatus(robotId, s));
    this.onLinkStatus(robotId, link.status());
  }

  private onLinkStatus(robotId: string, s: LinkStatus): void {
    const w = this.watches.get(robotId);
    if (!w) return;
    const was = w.connected;
    w.connected = s.state === 'connected';
    if (was && !w.connected) {
      const why = s.reason ? `link lost: ${s.reason}` : 'link lost';
      for (const t of this.queue(robotId)) {
        if (t.state === 'dispatched' || t.state === 'active') this.setState(t, 'unknown', `console: ${why}`);
      }
    } else if (!was && w.connected) {
      this.reconcile(robotId);
      this.pump(robotId);
    }
  }

  private reconcile(robotId: string): void {
    const open = this.queue(robotId).filter((t) => t.state === 'unknown');
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
    this.dirty.add(task.id);
    this.scheduleWrite();
    this.changed();
  }

  private scheduleWrite(): void {
    if (this.dirty.size === 0) return;
    this.writing = this.writing.then(() => this.writeDirty());
  }

  private async writeDirty(): Promise<void> {
    if (this.dirty.size === 0) return;
    const ids = [...this.dirty];
    this.dirty.clear();
    const batch = ids.map((id) => this.tasks.get(id)).filter((t): t is Task => !!t);
    try {
      await this.opts.repo.saveTasks(batch);
      if (this.storageError) {
        this.storageError = undefined;
        this.changed();
      }
    } catch (err) {
      // Nothing saved before is touched (one transaction); keep these for the next attempt.
      for (const id of ids) this.dirty.add(id);
      this.storageFailed(err);
      this.retryTimer ??= setTimeout(() => {
        this.retryTimer = undefined;
        this.scheduleWrite();
      }, 3000);
    }
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
