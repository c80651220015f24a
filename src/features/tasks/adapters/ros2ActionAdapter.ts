// ROS 2 actions through the robot link's capabilities (link.sendActionGoal: rosbridge's send_action_goal,
// cancel_action_goal, action_feedback, action_result; docs/rosbridge-protocol). Feedback makes the task
// active with the robot's position and distance to go; the result's GoalStatus decides how it ended.
import { capabilitiesOf, type ActionGoalHandle, type ActionResult, type RobotLink } from '../../../ros';
import type { Task, TaskState } from '../taskModel';
import { contextFor, renderMessage, type TemplateOf } from '../templates';
import { distance2d, fmt, type AdapterHost, type DispatchAdapter } from './adapter';

/** action_msgs/GoalStatus codes as rosbridge passes them in action_result.status. */
export const ROS2_GOAL_STATUS = { UNKNOWN: 0, ACCEPTED: 1, EXECUTING: 2, CANCELING: 3, SUCCEEDED: 4, CANCELED: 5, ABORTED: 6 } as const;

export function ros2ResultState(status: unknown, ok: unknown): TaskState {
  if (status === 4) return 'succeeded';
  if (status === 5) return 'canceled';
  if (status === 6) return 'failed';
  return ok === true ? 'succeeded' : 'failed';
}

function statusName(code: number): string | undefined {
  return Object.entries(ROS2_GOAL_STATUS)
    .find(([, v]) => v === code)?.[0]
    .toLowerCase();
}

/** nav2 NavigateToPose feedback: current_pose (PoseStamped), distance_remaining (m). Other actions: shown as JSON. */
interface Nav2Feedback {
  current_pose?: { pose?: { position?: { x?: number; y?: number } } };
  distance_remaining?: number;
}

/** nav2's result (Jazzy): error_code and error_msg; the robot's own words when it gave any. */
function nav2Message(v: unknown): string | undefined {
  let o = v;
  if (typeof v === 'string' && v.startsWith('{')) {
    try {
      o = JSON.parse(v) as unknown;
    } catch {
      return undefined;
    }
  }
  const msg = o && typeof o === 'object' ? (o as { error_msg?: unknown }).error_msg : undefined;
  return typeof msg === 'string' && msg ? msg : undefined;
}

function resultWords(r: ActionResult): string | undefined {
  const v = r.ok ? r.values : r.error;
  const nav2 = nav2Message(v);
  if (nav2) return nav2;
  if (v && typeof v === 'object' && (v as { error_code?: unknown }).error_code === 0) return undefined;
  // The link passes an empty result message as "{}" text: the status name says more.
  if (typeof v === 'string') return v && v !== '{}' && v !== 'null' && v !== '""' ? v : undefined;
  if (v && typeof v === 'object' && Object.keys(v).length) return JSON.stringify(v);
  return undefined;
}

export class Ros2ActionAdapter implements DispatchAdapter {
  private readonly goals = new Map<string, ActionGoalHandle>();
  private disposed = false;

  constructor(
    private readonly link: RobotLink,
    private readonly template: TemplateOf<'ros2Action'>,
    private readonly host: AdapterHost,
  ) {}

  async dispatch(task: Task, goalId: string): Promise<void> {
    const send = this.link.sendActionGoal?.bind(this.link);
    if (!send) throw new Error('this robot link cannot send ROS 2 action goals');
    const caps = capabilitiesOf(this.link);
    if (caps.detected && !caps.list.includes('actions')) {
      throw new Error(`this robot's rosbridge (${caps.dialect}) has no ROS 2 action ops; use an actionlib template`);
    }
    const args = renderMessage(this.template.message, contextFor(task, goalId));
    const target = { x: task.target.x, y: task.target.y };
    const handle = send<unknown, unknown, Nav2Feedback>(this.template.action, this.template.actionType, args, {
      id: goalId,
      onFeedback: (f, at) => this.onFeedback(goalId, target, f, at),
    });
    this.goals.set(goalId, handle);
    handle.result.then(
      (r) => this.onResult(goalId, r),
      (e: unknown) => this.settle(goalId, 'failed', e instanceof Error ? e.message : String(e)),
    );
    // rosbridge sends no acceptance frame: the first feedback makes the task active.
  }

  cancel(task: Task): void {
    if (!task.goalId) return;
    const g = this.goals.get(task.goalId);
    if (!g) return;
    if (!g.cancel()) this.host.note(`${this.template.action}: cancel of goal ${task.goalId} not sent (not connected)`);
  }

  reconcile(tasks: readonly Task[]): void {
    // rosbridge ties action goals to the connection that sent them: results never reach a new connection.
    for (const t of tasks) {
      if (!t.goalId || this.goals.has(t.goalId)) continue;
      this.host.update({
        goalId: t.goalId,
        state: 'failed',
        reason: 'console: link lost; ROS 2 rosbridge does not report goals sent on an earlier connection — check the robot',
      });
    }
  }

  private onFeedback(goalId: string, target: { x: number; y: number }, f: Nav2Feedback, at: number): void {
    if (this.disposed || !this.goals.has(goalId)) return;
    const pos = f?.current_pose?.pose?.position;
    const progress: { distance?: number; x?: number; y?: number; feedback?: string; at: number } = { at };
    if (pos && typeof pos.x === 'number' && typeof pos.y === 'number') {
      progress.x = pos.x;
      progress.y = pos.y;
      progress.distance = distance2d(pos.x, pos.y, target.x, target.y);
      progress.feedback = `at (${fmt(pos.x)}, ${fmt(pos.y)})`;
    } else if (f && typeof f === 'object' && Object.keys(f).length) {
      progress.feedback = JSON.stringify(f).slice(0, 160);
    }
    if (typeof f?.distance_remaining === 'number') progress.distance = f.distance_remaining;
    this.host.update({ goalId, state: 'active', progress });
  }

  private onResult(goalId: string, r: ActionResult): void {
    const state = ros2ResultState(r.status, r.ok);
    this.settle(goalId, state, resultWords(r) ?? statusName(r.status));
  }

  private settle(goalId: string, state: TaskState, reason: string | undefined): void {
    if (this.disposed || !this.goals.delete(goalId)) return;
    this.host.update({ goalId, state, reason });
  }

  dispose(): void {
    this.disposed = true;
    this.goals.clear();
  }
}
