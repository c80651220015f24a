// Plain goal topic (/move_base_simple/goal, geometry_msgs/PoseStamped): the robot says nothing back, so
// arrival is judged from its pose in /tf (map -> ... -> base_link) within a tolerance, and a timeout fails it.
import type { Publisher, RobotLink } from '../../../ros';
import type { Task } from '../taskModel';
import { contextFor, renderMessage, type TemplateOf } from '../templates';
import { distance2d, fmt, type AdapterHost, type DispatchAdapter } from './adapter';

interface Tf2d {
  parent: string;
  x: number;
  y: number;
  yaw: number;
}
interface TfMsg {
  transforms?: {
    header?: { frame_id?: string };
    child_frame_id?: string;
    transform?: { translation?: { x?: number; y?: number }; rotation?: { x?: number; y?: number; z?: number; w?: number } };
  }[];
}

const norm = (f: string | undefined) => (f ?? '').replace(/^\/+/, '');

/** Keeps the latest planar transform per child frame and composes chains up to a root frame. */
export class PlanarTf {
  private edges = new Map<string, Tf2d>();

  add(msg: TfMsg): void {
    for (const t of msg.transforms ?? []) {
      const child = norm(t.child_frame_id);
      const parent = norm(t.header?.frame_id);
      const tr = t.transform?.translation;
      const q = t.transform?.rotation;
      if (!child || !parent || !tr || !q) continue;
      const { x = NaN, y = NaN } = tr;
      const { x: qx = 0, y: qy = 0, z: qz = 0, w: qw = 1 } = q;
      const yaw = Math.atan2(2 * (qw * qz + qx * qy), 1 - 2 * (qy * qy + qz * qz));
      if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(yaw)) continue;
      this.edges.set(child, { parent, x, y, yaw });
    }
  }

  /** Pose of `frame` in `root`, or undefined when the chain is not known. */
  pose(root: string, frame: string): { x: number; y: number; yaw: number } | undefined {
    let x = 0;
    let y = 0;
    let yaw = 0;
    let cur = norm(frame);
    const target = norm(root);
    for (let hops = 0; cur !== target; hops++) {
      const e = this.edges.get(cur);
      if (!e || hops > 32) return undefined;
      // p_parent = R(e.yaw) * p_child + t
      const nx = Math.cos(e.yaw) * x - Math.sin(e.yaw) * y + e.x;
      const ny = Math.sin(e.yaw) * x + Math.cos(e.yaw) * y + e.y;
      x = nx;
      y = ny;
      yaw += e.yaw;
      cur = e.parent;
    }
    return { x, y, yaw };
  }
}

interface Watch {
  goalId: string;
  x: number;
  y: number;
  deadline: number;
  active: boolean;
}

export class SimpleGoalAdapter implements DispatchAdapter {
  private pub?: Publisher;
  private unsubTf?: () => void;
  private readonly tf = new PlanarTf();
  private watches = new Map<string, Watch>();
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly link: RobotLink,
    private readonly template: TemplateOf<'simpleGoal'>,
    private readonly host: AdapterHost,
  ) {}

  private get root(): string {
    return this.template.poseFrame ?? 'map';
  }
  private get base(): string {
    return this.template.baseFrame ?? 'base_link';
  }

  private ensureWired(): void {
    if (this.pub) return;
    this.pub = this.link.advertise(this.template.topic, this.template.messageType);
    this.unsubTf = this.link.subscribe<TfMsg>('/tf', { type: 'tf2_msgs/TFMessage' }, (m) => this.tf.add(m));
    const latest = this.link.latest<TfMsg>('/tf');
    if (latest) this.tf.add(latest.msg);
  }

  robotPose(): { x: number; y: number; yaw: number } | undefined {
    return this.tf.pose(this.root, this.base);
  }

  async dispatch(task: Task, goalId: string): Promise<void> {
    const msg = renderMessage(this.template.message, contextFor(task, goalId));
    this.ensureWired();
    this.pub!.publish(msg);
    this.watch(task, goalId, this.host.now() + this.template.timeoutSec * 1000);
  }

  private watch(task: Task, goalId: string, deadline: number): void {
    this.watches.set(goalId, { goalId, x: task.target.x, y: task.target.y, deadline, active: false });
    this.timer ??= setInterval(() => this.check(), 250);
  }

  private check(): void {
    // A stale pose proves nothing: judge only while the link is up (reconcile() re-arms after a reconnect).
    if (this.link.status().state !== 'connected') return;
    const now = this.host.now();
    const pose = this.robotPose();
    for (const w of [...this.watches.values()]) {
      const d = pose ? distance2d(pose.x, pose.y, w.x, w.y) : undefined;
      if (pose && d !== undefined) {
        if (!w.active) {
          w.active = true;
          this.host.update({ goalId: w.goalId, state: 'active', reason: 'console: goal sent; judging arrival from /tf' });
        }
        this.host.update({
          goalId: w.goalId,
          progress: { distance: d, x: pose.x, y: pose.y, feedback: `at (${fmt(pose.x)}, ${fmt(pose.y)})`, at: now },
        });
        if (d <= this.template.toleranceM) {
          this.watches.delete(w.goalId);
          this.host.update({
            goalId: w.goalId,
            state: 'succeeded',
            reason: `console: robot within ${fmt(d)} m of the target (tolerance ${this.template.toleranceM} m)`,
          });
          continue;
        }
      }
      if (now >= w.deadline) {
        this.watches.delete(w.goalId);
        this.host.update({
          goalId: w.goalId,
          state: 'failed',
          reason:
            d === undefined
              ? `console: no robot pose (${this.root} -> ${this.base}) in /tf within ${this.template.timeoutSec} s`
              : `console: still ${fmt(d)} m from the target after ${this.template.timeoutSec} s`,
        });
      }
    }
    if (this.watches.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  cancel(task: Task): void {
    if (!task.goalId) return;
    this.watches.delete(task.goalId);
    // The plain goal topic has no cancel: send the robot's own pose as the new goal so it stops where it is.
    const pose = this.robotPose();
    if (pose && this.pub) {
      this.pub.publish({
        header: { frame_id: this.root },
        pose: {
          position: { x: pose.x, y: pose.y, z: 0 },
          orientation: { x: 0, y: 0, z: Math.sin(pose.yaw / 2), w: Math.cos(pose.yaw / 2) },
        },
      });
      this.host.update({ goalId: task.goalId, state: 'canceled', reason: 'console: replaced the goal with the robot’s current pose' });
    } else {
      this.host.update({
        goalId: task.goalId,
        state: 'canceled',
        reason: 'console: stopped tracking; robot pose unknown, it may still be moving to the old goal',
      });
    }
  }

  reconcile(tasks: readonly Task[]): void {
    this.ensureWired();
    for (const t of tasks) {
      if (!t.goalId) continue;
      const sent = [...t.history].reverse().find((h) => h.state === 'dispatched')?.at ?? this.host.now();
      this.watch(t, t.goalId, sent + this.template.timeoutSec * 1000);
    }
  }

  dispose(): void {
    this.unsubTf?.();
    this.unsubTf = undefined;
    this.pub?.unadvertise();
    this.pub = undefined;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.watches.clear();
  }
}
