// The robot link's public contract. Everything above src/ros (scene, features, UI) codes against these
// types only; nothing here depends on React, three or the DOM beyond WebSocket/Worker.

/** Where a link is in its life. Mirrors Lichtblick's player presence (INITIALIZING/PRESENT/RECONNECTING/ERROR). */
export type LinkState = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface LinkStatus {
  state: LinkState;
  url: string;
  /** Plain-words reason for the last state change ("connection refused", "bad URL: ..."). */
  reason?: string;
  /** Reconnect attempt number (0 while connected). */
  attempt: number;
  /** Epoch ms of the next reconnect attempt while reconnecting. */
  nextRetryAt?: number;
  /** Round-trip time of the last rosapi/get_time call, ms. */
  latencyMs?: number;
  /** Robot clock minus console clock, ms, estimated from the same call (NTP-style midpoint). */
  clockOffsetMs?: number;
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
  | 'timeout';

/** Something that went wrong, in plain words, kept in a bounded list per link and logged. */
export interface LinkProblem {
  at: number;
  kind: ProblemKind;
  message: string;
  topic?: string;
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

/** One robot's connection. Created by createRobotLink(url) in src/ros/robotLink.ts. */
export interface RobotLink {
  readonly url: string;
  status(): LinkStatus;
  onStatus(cb: (s: LinkStatus) => void): () => void;

  /** Subscribe; survives reconnects. Returns the unsubscribe function. */
  subscribe<T = unknown>(topic: string, opts: SubscribeOptions, cb: MessageHandler<T>): () => void;
  /** Advertise a topic; re-advertised after every reconnect. */
  advertise<T = unknown>(topic: string, type: string, opts?: { latch?: boolean; queueSize?: number }): Publisher<T>;
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
  /** Frames that could not be decoded or exceeded the size limit, since the link was made. */
  counters(): { frames: number; malformed: number; oversized: number; fragmentsDropped: number };

  close(): void;
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
