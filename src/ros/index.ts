// Public API of the robot link. Everything above src/ros imports from here.
export * from './types';
export { createRobotLink, type RobotLinkOptions } from './robotLink';
export { parseRobotUrl, robotUrlProblem } from './url';
export { NORMALIZERS, normalizeMessage, type Normalizer } from './messageNormalizers';
export { ROS1_DEFINITIONS, canDeserializeRos1, deserializeRos1 } from './ros1Definitions';
export { paramFromRosapi, topicsFromRosapi } from './rosapi';
export { LoopbackSocket } from './transport/loopbackSocket';
export { createLoopbackLink } from './loopbackLink';
export type { SocketFactory, SocketLike } from './transport/socket';
export { FrameDecoder, type RosbridgeFrame, type DecoderSink, type DecoderCounters } from './frameDecoder';
export { base64ToBytes } from './base64';
export { deserializeRos1Message, serializeRos1, type Ros1Schema } from './ros1Codec';
export { fullDefinition } from './ros1Definitions';
