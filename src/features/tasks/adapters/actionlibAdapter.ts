// ROS 1 actionlib over plain topics, as a real move_base server accepted it through rosbridge 0.11.17
// (fixture 14): publish <action>/goal (…ActionGoal) with a console-made goal_id, <action>/cancel (GoalID {id}),
// listen on <action>/status (GoalStatusArray, ~5 Hz always), /feedback and /result.
import type { Publisher, RobotLink } from '../../../ros';
import type { Task, TaskState } from '../taskModel';
import { renderMessage, contextFor, type TemplateOf } from '../templates';
import { distance2d, fmt, type AdapterHost, type DispatchAdapter } from './adapter';

export const GOAL_STATUS = {
  PENDING: 0,
  ACTIVE: 1,
  PREEMPTED: 2,
  SUCCEEDED: 3,
  ABORTED: 4,
  REJECTED: 5,
  PREEMPTING: 6,
  RECALLING: 7,
  RECALLED: 8,
  LOST: 9,
} as const;

const STATUS_NAME = Object.fromEntries(Object.entries(GOAL_STATUS).map(([k, v]) => [v, k])) as Record<number, string>;

/** actionlib status code -> task state. */
export function stateForStatus(code: number): TaskState | undefined {
  switch (code) {
    case 0:
    case 7:
      return 'dispatched';
    case 1:
    case 6:
      return 'active';
    case 2:
    case 8:
      return 'canceled';
    case 3:
      return 'succeeded';
    case 4:
    case 9:
      return 'failed';
    case 5:
      return 'rejected';
    default:
      return undefined;
  }
}

interface GoalID {
  id?: string;
}
interface GoalStatus {
  goal_id?: GoalID;
  status?: number;
  text?: string;
}
interface GoalStatusArray {
  status_list?: GoalStatus[];
}
interface ActionFeedback {
  status?: GoalStatus;
  feedback?: { base_position?: { pose?: { position?: { x?: number; y?: number } } } };
}
interface ActionResult {
  status?: GoalStatus;
}

const ZERO_TIME = { secs: 0, nsecs: 0 };

interface Tracked {
  goalId: string;
  x: number;
  y: number;
  /** Fail unless the robot mentions the goal (in /status, /feedback or /result) by this time. */
  reconcileBy?: number;
  /** Why we are waiting: a fresh goal to be acknowledged, or a goal to be found again after link loss. */
  waitingFor?: 'ack' | 'reconcile';
}

export interface ActionlibOptions {
  /** How long /status may go without listing a goal after a reconnect before it counts as gone. */
  reconcileMs?: number;
  /** How long a new goal may go unmentioned by the robot before it counts as never received. */
  ackMs?: number;
}

export class ActionlibAdapter implements DispatchAdapter {
  private readonly ns: string;
  private goalPub?: Publisher;
  private cancelPub?: Publisher;
  private unsubs: (() => void)[] = [];
  private tracked = new Map<string, Tracked>();
  private noted = new Set<string>();
  private finished = new Set<string>();
  private readonly reconcileMs: number;
  private readonly ackMs: number;
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly link: RobotLink,
    private readonly template: TemplateOf<'actionlib'>,
    private readonly host: AdapterHost,
    opts: ActionlibOptions = {},
  ) {
    this.ns = template.action.replace(/\/+$/, '');
    this.reconcileMs = opts.reconcileMs ?? 4000;
    this.ackMs = opts.ackMs ?? 8000;
  }

  private ensureWired(): void {
    if (this.goalPub) return;
    const t = this.template.actionType;
    this.goalPub = this.link.advertise(`${this.ns}/goal`, `${t}ActionGoal`);
    this.cancelPub = this.link.advertise(`${this.ns}/cancel`, 'actionlib_msgs/GoalID');
    this.unsubs.push(
      this.link.subscribe<GoalStatusArray>(`${this.ns}/status`, { type: 'actionlib_msgs/GoalStatusArray' }, (m) => this.onStatus(m)),
      this.link.subscribe<ActionFeedback>(`${this.ns}/feedback`, { type: `${t}ActionFeedback` }, (m) => this.onFeedback(m)),
      this.link.subscribe<ActionResult>(`${this.ns}/result`, { type: `${t}ActionResult` }, (m) => this.onResult(m)),
    );
  }

  async dispatch(task: Task, goalId: string): Promise<void> {
    const goal = renderMessage(this.template.message, contextFor(task, goalId));
    this.ensureWired();
    this.tracked.set(goalId, { goalId, x: task.target.x, y: task.target.y, reconcileBy: this.host.now() + this.ackMs, waitingFor: 'ack' });
    this.timer ??= setInterval(() => this.checkReconcile(), 500);
    // Same shape the real server accepted in fixture 14: header, goal_id {id, stamp}, goal.
    this.goalPub!.publish({ header: { frame_id: '' }, goal_id: { id: goalId, stamp: ZERO_TIME }, goal });
  }

  cancel(task: Task): void {
    if (!task.goalId) return;
    this.ensureWired();
    this.cancelPub!.publish({ id: task.goalId, stamp: ZERO_TIME });
  }

  reconcile(tasks: readonly Task[]): void {
    this.ensureWired();
    const by = this.host.now() + this.reconcileMs;
    for (const t of tasks) {
      if (!t.goalId) continue;
      this.tracked.set(t.goalId, { goalId: t.goalId, x: t.target.x, y: t.target.y, reconcileBy: by, waitingFor: 'reconcile' });
    }
    this.timer ??= setInterval(() => this.checkReconcile(), 500);
  }

  private checkReconcile(): void {
    // While the link is down nothing can be heard; reconcile() restarts the wait when it is back.
    if (this.link.status().state !== 'connected') return;
    const now = this.host.now();
    let pending = 0;
    for (const tr of this.tracked.values()) {
      if (tr.reconcileBy === undefined) continue;
      if (now >= tr.reconcileBy) {
        this.tracked.delete(tr.goalId);
        this.host.update({
          goalId: tr.goalId,
          state: 'failed',
          reason:
            tr.waitingFor === 'ack'
              ? `console: the robot never acknowledged this goal (not in ${this.ns}/status after ${Math.round(this.ackMs / 1000)} s); is move_base running?`
              : `console: after the link came back, ${this.ns}/status no longer lists this goal; the robot's outcome is unknown`,
        });
      } else pending += 1;
    }
    if (pending === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private apply(st: GoalStatus, source: 'status' | 'result'): void {
    const id = st.goal_id?.id;
    if (!id) return;
    const tr = this.tracked.get(id);
    if (!tr) {
      if (!this.noted.has(id)) {
        this.noted.add(id);
        this.host.note(
          `${this.ns}/${source}: ignored status ${st.status} for goal "${id}": no open task of this console is waiting for it`,
        );
      }
      return;
    }
    const code = typeof st.status === 'number' ? st.status : -1;
    const state = stateForStatus(code);
    if (!state) {
      this.host.note(`${this.ns}/${source}: unknown status code ${code} for goal "${id}"`);
      return;
    }
    tr.reconcileBy = undefined;
    tr.waitingFor = undefined;
    const text = st.text?.trim();
    const reason =
      text && text !== 'This goal has been accepted by the simple action server'
        ? text
        : code === 1
          ? undefined
          : (STATUS_NAME[code] ?? String(code)).toLowerCase();
    if (state === 'succeeded' || state === 'failed' || state === 'canceled' || state === 'rejected') {
      this.tracked.delete(id);
      this.finished.add(id);
      if (this.finished.size > 200) this.finished.delete(this.finished.values().next().value as string);
    }
    this.host.update({ goalId: id, state, reason });
  }

  private onStatus(m: GoalStatusArray): void {
    // Finished goals linger in the status list for a while; ours are skipped quietly, others noted once.
    for (const st of m.status_list ?? []) {
      const id = st.goal_id?.id;
      if (id && this.finished.has(id)) continue;
      this.apply(st, 'status');
    }
  }

  private onResult(m: ActionResult): void {
    const id = m.status?.goal_id?.id;
    if (m.status && !(id && this.finished.has(id))) this.apply(m.status, 'result');
  }

  private onFeedback(m: ActionFeedback): void {
    const id = m.status?.goal_id?.id;
    if (!id) return;
    const tr = this.tracked.get(id);
    if (!tr) return;
    if (tr.waitingFor === 'ack') {
      tr.reconcileBy = undefined;
      tr.waitingFor = undefined;
    }
    const p = m.feedback?.base_position?.pose?.position;
    if (!p || typeof p.x !== 'number' || typeof p.y !== 'number') return;
    const d = distance2d(p.x, p.y, tr.x, tr.y);
    this.host.update({
      goalId: id,
      progress: { distance: d, x: p.x, y: p.y, feedback: `at (${fmt(p.x)}, ${fmt(p.y)})`, at: this.host.now() },
    });
  }

  dispose(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.goalPub?.unadvertise();
    this.cancelPub?.unadvertise();
    this.goalPub = this.cancelPub = undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.tracked.clear();
  }
}
