import type { Ros, RosbridgeMessage } from 'roslib';
import type { ActionGoalHandle, ActionGoalOptions, ActionResult, LinkCapabilities } from './types';

export interface ActionHost {
  ros(): Ros | undefined;
  connected(): boolean;
  /** Resolves with the capabilities once detected on this connection (or what is known after a wait). */
  capabilitiesReady(): Promise<LinkCapabilities>;
  now(): number;
}

interface LiveGoal {
  handle: ActionGoalHandle;
  settle(r: ActionResult | Error): void;
  detach(): void;
}

let goalSeq = 0;

function errorText(e: unknown): string {
  return typeof e === 'string' ? e : e instanceof Error ? e.message : JSON.stringify(e);
}

/**
 * ROS 2 actions over rosbridge's action ops (docs/rosbridge-protocol/ROSBRIDGE_PROTOCOL.ros2.md 3.3.12-15):
 * `send_action_goal` {id, action, action_type, args, feedback: true}; the server answers with
 * `action_feedback` {id, action, values} and one `action_result` {id, action, values, status, result}
 * (rosbridge_suite: result true whenever the server ended the goal, status says how; result false, status 0
 * and the error text in values when rosbridge could not run it), or a `status` frame with the goal's id. `cancel_action_goal` {id, action} asks the
 * server to cancel; the result then comes with status CANCELED. Nothing is queued while disconnected: a
 * goal is motion, and rosbridge ties goals to the connection that sent them.
 */
export class ActionGoals {
  private readonly live = new Map<string, LiveGoal>();

  constructor(private readonly host: ActionHost) {}

  get count(): number {
    return this.live.size;
  }

  /** The connection ended: no result of its goals will ever arrive. */
  connectionLost(): void {
    for (const g of [...this.live.values()]) {
      g.settle(
        new Error(`connection lost before the result of ${g.handle.action} goal ${g.handle.id} came; the robot may still be executing it`),
      );
    }
  }

  send<G, R, F>(action: string, actionType: string, goal: G, opts: ActionGoalOptions<F> = {}): ActionGoalHandle<R, F> {
    const id = opts.id ?? `send_action_goal:${action}:${Date.now().toString(36)}-${(++goalSeq).toString(36)}`;
    const feedback = new Set<(f: F, at: number) => void>();
    if (opts.onFeedback) feedback.add(opts.onFeedback);
    let resolveResult!: (r: ActionResult<R>) => void;
    let rejectResult!: (e: Error) => void;
    const result = new Promise<ActionResult<R>>((res, rej) => {
      resolveResult = res;
      rejectResult = rej;
    });
    result.catch(() => {}); // a caller that only cancels must not see an unhandled rejection
    let settled = false;
    let ros: Ros | undefined;
    const onFrame = (m: RosbridgeMessage) => this.onFrame(id, m as unknown as Record<string, unknown>, feedback, live);
    const onStatus = (m: RosbridgeMessage) => {
      const f = m as unknown as Record<string, unknown>;
      const level = String(f.level ?? '');
      if (level === 'error' || level === 'warning') live.settle(new Error(`${action}: ${String(f.msg ?? 'the robot refused the goal')}`));
    };
    const live: LiveGoal = {
      handle: {
        id,
        action,
        result,
        onFeedback: (cb) => {
          feedback.add(cb as (f: F, at: number) => void);
          return () => feedback.delete(cb as (f: F, at: number) => void);
        },
        cancel: () => {
          if (settled || !ros || !this.host.connected()) return false;
          ros.callOnConnection({ op: 'cancel_action_goal', id, action });
          return true;
        },
      } as ActionGoalHandle,
      settle: (r) => {
        if (settled) return;
        settled = true;
        live.detach();
        if (r instanceof Error) rejectResult(r);
        else resolveResult(r as ActionResult<R>);
      },
      detach: () => {
        this.live.delete(id);
        ros?.off(id, onFrame);
        ros?.off(`status:${id}`, onStatus);
      },
    };
    if (this.live.has(id)) {
      live.settle(new Error(`an action goal with id ${id} is already running on this link`));
      return live.handle as ActionGoalHandle<R, F>;
    }
    this.live.set(id, live);
    void this.host.capabilitiesReady().then(
      (caps) => {
        if (settled) return;
        ros = this.host.ros();
        if (!ros || !this.host.connected()) return live.settle(new Error(`not connected: the ${action} goal was not sent`));
        if (caps.detected && !caps.list.includes('actions')) {
          return live.settle(new Error(`this robot's rosbridge (${caps.dialect}) has no action ops; use its actionlib topics`));
        }
        ros.on(id, onFrame);
        ros.on(`status:${id}`, onStatus);
        ros.callOnConnection({ op: 'send_action_goal', id, action, action_type: actionType, args: goal, feedback: true });
      },
      (e: unknown) => live.settle(new Error(`${action}: ${errorText(e)}`)),
    );
    return live.handle as ActionGoalHandle<R, F>;
  }

  private onFrame<F>(id: string, f: Record<string, unknown>, feedback: Set<(f: F, at: number) => void>, live: LiveGoal): void {
    if (f.op === 'action_feedback') {
      const at = this.host.now();
      for (const cb of [...feedback]) {
        try {
          cb(f.values as F, at);
        } catch (e) {
          console.error(`robot link: a feedback handler for ${id} threw`, e);
        }
      }
    } else if (f.op === 'action_result') {
      const status = typeof f.status === 'number' ? f.status : 0;
      const ok = f.result !== false;
      const r: ActionResult = ok ? { status, ok, values: f.values } : { status, ok, error: errorText(f.values ?? 'the action failed') };
      live.settle(r);
    }
  }
}
