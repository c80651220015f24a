// ROS 2 rosbridge actions: send_action_goal / cancel_action_goal, answered by action_feedback and
// action_result frames. RobotLink has no raw-op access, so this adapter runs on a RawOps the app provides.
import type { Task, TaskState } from '../taskModel';
import { contextFor, renderMessage, type TemplateOf } from '../templates';
import { distance2d, fmt, type AdapterHost, type DispatchAdapter, type RawOps } from './adapter';

/** action_msgs/GoalStatus codes as rosbridge passes them in action_result.status. */
export const ROS2_GOAL_STATUS = { UNKNOWN: 0, ACCEPTED: 1, EXECUTING: 2, CANCELING: 3, SUCCEEDED: 4, CANCELED: 5, ABORTED: 6 } as const;

export function ros2ResultState(status: unknown, ok: unknown): TaskState {
  if (status === 4) return 'succeeded';
  if (status === 5) return 'canceled';
  if (status === 6) return 'failed';
  return ok === true ? 'succeeded' : 'failed';
}

interface Tracked {
  goalId: string;
  x: number;
  y: number;
}

export class Ros2ActionAdapter implements DispatchAdapter {
  private unsubs: (() => void)[] = [];
  private tracked = new Map<string, Tracked>();

  constructor(
    private readonly ops: RawOps,
    private readonly template: TemplateOf<'ros2Action'>,
    private readonly host: AdapterHost,
  ) {}

  private ensureWired(): void {
    if (this.unsubs.length) return;
    this.unsubs.push(
      this.ops.onFrame('action_feedback', (f) => this.onFeedback(f)),
      this.ops.onFrame('action_result', (f) => this.onResult(f)),
    );
  }

  async dispatch(task: Task, goalId: string): Promise<void> {
    const args = renderMessage(this.template.message, contextFor(task, goalId));
    this.ensureWired();
    this.tracked.set(goalId, { goalId, x: task.target.x, y: task.target.y });
    this.ops.send({
      op: 'send_action_goal',
      id: goalId,
      action: this.template.action,
      action_type: this.template.actionType,
      args,
      feedback: true,
    });
    // rosbridge sends no acceptance frame; the first feedback makes it active.
  }

  cancel(task: Task): void {
    if (!task.goalId) return;
    this.ops.send({ op: 'cancel_action_goal', id: task.goalId, action: this.template.action });
  }

  reconcile(tasks: readonly Task[]): void {
    // rosbridge ties action goals to the connection that sent them: results never reach a new connection.
    for (const t of tasks) {
      if (!t.goalId) continue;
      this.tracked.delete(t.goalId);
      this.host.update({
        goalId: t.goalId,
        state: 'failed',
        reason: 'console: link lost; ROS 2 rosbridge does not report goals sent on an earlier connection — check the robot',
      });
    }
  }

  private onFeedback(f: Record<string, unknown>): void {
    const id = typeof f.id === 'string' ? f.id : undefined;
    if (!id || f.action !== this.template.action) return;
    const tr = this.tracked.get(id);
    if (!tr) {
      this.host.note(`${this.template.action}: ignored feedback for goal "${id}", which this console did not send`);
      return;
    }
    const values = (f.values ?? {}) as Record<string, unknown>;
    const pos = (values.current_pose as { pose?: { position?: { x?: number; y?: number } } } | undefined)?.pose?.position;
    const remaining = typeof values.distance_remaining === 'number' ? values.distance_remaining : undefined;
    const progress: { distance?: number; x?: number; y?: number; feedback?: string; at: number } = { at: this.host.now() };
    if (pos && typeof pos.x === 'number' && typeof pos.y === 'number') {
      progress.x = pos.x;
      progress.y = pos.y;
      progress.distance = distance2d(pos.x, pos.y, tr.x, tr.y);
      progress.feedback = `at (${fmt(pos.x)}, ${fmt(pos.y)})`;
    }
    if (remaining !== undefined) progress.distance = remaining;
    this.host.update({ goalId: id, state: 'active', progress });
  }

  private onResult(f: Record<string, unknown>): void {
    const id = typeof f.id === 'string' ? f.id : undefined;
    if (!id || f.action !== this.template.action) return;
    if (!this.tracked.has(id)) {
      this.host.note(`${this.template.action}: ignored result for goal "${id}", which this console did not send`);
      return;
    }
    this.tracked.delete(id);
    const state = ros2ResultState(f.status, f.result);
    const values = f.values;
    const words =
      typeof values === 'string'
        ? values
        : values && typeof values === 'object' && Object.keys(values).length
          ? JSON.stringify(values)
          : undefined;
    const code = typeof f.status === 'number' ? f.status : undefined;
    const name = code !== undefined ? Object.entries(ROS2_GOAL_STATUS).find(([, v]) => v === code)?.[0] : undefined;
    this.host.update({ goalId: id, state, reason: words ?? name?.toLowerCase() });
  }

  dispose(): void {
    for (const u of this.unsubs) u();
    this.unsubs = [];
    this.tracked.clear();
  }
}
