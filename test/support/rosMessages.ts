// Builders for the ROS messages tests feed into links, shaped as rosbridge JSON delivers them.
import type { Marker } from '../../src/scene/rosMsgs';

/** A visualization_msgs/Marker in map (a red 1 m cube at 1, 2 in ns "places"), with the given fields replaced. */
export function marker(p: Partial<Marker> & { id: number }): Marker {
  return {
    header: { stamp: { secs: 1, nsecs: 0 }, frame_id: 'map' },
    ns: 'places',
    type: 1,
    action: 0,
    pose: { position: { x: 1, y: 2, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
    scale: { x: 1, y: 1, z: 1 },
    color: { r: 1, g: 0, b: 0, a: 1 },
    lifetime: { secs: 0, nsecs: 0 },
    frame_locked: false,
    points: [],
    colors: [],
    text: '',
    mesh_resource: '',
    ...p,
  };
}

/**
 * A visualization_msgs/MarkerArray of `n` small shapes on a grid of 100 columns in map (cubes, spheres, cylinders
 * and arrows in turn, colours varying): the heavy semantic map of the bench and the pacing e2e.
 */
export function markerField(n: number, o: { ns: string; spacing: number; x0?: number; y0?: number; size: number }): { markers: Marker[] } {
  const kinds = [1, 2, 3, 0]; // cube, sphere, cylinder, arrow
  return {
    markers: Array.from({ length: n }, (_, i) =>
      marker({
        id: i,
        ns: o.ns,
        type: kinds[i % 4]!,
        header: { stamp: { secs: 0, nsecs: 0 }, frame_id: 'map' },
        pose: {
          position: { x: (o.x0 ?? 0) + (i % 100) * o.spacing, y: (o.y0 ?? 0) + Math.floor(i / 100) * o.spacing, z: 0.2 },
          orientation: { x: 0, y: 0, z: 0, w: 1 },
        },
        scale: { x: o.size, y: o.size, z: o.size },
        color: { r: (i % 7) / 7, g: 0.5, b: 1 - (i % 5) / 5, a: 1 },
      }),
    ),
  };
}

/** A tf2_msgs/TFMessage with one planar transform parent -> child at stamp `t` (seconds). */
export function tfMsg(parent: string, child: string, t: number, x: number, y: number, yaw = 0) {
  return {
    transforms: [
      {
        header: { stamp: { secs: Math.floor(t), nsecs: Math.round((t % 1) * 1e9) }, frame_id: parent },
        child_frame_id: child,
        transform: {
          translation: { x, y, z: 0 },
          rotation: { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) },
        },
      },
    ],
  };
}

// move_base's actionlib topics, as the real server sent them (fixture 14).

/** actionlib_msgs/GoalStatusArray on /move_base/status. */
export const statusMsg = (list: { id: string; status: number; text?: string }[]) => ({
  header: { seq: 1, stamp: { secs: 1, nsecs: 0 }, frame_id: '' },
  status_list: list.map((s) => ({ goal_id: { stamp: { secs: 1, nsecs: 0 }, id: s.id }, status: s.status, text: s.text ?? '' })),
});

/** move_base_msgs/MoveBaseActionResult on /move_base/result. */
export const resultMsg = (id: string, status: number, text: string) => ({
  header: { seq: 4, stamp: { secs: 1, nsecs: 0 }, frame_id: '' },
  status: { goal_id: { stamp: { secs: 1, nsecs: 0 }, id }, status, text },
  result: {},
});

/** move_base_msgs/MoveBaseActionFeedback on /move_base/feedback: the robot at x, y. */
export const feedbackMsg = (id: string, x: number, y: number) => ({
  header: { seq: 26, stamp: { secs: 1, nsecs: 0 }, frame_id: '' },
  status: { goal_id: { stamp: { secs: 1, nsecs: 0 }, id }, status: 1, text: 'This goal has been accepted by the simple action server' },
  feedback: {
    base_position: {
      header: { seq: 0, stamp: { secs: 1, nsecs: 0 }, frame_id: 'map' },
      pose: { position: { x, y, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
    },
  },
});
