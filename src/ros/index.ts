// The robot link's public API: code above src/ros imports from here only (never from files inside).
export * from './types';
export { createRobotLink } from './robotLink';
export type { RobotLinkOptions } from './linkOptions';
export { DEFAULT_LIMITS, LimitError, type DecodeLimits, type LimitName } from './limits';
export { DEFAULT_MEMORY_BUDGET } from './linkMemory';
export { DEFAULT_RECONNECT, type ReconnectOptions } from './reconnect';
export { UNDETECTED, capabilitiesOf, hasCapability } from './capabilities';
export { publishIfSendable } from './publishing';
export { parseRobotUrl, robotUrlProblem } from './url';
export { base64ToBytes } from './base64';
export { NORMALIZERS, normalizeMessage, type Normalizer, type NormalizeLimits } from './messageNormalizers';
export { ROS1_DEFINITIONS, canDeserializeRos1, deserializeRos1, fullDefinition } from './ros1Definitions';
export { deserializeRos1Message, serializeRos1, type Ros1Schema } from './ros1Codec';
export { paramFromRosapi, topicsFromRosapi } from './rosapi';
export { LoopbackSocket } from './transport/loopbackSocket';
export { createLoopbackLink } from './loopbackLink';
export type { SocketFactory, SocketLike } from './transport/socket';
export { FrameDecoder, type RosbridgeFrame, type DecoderSink, type DecoderCounters } from './frameDecoder';
