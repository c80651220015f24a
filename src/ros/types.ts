// The robot link's public contract. Everything above src/ros (scene, features, UI) codes against these
// types only; nothing here depends on React, three or the DOM beyond WebSocket/Worker.

/** Where a link is in its life. Mirrors Lichtblick's player presence (INITIALIZING/PRESENT/RECONNECTING/ERROR). */
export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

/** How the next connection attempt is timed while not connected. */
export type RetryMode =
  /** The robot was connected before: a cheap attempt about every second, so its return is seen within ~2 s. */
  | 'probe'
  /** Never connected yet, or down for long: exponential backoff to a cap. */
  | 'backoff'
  /** Connections open and drop again: backoff as if they had failed, until one stays up with data. */
  | 'flapping';

export interface LinkStatus {
  state: LinkState;
  url: string;
  /** Plain-words reason for the last state change ("connection refused", "connection lost", "bad URL: ..."). */
  reason?: string;
  /** Reconnect attempt number (0 while connected). */
  attempt: number;
  /** Epoch ms of the next reconnect attempt while reconnecting (a UI counts down to it). */
  nextRetryAt?: number;
  retryMode?: RetryMode;
  /** Set while the robot keeps dropping the connection: how many times in a row it did. */
  flaps?: number;
  /** Epoch ms since when the robot has been unreachable (while not connected). */
  downSince?: number;
  /**
   * Round-trip time of the last rosapi/get_time call, ms. Kept while reconnecting as the last known
   * figure: `figuresAt` says how old it is.
   */
  latencyMs?: number;
  /** Robot clock minus console clock, ms, estimated from the same call (NTP-style midpoint). */
  clockOffsetMs?: number;
  /** Epoch ms when latencyMs/clockOffsetMs were measured. */
  figuresAt?: number;
  /** Epoch ms when the link last became connected. */
  connectedSince?: number;
}

export type Compression = 'none' | 'cbor' | 'cbor-raw' | 'png';

export interface SubscribeOptions {
  /** ROS message type, e.g. "sensor_msgs/BatteryState". */
  type: string;
  /** rosbridge throttle_rate, ms between messages (server side). */
  throttleRate?: number;
  /** rosbridge queue_length (server side). */
  queueLength?: number;
  compression?: Compression;
  /** rosbridge fragment_size: ask the server to split this topic's messages (it applies to the whole connection). */
  fragmentSize?: number;
  /** Event topics (operator requests) are quiet most of the time: do not report them as silent. */
  expectSilence?: boolean;
}

export interface AdvertiseOptions {
  latch?: boolean;
  queueSize?: number;
  /**
   * Motion: a message that cannot leave now (not connected, or the socket already holds more than a few KB
   * unsent) is dropped, never queued, and `publish` returns false (see SendingPublisher, publishIfSendable).
   */
  dropIfUnsendable?: boolean;
}

/** A decoded message as handed to consumers. `receivedAt` is the console's epoch ms when the frame arrived. */
export type MessageHandler<T = unknown> = (msg: T, receivedAt: number) => void;

export interface TopicInfo {
  name: string;
  type: string;
}

export interface TopicStats {
  topic: string;
  type: string;
  /** Messages received since subscribing. */
  count: number;
  /** Received messages per second over the last few seconds. */
  rateHz: number;
  /** Epoch ms of the last message, undefined if none yet. */
  lastAt?: number;
  /** Set when a subscription has been silent for too long: "no data on /x (type y?)". */
  silentReason?: string;
}

export type ProblemKind =
  | 'bad-url'
  | 'connection'
  | 'malformed-frame'
  | 'oversized-frame'
  | 'fragment'
  | 'decode'
  | 'silent-topic'
  | 'wrong-type'
  | 'service-error'
  | 'timeout'
  /** A frame or message refused by a decode limit (sizes, counts, depth): see DecodeLimits. */
  | 'limit'
  /** What the robot's rosbridge itself reported (ROS 2 `status` frames), verbatim. */
  | 'server-status'
  /** The link dropped what it held to stay within its memory budget. */
  | 'memory'
  /** A feature found the robot's data unusable (a NaN transform, say) and skipped it: reportProblem(). */
  | 'bad-data';

/** Something that went wrong, in plain words, kept in a bounded list per link and logged. */
export interface LinkProblem {
  /** Epoch ms of the (latest) occurrence. */
  at: number;
  kind: ProblemKind;
  message: string;
  topic?: string;
  /** The robot's address (the link's URL). */
  robot?: string;
  /** How many times it happened in a row (repeats within a few seconds are one entry). */
  count?: number;
  /** Epoch ms of the first of `count` occurrences. */
  firstAt?: number;
}

export interface Introspection {
  topics: TopicInfo[];
  services: string[];
  params: string[];
}

export interface Publisher<T = unknown> {
  publish(msg: T): void;
  unadvertise(): void;
}

/** A publisher advertised with `dropIfUnsendable`: `publish` says whether the message left now. */
export interface SendingPublisher<T = unknown> extends Publisher<T> {
  publish(msg: T): boolean;
}

/** What a link declares it can do; features route on this instead of guessing (cf. Lichtblick's PLAYER_CAPABILITIES). */
export type LinkCapability =
  | 'subscribe'
  | 'advertise'
  | 'callServices'
  | 'getParameters'
  /** rosapi/publishers answers: the link can tell "nobody publishes" from "published but nothing arrives". */
  | 'publishersLookup'
  /** ROS 2 rosbridge action ops: send_action_goal, cancel_action_goal, action_feedback, action_result. */
  | 'actions'
  /** ROS 1 actionlib over topics (<action>/goal, /cancel, /status, /feedback, /result). */
  | 'actionlibTopics'
  | 'cbor'
  /** cbor-raw frames decodable here (ROS 1 serialization; ROS 2 would send CDR). */
  | 'cborRaw'
  | 'png'
  | 'tap';

export type RosDialect = 'ros1' | 'ros2' | 'unknown';

export interface LinkCapabilities {
  /** False until the robot's rosapi answered on a connection; until then only what any rosbridge has. */
  detected: boolean;
  dialect: RosDialect;
  /** From ROS 2 rosapi's get_ros_version (ROS 1 rosapi does not say). */
  distro?: string;
  rosapi: boolean;
  list: readonly LinkCapability[];
}

/** action_msgs/GoalStatus codes, as ROS 2 rosbridge passes them in action_result.status. */
export const GOAL_STATUS = { UNKNOWN: 0, ACCEPTED: 1, EXECUTING: 2, CANCELING: 3, SUCCEEDED: 4, CANCELED: 5, ABORTED: 6 } as const;

export interface ActionResult<R = unknown> {
  /** action_msgs/GoalStatus code (GOAL_STATUS). */
  status: number;
  /** rosbridge's own flag: false when it could not run the goal (then `error` holds its text). */
  ok: boolean;
  /** The action's result message (when ok). */
  values?: R;
  error?: string;
}

export interface ActionGoalOptions<F = unknown> {
  onFeedback?: (feedback: F, receivedAt: number) => void;
  /** Goal id (unique per link); one is made when omitted. */
  id?: string;
}

/** One ROS 2 action goal sent through the link. */
export interface ActionGoalHandle<R = unknown, F = unknown> {
  readonly id: string;
  readonly action: string;
  /**
   * Settles once: resolves with the server's action_result (succeeded, canceled or aborted alike);
   * rejects when the goal cannot be sent, the server refuses it (its status text), or the connection is
   * lost first (rosbridge ties goals to the connection that sent them).
   */
  readonly result: Promise<ActionResult<R>>;
  onFeedback(cb: (feedback: F, receivedAt: number) => void): () => void;
  /** Sends cancel_action_goal; the result then comes with status CANCELED. Returns whether it left. */
  cancel(): boolean;
}

/** One message the link received or sent, as a tap sees it. */
export interface TapEvent {
  direction: 'in' | 'out';
  /** rosbridge op: publish, service_response, action_feedback, action_result, status (in); publish, call_service, send_action_goal, cancel_action_goal (out). */
  op: string;
  /** Topic, service or action name. */
  topic?: string;
  /** ROS type when the link knows it (subscribed/advertised type, service type, action type). */
  type?: string;
  /** Console epoch ms: when the frame arrived (in) or was sent (out). */
  at: number;
  /** The message (decoded, normalised) or what was sent. Shared with consumers: do not modify. */
  msg: unknown;
  /**
   * The payload as it arrived, when the frame was binary: the ROS 1 serialized message for cbor-raw
   * (`rawEncoding` 'ros1'), the whole CBOR frame otherwise ('cbor').
   */
  raw?: Uint8Array;
  rawEncoding?: 'ros1' | 'cbor';
  /** Size of the frame that carried it, bytes (characters for text). */
  bytes: number;
}

export interface LinkMemory {
  usedBytes: number;
  budgetBytes: number;
  /** Approximate: a kept message counts as the size of the frame that carried it. */
  byPart: { latest: number; fragments: number; problems: number; pending: number };
}

/** One robot's connection. Created by createRobotLink(url) in src/ros/robotLink.ts. */
export interface RobotLink {
  readonly url: string;
  status(): LinkStatus;
  onStatus(cb: (s: LinkStatus) => void): () => void;

  /** Subscribe; survives reconnects. Returns the unsubscribe function. */
  subscribe<T = unknown>(topic: string, opts: SubscribeOptions, cb: MessageHandler<T>): () => void;
  /** Advertise a topic; re-advertised after every reconnect. */
  advertise<T = unknown>(topic: string, type: string, opts?: AdvertiseOptions): Publisher<T>;
  /** Call a service. Rejects with ServiceError whose message is the server's text verbatim. */
  callService<Res = unknown>(service: string, type: string, args: unknown, timeoutMs?: number): Promise<Res>;
  /** rosapi/get_param, with the JSON-inside-a-string value decoded; null when the param does not exist. */
  getParam<T = unknown>(name: string): Promise<T | null>;
  introspect(): Promise<Introspection>;

  /** Latest message per subscribed topic (no copy). */
  latest<T = unknown>(topic: string): { msg: T; receivedAt: number } | undefined;
  topicStats(): TopicStats[];
  problems(): readonly LinkProblem[];
  onProblem(cb: (p: LinkProblem) => void): () => void;
  /** Adds what a feature found wrong in the robot's data to this robot's Problems (repeats count as one entry). */
  reportProblem?(kind: ProblemKind, message: string, topic?: string): void;
  /** Frames that could not be decoded or exceeded the size limit, since the link was made. */
  counters(): LinkCounters;

  close(): void;

  // The members below are optional so that links which are not connections (a replayed clip, test fakes)
  // need not offer them; the robot link from createRobotLink has all of them. Absent means unsupported.

  /** What the robot's rosbridge can do (see LinkCapabilities); `capabilitiesOf(link)` covers links without it. */
  capabilities?(): LinkCapabilities;
  onCapabilities?(cb: (c: LinkCapabilities) => void): () => void;
  /** Send a ROS 2 action goal through rosbridge's action ops (needs the 'actions' capability). */
  sendActionGoal?<G = unknown, R = unknown, F = unknown>(
    action: string,
    actionType: string,
    goal: G,
    opts?: ActionGoalOptions<F>,
  ): ActionGoalHandle<R, F>;
  /** Every message received and sent, as it passes; costs nothing while nobody listens. */
  tap?(cb: (e: TapEvent) => void): () => void;
  /** Epoch ms of the last frame of any kind from the robot (0 before the first). */
  lastReceivedAt?(): number;
  /** What this robot makes the console hold inside the link, against the link's budget. */
  memory?(): LinkMemory;
}

/** The link createRobotLink returns: a connection, so every optional member above is there. */
export interface LiveRobotLink extends RobotLink {
  advertise<T = unknown>(topic: string, type: string, opts?: AdvertiseOptions): SendingPublisher<T>;
  capabilities(): LinkCapabilities;
  onCapabilities(cb: (c: LinkCapabilities) => void): () => void;
  sendActionGoal<G = unknown, R = unknown, F = unknown>(
    action: string,
    actionType: string,
    goal: G,
    opts?: ActionGoalOptions<F>,
  ): ActionGoalHandle<R, F>;
  tap(cb: (e: TapEvent) => void): () => void;
  lastReceivedAt(): number;
  memory(): LinkMemory;
}

export interface LinkCounters {
  frames: number;
  malformed: number;
  /** Frames refused by a size limit (frame bytes, PNG pixels, lengths, counts, depth). */
  oversized: number;
  fragmentsDropped: number;
}

export class ServiceError extends Error {
  constructor(
    readonly service: string,
    /** The server's own words (rosbridge puts them in `values` as a string). */
    readonly serverText: string,
  ) {
    super(serverText);
    this.name = 'ServiceError';
  }
}

export class BadUrlError extends Error {
  constructor(
    readonly url: string,
    reason: string,
  ) {
    super(`Bad robot address "${url}": ${reason}`);
    this.name = 'BadUrlError';
  }
}
