// The one stand-in for a robot's rosbridge in unit tests: a FakeRobot holds the robot's side (its topics, latched
// values, services, params, and the sim's OperatorBridgeHost seam), and every FakeLink attached to it is a full
// RobotLink that records what it would put on the wire as rosbridge frames. Several links on one robot play
// several consoles. Everything is synchronous: a publish reaches every subscriber before it returns.
//
// When RobotLink gains a member (declared capabilities, a tap of every message, actions), implement it in FakeLink
// below and nowhere else: `implements RobotLink` makes tsc point here, and every test gets it at once.
import {
  ServiceError,
  type Introspection,
  type LinkProblem,
  type LinkState,
  type LinkStatus,
  type MessageHandler,
  type Publisher,
  type RobotLink,
  type SubscribeOptions,
  type TopicInfo,
  type TopicStats,
} from '../../src/ros/types';
import type { OperatorBridgeHost } from '../../src/sim/operatorBridge';

/** A rosbridge operation as the link would send it ({ op: 'subscribe', topic, type }, { op: 'publish', ... }). */
export type Frame = Record<string, unknown>;

/** Answers a service call; a thrown error (or rejected promise) fails the call with that error. */
export type ServiceHandler = (args: unknown) => unknown;

export interface Published {
  topic: string;
  msg: unknown;
  /** The robot's clock when it went out. */
  at: number;
}

/** The robot's end: what it publishes reaches its own listeners and every connected link subscribed to the topic. */
export class FakeRobot {
  readonly services = new Map<string, ServiceHandler>();
  readonly params = new Map<string, unknown>();
  /** What introspect() lists besides the services and params. */
  topics: TopicInfo[] = [];
  /** Everything published on the robot, by it or by any console, in order. */
  readonly log: Published[] = [];
  /** Whether the robot obeys /cmd_vel (the sim's SetBool service sets it). */
  enabled = true;
  clock: () => number = () => Date.now();
  private readonly listeners = new Map<string, Set<(msg: unknown) => void>>();
  private readonly latched = new Map<string, unknown>();
  private readonly links = new Set<FakeLink>();

  /** Publish on the robot's rosbridge; a latched value is replayed to every later subscriber. */
  publish(topic: string, msg: unknown, opts: { latch?: boolean; receivedAt?: number } = {}): void {
    this.log.push({ topic, msg, at: this.clock() });
    if (opts.latch) this.latched.set(topic, msg);
    for (const cb of [...(this.listeners.get(topic) ?? [])]) cb(msg);
    const at = opts.receivedAt ?? Date.now();
    for (const link of [...this.links]) link.receive(topic, msg, at);
  }

  /** Listen on the robot's side (what consoles publish reaches it here); a latched value arrives at once. */
  listen(topic: string, cb: (msg: unknown) => void): () => void {
    let set = this.listeners.get(topic);
    if (!set) this.listeners.set(topic, (set = new Set()));
    set.add(cb);
    if (this.latched.has(topic)) cb(this.latched.get(topic));
    return () => set.delete(cb);
  }

  /** The latched value of a topic, for a new subscription. */
  latchedOn(topic: string): { msg: unknown } | undefined {
    return this.latched.has(topic) ? { msg: this.latched.get(topic) } : undefined;
  }

  /** Messages published on a topic so far, oldest first. */
  messages(topic: string): unknown[] {
    return this.log.filter((l) => l.topic === topic).map((l) => l.msg);
  }

  /** The seam the sim's operator bridge runs on, wired to this robot. */
  host(): OperatorBridgeHost {
    return {
      publish: (topic, _type, msg, opts) => this.publish(topic, msg, { latch: opts?.latch }),
      subscribe: (topic, _type, cb) => this.listen(topic, cb),
      enabled: () => this.enabled,
      pose: () => ({ x: 0, y: 0 }),
    };
  }

  /** A console's link to this robot. */
  link(url?: string, opts: Omit<FakeLinkOptions, 'robot'> = {}): FakeLink {
    return new FakeLink(url, { ...opts, robot: this });
  }

  /** Called by FakeLink: a link joins or leaves the robot's server. */
  attach(link: FakeLink): () => void {
    this.links.add(link);
    return () => this.links.delete(link);
  }
}

export interface FakeLinkOptions {
  /** The robot to talk to; a robot of its own when left out. */
  robot?: FakeRobot;
  /** Where the link starts; 'connected' unless told. */
  state?: LinkState;
}

export interface FakeSubscription {
  topic: string;
  opts: SubscribeOptions;
  /** False once unsubscribed (or the link closed). */
  active: boolean;
}

export class FakeLink implements RobotLink {
  readonly robot: FakeRobot;
  /** What the link sent, as rosbridge operations, in order. */
  readonly frames: Frame[] = [];
  /** Every subscribe call, in order, with its options. */
  readonly subscriptions: FakeSubscription[] = [];
  private st: LinkStatus;
  private readonly handlers: { sub: FakeSubscription; cb: MessageHandler }[] = [];
  private readonly statusCbs = new Set<(s: LinkStatus) => void>();
  private readonly problemCbs = new Set<(p: LinkProblem) => void>();
  private readonly problemList: LinkProblem[] = [];
  private readonly latestMsgs = new Map<string, { msg: unknown; receivedAt: number }>();
  private readonly counts = new Map<string, { count: number; lastAt: number }>();
  private received = 0;
  private readonly detach: () => void;

  constructor(
    readonly url = 'ws://robot-a:9090',
    opts: FakeLinkOptions = {},
  ) {
    this.robot = opts.robot ?? new FakeRobot();
    this.st = { state: opts.state ?? 'connected', url, attempt: 0 };
    this.detach = this.robot.attach(this);
  }

  // --- RobotLink ---

  status(): LinkStatus {
    return this.st;
  }

  onStatus(cb: (s: LinkStatus) => void): () => void {
    this.statusCbs.add(cb);
    return () => this.statusCbs.delete(cb);
  }

  subscribe<T = unknown>(topic: string, opts: SubscribeOptions, cb: MessageHandler<T>): () => void {
    this.frames.push({ op: 'subscribe', topic, type: opts.type });
    const sub: FakeSubscription = { topic, opts, active: true };
    this.subscriptions.push(sub);
    const handler = { sub, cb: cb as MessageHandler };
    this.handlers.push(handler);
    const latched = this.robot.latchedOn(topic);
    if (latched && this.st.state === 'connected') {
      this.count(topic, Date.now());
      handler.cb(latched.msg, Date.now());
    }
    return () => {
      if (!sub.active) return;
      sub.active = false;
      this.handlers.splice(this.handlers.indexOf(handler), 1);
      this.frames.push({ op: 'unsubscribe', topic });
    };
  }

  advertise<T = unknown>(topic: string, type: string, opts: { latch?: boolean; queueSize?: number } = {}): Publisher<T> {
    this.frames.push({ op: 'advertise', topic, type });
    return {
      publish: (msg: T) => {
        this.frames.push({ op: 'publish', topic, msg: JSON.parse(JSON.stringify(msg)) as unknown });
        if (this.st.state === 'connected') this.robot.publish(topic, msg, { latch: opts.latch });
      },
      unadvertise: () => this.frames.push({ op: 'unadvertise', topic }),
    };
  }

  callService<Res = unknown>(service: string, type: string, args: unknown): Promise<Res> {
    this.frames.push({ op: 'call_service', service, type, args });
    const handler = this.robot.services.get(service);
    if (!handler) return Promise.reject(new ServiceError(service, `Service ${service} does not exist`));
    try {
      return Promise.resolve(handler(args) as Res);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  async getParam<T = unknown>(name: string): Promise<T | null> {
    return this.robot.params.has(name) ? (this.robot.params.get(name) as T) : null;
  }

  async introspect(): Promise<Introspection> {
    return { topics: [...this.robot.topics], services: [...this.robot.services.keys()], params: [...this.robot.params.keys()] };
  }

  latest<T = unknown>(topic: string): { msg: T; receivedAt: number } | undefined {
    return this.latestMsgs.get(topic) as { msg: T; receivedAt: number } | undefined;
  }

  topicStats(): TopicStats[] {
    return this.subscriptions
      .filter((s) => s.active)
      .map((s) => ({ topic: s.topic, type: s.opts.type, count: 0, rateHz: 0, ...this.counts.get(s.topic) }));
  }

  problems(): readonly LinkProblem[] {
    return this.problemList;
  }

  onProblem(cb: (p: LinkProblem) => void): () => void {
    this.problemCbs.add(cb);
    return () => this.problemCbs.delete(cb);
  }

  reportProblem(kind: LinkProblem['kind'], message: string, topic?: string): void {
    this.problem({ kind, message, topic });
  }

  counters(): { frames: number; malformed: number; oversized: number; fragmentsDropped: number } {
    return { frames: this.received, malformed: 0, oversized: 0, fragmentsDropped: 0 };
  }

  close(): void {
    for (const h of this.handlers) h.sub.active = false;
    this.handlers.length = 0;
    this.detach();
    this.setState('closed');
  }

  // --- playing the robot and the network ---

  /** The robot publishes `msg` on `topic`; `receivedAt` is the console's arrival time handed to subscribers. */
  emit(topic: string, msg: unknown, receivedAt = Date.now()): void {
    this.robot.publish(topic, msg, { receivedAt });
  }

  setState(state: LinkState, reason?: string): void {
    this.setStatus({ state, reason });
  }

  setStatus(patch: Partial<Omit<LinkStatus, 'url'>>): void {
    this.st = { ...this.st, ...patch };
    for (const cb of [...this.statusCbs]) cb(this.st);
  }

  /** The link reports a problem, as the real one does for bad frames or silent topics. */
  problem(p: Omit<LinkProblem, 'at'> & { at?: number }): void {
    const full: LinkProblem = { at: Date.now(), ...p };
    this.problemList.push(full);
    for (const cb of [...this.problemCbs]) cb(full);
  }

  /** Called by FakeRobot for every message it publishes. Nothing arrives while the link is not connected. */
  receive(topic: string, msg: unknown, receivedAt: number): void {
    if (this.st.state !== 'connected') return;
    this.received += 1;
    // As if something on the console subscribed to everything (the scene does to /tf): latest() sees it all.
    this.latestMsgs.set(topic, { msg, receivedAt });
    const subscribed = this.handlers.filter((h) => h.sub.topic === topic);
    if (subscribed.length > 0) this.count(topic, receivedAt);
    for (const h of subscribed) if (h.sub.active) h.cb(msg, receivedAt);
  }

  // --- what the console did ---

  /** Messages this link published on `topic` (as sent, deep-copied). */
  published(topic: string): unknown[] {
    return this.frames.filter((f) => f.op === 'publish' && f.topic === topic).map((f) => f.msg);
  }

  /** What the link asked of the robot (publishes and service calls), in order, without the set-up frames. */
  commands(): Frame[] {
    return this.frames.filter((f) => f.op === 'publish' || f.op === 'call_service');
  }

  subscribedTo(topic: string): boolean {
    return this.subscriptions.some((s) => s.active && s.topic === topic);
  }

  private count(topic: string, at: number): void {
    this.counts.set(topic, { count: (this.counts.get(topic)?.count ?? 0) + 1, lastAt: at });
  }
}
