// The simulated robot as a ROS 2 rosbridge for actions (rosbridge v2 protocol 3.3.12-15, as rosbridge_suite's
// send_action_goal capability answers): rosapi answers get_ros_version {version: 2}; `send_action_goal` starts
// a goal on a registered action server; `action_feedback` {id, action, values} frames follow while it runs
// (only when feedback: true was asked for); one `action_result` {id, action, values, status, result} ends it.
// result is rosbridge's own flag: true whenever the action server gave a result (status then says how the goal
// ended: action_msgs/GoalStatus SUCCEEDED 4, CANCELED 5, ABORTED 6), false when rosbridge could not run the
// goal at all (unknown action, unknown type, a goal that does not fit the type): then values is the
// exception's text and status is STATUS_UNKNOWN 0. rosbridge logs those only to its node's logger: no `status`
// frame reaches the client. `cancel_action_goal` {id, action} cancels a running goal (unknown ids: nothing).
// An id is echoed only when the client gave one.
import type { Conn } from './protocol';

export const ROS2_STATUS = { UNKNOWN: 0, ACCEPTED: 1, EXECUTING: 2, CANCELING: 3, SUCCEEDED: 4, CANCELED: 5, ABORTED: 6 } as const;

export interface SimActionGoal {
  id: string;
  args: Record<string, unknown>;
  feedback(values: unknown): void;
  result(values: unknown, status: number): void;
}

export interface SimActionServer {
  type: string;
  /** The goal's fields and their ROS types, in order (a goal given as a list fills them in this order). */
  goalFields: Readonly<Record<string, string>>;
  goal(g: SimActionGoal): void;
  cancel(id: string): void;
}

const PRIMITIVE: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  bool: (v) => typeof v === 'boolean',
  float64: (v) => typeof v === 'number',
  float32: (v) => typeof v === 'number',
  int32: (v) => typeof v === 'number' && Number.isInteger(v),
  uint16: (v) => typeof v === 'number' && Number.isInteger(v),
};

/** Python's repr of a JSON value's type, as rosbridge's FieldTypeMismatchException prints it. */
function pyType(v: unknown): string {
  if (typeof v === 'string') return "<class 'str'>";
  if (typeof v === 'boolean') return "<class 'bool'>";
  if (typeof v === 'number') return Number.isInteger(v) ? "<class 'int'>" : "<class 'float'>";
  if (Array.isArray(v)) return "<class 'list'>";
  if (v === null) return "<class 'NoneType'>";
  return "<class 'dict'>";
}

/** "nav2_msgs/action/NavigateToPose" -> "nav2_msgs/NavigateToPose_Goal" (rosbridge's name of the goal type). */
function goalTypeName(actionType: string): string {
  const [pkg, , name] = actionType.split('/');
  return `${pkg}/${name}_Goal`;
}

/** The goal as rosbridge's populate_instance checks it (top-level fields and their kinds); the error text or undefined. */
function goalError(server: SimActionServer, args: Record<string, unknown>): string | undefined {
  const root = goalTypeName(server.type);
  for (const [field, value] of Object.entries(args)) {
    const type = server.goalFields[field];
    if (!type) return `Message type ${root} does not have a field ${field}`;
    const prim = PRIMITIVE[type];
    const fits = prim ? prim(value) : pyType(value) === "<class 'dict'>";
    if (!fits) return `${root} message requires a ${type} for field ${field}, but got a ${pyType(value)}`;
  }
  return undefined;
}

export class SimActionOps {
  readonly servers = new Map<string, SimActionServer>();
  private seq = 0;

  constructor(private readonly send: (c: Conn, frame: object) => void) {}

  /** Handles send_action_goal / cancel_action_goal; false for any other op. */
  handle(c: Conn, msg: Record<string, unknown>): boolean {
    if (msg.op === 'send_action_goal') this.sendGoal(c, msg);
    else if (msg.op === 'cancel_action_goal') {
      if (typeof msg.id === 'string') this.servers.get(String(msg.action))?.cancel(msg.id);
    } else return false;
    return true;
  }

  private sendGoal(c: Conn, msg: Record<string, unknown>): void {
    const action = String(msg.action ?? '');
    const given = typeof msg.id === 'string' ? msg.id : undefined;
    const id = given ?? `send_action_goal:${action}:${++this.seq}`;
    const withId = (frame: Record<string, unknown>) => (given === undefined ? frame : { ...frame, id: given });
    const fail = (text: string) =>
      this.send(c, withId({ op: 'action_result', action, values: text, status: ROS2_STATUS.UNKNOWN, result: false }));
    const server = this.servers.get(action);
    const actionType = String(msg.action_type ?? '');
    if (server && actionType !== server.type) {
      const [pkg, , name] = actionType.split('/');
      return fail(`Unable to import action class ${name ?? actionType} from package ${pkg ?? ''}. Caused by: no such action type`);
    }
    // rosbridge waits 1 s for the action server and then gives up with this text.
    if (!server) return fail('No action server available');
    const raw = msg.args ?? {};
    const fields = Object.keys(server.goalFields);
    const args: Record<string, unknown> = Array.isArray(raw)
      ? Object.fromEntries(raw.slice(0, fields.length).map((v, i) => [fields[i], v] as const))
      : raw && typeof raw === 'object'
        ? (raw as Record<string, unknown>)
        : {};
    const bad = goalError(server, args);
    if (bad) return fail(bad);
    let done = false;
    server.goal({
      id,
      args,
      feedback: (values) => {
        if (!done && msg.feedback === true) this.send(c, withId({ op: 'action_feedback', action, values }));
      },
      result: (values, status) => {
        if (done) return;
        done = true;
        this.send(c, withId({ op: 'action_result', action, values, status, result: true }));
      },
    });
  }
}
