// The simulated robot as a ROS 2 rosbridge for actions (docs/rosbridge-protocol/ROSBRIDGE_PROTOCOL.ros2.md
// 3.3.12-15): rosapi answers get_ros_version {version: 2}, `send_action_goal` starts a goal on a registered
// action server, `action_feedback` {id, action, values} frames follow while it runs (when feedback was asked
// for), one `action_result` {id, action, values, status (action_msgs/GoalStatus), result} ends it, and
// `cancel_action_goal` {id, action} cancels it (the result then comes with status CANCELED, result false).
// An unknown action is refused with a status frame of level error, as rosbridge does.
import type { Conn } from './protocol';

export const ROS2_STATUS = { ACCEPTED: 1, EXECUTING: 2, CANCELING: 3, SUCCEEDED: 4, CANCELED: 5, ABORTED: 6 } as const;

export interface SimActionGoal {
  id: string;
  args: Record<string, unknown>;
  feedback(values: unknown): void;
  result(values: unknown, status: number): void;
}

export interface SimActionServer {
  type: string;
  goal(g: SimActionGoal): void;
  cancel(id: string): void;
}

export class SimActionOps {
  readonly servers = new Map<string, SimActionServer>();
  private seq = 0;

  constructor(private readonly send: (c: Conn, frame: object) => void) {}

  /** Handles send_action_goal / cancel_action_goal; false for any other op. */
  handle(c: Conn, msg: Record<string, unknown>): boolean {
    if (msg.op === 'send_action_goal') this.sendGoal(c, msg);
    else if (msg.op === 'cancel_action_goal') this.servers.get(String(msg.action))?.cancel(String(msg.id ?? ''));
    else return false;
    return true;
  }

  private sendGoal(c: Conn, msg: Record<string, unknown>): void {
    const action = String(msg.action ?? '');
    const id = typeof msg.id === 'string' ? msg.id : `send_action_goal:${action}:${++this.seq}`;
    const server = this.servers.get(action);
    if (!server || (typeof msg.action_type === 'string' && msg.action_type !== server.type)) {
      const why = server ? `action type ${String(msg.action_type)} does not match ${server.type}` : `no action server ${action}`;
      this.send(c, { op: 'status', level: 'error', id, msg: `send_action_goal: ${why}` });
      return;
    }
    const args = msg.args && typeof msg.args === 'object' && !Array.isArray(msg.args) ? (msg.args as Record<string, unknown>) : {};
    let done = false;
    server.goal({
      id,
      args,
      feedback: (values) => {
        if (!done && msg.feedback === true) this.send(c, { op: 'action_feedback', id, action, values });
      },
      result: (values, status) => {
        if (done) return;
        done = true;
        this.send(c, { op: 'action_result', id, action, values, status, result: status === ROS2_STATUS.SUCCEEDED });
      },
    });
  }
}
