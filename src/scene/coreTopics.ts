// The scene's own data, entering the same way as every feature's: TF, joint states, the occupancy grid and the
// semantic map, written into the robot's feed on the link callback. Their renderables (RobotLayer, GridLayer,
// MarkerLayer) are the scene core and always mounted.

import type { JointState, MarkerArray, OccupancyGrid, TFMessage } from './rosMsgs';
import type { SceneExtension } from './sceneExtension';

export const CORE_TOPICS = {
  tf: '/tf',
  tfStatic: '/tf_static',
  jointStates: '/joint_states',
  map: '/map',
  semanticMap: '/semantic_map',
} as const;

export const CORE_EXTENSIONS: readonly SceneExtension[] = [
  {
    id: 'tf',
    topics: [
      { topic: CORE_TOPICS.tf, type: 'tf2_msgs/TFMessage' },
      { topic: CORE_TOPICS.tfStatic, type: 'tf2_msgs/TFMessage' },
    ],
    onMessage: (feed, topic, msg, at) => feed.onTf(msg as TFMessage, at, topic === CORE_TOPICS.tfStatic),
  },
  {
    id: 'joints',
    topics: [{ topic: CORE_TOPICS.jointStates, type: 'sensor_msgs/JointState' }],
    onMessage: (feed, _topic, msg) => feed.onJoints(msg as JointState),
  },
  {
    id: 'grid',
    topics: [{ topic: CORE_TOPICS.map, type: 'nav_msgs/OccupancyGrid' }],
    onMessage: (feed, _topic, msg, at) => feed.onGrid(msg as OccupancyGrid, at),
  },
  {
    id: 'markers',
    topics: [{ topic: CORE_TOPICS.semanticMap, type: 'visualization_msgs/MarkerArray' }],
    onMessage: (feed, _topic, msg, at) => feed.onMarkers(msg as MarkerArray, at),
  },
];
