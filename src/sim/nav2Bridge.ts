// A simulated robot that speaks ROS 2 (fleet option ros2): rosapi's get_ros_version says {version: 2,
// distro: "humble"}, and nav2's /navigate_to_pose (nav2_msgs/action/NavigateToPose) runs on the same planner
// and path follower as its move_base. Feedback: current_pose, distance_remaining, navigation_time; the result
// carries nav2's error_code / error_msg (Jazzy's NavigateToPose result: 0 and "" unless aborted, then UNKNOWN 9000
// with the planner's words) and the GoalStatus of the end.
import type { SimMoveBase } from './moveBase';
import { GOAL_STATUS } from './moveBase';
import { ROS2_STATUS, type SimActionGoal } from './ros2Actions';
import type { RosbridgeServer } from './rosbridgeServer';

export const NAVIGATE_TO_POSE = { action: '/navigate_to_pose', type: 'nav2_msgs/action/NavigateToPose' } as const;
const UNKNOWN_ERROR = 9000;

interface Nav2Robot {
  graph: RosbridgeServer;
  pose(): { x: number; y: number; yaw: number };
}

type Stamp = { secs?: number; nsecs?: number };
const ros2Stamp = (ms: number) => ({ sec: Math.floor(ms / 1000), nanosec: Math.round((ms % 1000) * 1e6) });

export function attachRos2(robot: Nav2Robot, moveBase: SimMoveBase): void {
  const server = robot.graph;
  server.services.set('/rosapi/get_ros_version', {
    type: 'rosapi_msgs/srv/GetROSVersion',
    node: '/rosapi_node',
    handler: () => ({ version: 2, distro: 'humble' }),
  });
  const live = new Map<string, { g: SimActionGoal; x: number; y: number; startedAt: number }>();
  const actions = server.enableActions();
  actions.servers.set(NAVIGATE_TO_POSE.action, {
    type: NAVIGATE_TO_POSE.type,
    goalFields: { pose: 'geometry_msgs/PoseStamped', behavior_tree: 'string' },
    goal(g) {
      const pose = g.args.pose as { pose?: { position?: { x?: number; y?: number } } } | undefined;
      live.set(g.id, { g, x: Number(pose?.pose?.position?.x), y: Number(pose?.pose?.position?.y), startedAt: Date.now() });
      moveBase.onGoal({ goal_id: { id: g.id }, goal: { target_pose: g.args.pose } });
    },
    cancel(id) {
      if (live.has(id)) moveBase.onCancel({ id });
    },
  });
  server.subscribeLocal('/move_base/feedback', 'move_base_msgs/MoveBaseActionFeedback', '/bt_navigator', (m) => {
    const id = (m.status as { goal_id?: { id?: string } } | undefined)?.goal_id?.id;
    const goal = id ? live.get(id) : undefined;
    if (!goal) return;
    const p = robot.pose();
    const now = Date.now();
    goal.g.feedback({
      current_pose: {
        header: { stamp: ros2Stamp(now), frame_id: 'map' },
        pose: { position: { x: p.x, y: p.y, z: 0 }, orientation: { x: 0, y: 0, z: Math.sin(p.yaw / 2), w: Math.cos(p.yaw / 2) } },
      },
      navigation_time: ros2Stamp(now - goal.startedAt),
      estimated_time_remaining: { sec: 0, nanosec: 0 },
      number_of_recoveries: 0,
      distance_remaining: Math.hypot(goal.x - p.x, goal.y - p.y),
    });
  });
  server.subscribeLocal('/move_base/result', 'move_base_msgs/MoveBaseActionResult', '/bt_navigator', (m) => {
    const st = m.status as { goal_id?: { id?: string; stamp?: Stamp }; status?: number; text?: string } | undefined;
    const id = st?.goal_id?.id;
    const goal = id ? live.get(id) : undefined;
    if (!goal || !id) return;
    live.delete(id);
    if (st?.status === GOAL_STATUS.SUCCEEDED) goal.g.result({ error_code: 0, error_msg: '' }, ROS2_STATUS.SUCCEEDED);
    else if (st?.status === GOAL_STATUS.PREEMPTED) goal.g.result({ error_code: 0, error_msg: '' }, ROS2_STATUS.CANCELED);
    else goal.g.result({ error_code: UNKNOWN_ERROR, error_msg: st?.text ?? 'aborted' }, ROS2_STATUS.ABORTED);
  });
}
