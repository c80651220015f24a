// A RobotLink stand-in that records what would go on the wire as rosbridge frames and lets tests play the robot.
import type { LinkStatus, MessageHandler, Publisher, RobotLink, SubscribeOptions } from '../../../src/ros/types';

export type Frame = Record<string, unknown>;

export class FakeLink implements RobotLink {
  readonly url: string;
  frames: Frame[] = [];
  private st: LinkStatus;
  private statusCbs = new Set<(s: LinkStatus) => void>();
  private subs = new Map<string, Set<MessageHandler>>();
  private latestMsgs = new Map<string, { msg: unknown; receivedAt: number }>();
  services = new Map<string, (args: unknown) => Promise<unknown>>();

  constructor(url = 'ws://robot-a:9090', connected = true) {
    this.url = url;
    this.st = { state: connected ? 'connected' : 'connecting', url, attempt: 0 };
  }
  status(): LinkStatus {
    return this.st;
  }
  onStatus(cb: (s: LinkStatus) => void): () => void {
    this.statusCbs.add(cb);
    return () => this.statusCbs.delete(cb);
  }
  setState(state: LinkStatus['state'], reason?: string): void {
    this.st = { ...this.st, state, reason };
    for (const cb of this.statusCbs) cb(this.st);
  }
  subscribe<T = unknown>(topic: string, opts: SubscribeOptions, cb: MessageHandler<T>): () => void {
    this.frames.push({ op: 'subscribe', topic, type: opts.type });
    const set = this.subs.get(topic) ?? new Set();
    set.add(cb as MessageHandler);
    this.subs.set(topic, set);
    return () => {
      set.delete(cb as MessageHandler);
      this.frames.push({ op: 'unsubscribe', topic });
    };
  }
  advertise<T = unknown>(topic: string, type: string): Publisher<T> {
    this.frames.push({ op: 'advertise', topic, type });
    return {
      publish: (msg: T) => this.frames.push({ op: 'publish', topic, msg: JSON.parse(JSON.stringify(msg)) as unknown }),
      unadvertise: () => this.frames.push({ op: 'unadvertise', topic }),
    };
  }
  async callService<Res = unknown>(service: string, type: string, args: unknown): Promise<Res> {
    this.frames.push({ op: 'call_service', service, type, args });
    const h = this.services.get(service);
    if (!h) throw new Error(`Service ${service} does not exist`);
    return (await h(args)) as Res;
  }
  async getParam<T>(): Promise<T | null> {
    return null;
  }
  async introspect() {
    return { topics: [], services: [], params: [] };
  }
  latest<T = unknown>(topic: string): { msg: T; receivedAt: number } | undefined {
    return this.latestMsgs.get(topic) as { msg: T; receivedAt: number } | undefined;
  }
  topicStats() {
    return [];
  }
  problems() {
    return [];
  }
  onProblem() {
    return () => undefined;
  }
  counters() {
    return { frames: 0, malformed: 0, oversized: 0, fragmentsDropped: 0 };
  }
  close(): void {}

  /** The robot publishes `msg` on `topic` (delivered as rosbridge would, decoded). */
  emit(topic: string, msg: unknown): void {
    this.latestMsgs.set(topic, { msg, receivedAt: Date.now() });
    for (const cb of this.subs.get(topic) ?? []) cb(msg, Date.now());
  }
  published(topic: string): unknown[] {
    return this.frames.filter((f) => f.op === 'publish' && f.topic === topic).map((f) => f.msg);
  }
  subscribedTo(topic: string): boolean {
    return (this.subs.get(topic)?.size ?? 0) > 0;
  }
}

export const statusMsg = (list: { id: string; status: number; text?: string }[]) => ({
  header: { seq: 1, stamp: { secs: 1, nsecs: 0 }, frame_id: '' },
  status_list: list.map((s) => ({ goal_id: { stamp: { secs: 1, nsecs: 0 }, id: s.id }, status: s.status, text: s.text ?? '' })),
});

export const resultMsg = (id: string, status: number, text: string) => ({
  header: { seq: 4, stamp: { secs: 1, nsecs: 0 }, frame_id: '' },
  status: { goal_id: { stamp: { secs: 1, nsecs: 0 }, id }, status, text },
  result: {},
});

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
