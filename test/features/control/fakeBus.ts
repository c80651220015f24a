// An in-memory stand-in for a robot's rosbridge: console links and the robot's operator bridge share topics,
// latched topics replay to late subscribers, services are answered by handlers. Timing is synchronous.
import type { LinkStatus, Publisher, RobotLink } from '../../../src/ros/types';
import type { OperatorBridgeHost } from '../../../src/sim/operatorBridge';

type Cb = (msg: unknown) => void;

export interface Call {
  at: number;
  what: string;
  detail?: unknown;
}

export class FakeBus {
  private subs = new Map<string, Set<Cb>>();
  private latched = new Map<string, unknown>();
  services = new Map<string, (args: unknown) => unknown>();
  params = new Map<string, unknown>();
  /** Everything published by anyone, in order. */
  log: { topic: string; msg: unknown; at: number }[] = [];
  enabled = true;
  clock: () => number = () => Date.now();

  deliver(topic: string, msg: unknown, latch = false): void {
    this.log.push({ topic, msg, at: this.clock() });
    if (latch) this.latched.set(topic, msg);
    for (const cb of [...(this.subs.get(topic) ?? [])]) cb(msg);
  }

  on(topic: string, cb: Cb): () => void {
    let set = this.subs.get(topic);
    if (!set) this.subs.set(topic, (set = new Set()));
    set.add(cb);
    if (this.latched.has(topic)) cb(this.latched.get(topic));
    return () => set.delete(cb);
  }

  messages(topic: string): unknown[] {
    return this.log.filter((l) => l.topic === topic).map((l) => l.msg);
  }

  host(): OperatorBridgeHost {
    return {
      publish: (topic, _type, msg, opts) => this.deliver(topic, msg, opts?.latch),
      subscribe: (topic, _type, cb) => this.on(topic, cb),
      enabled: () => this.enabled,
      pose: () => ({ x: 0, y: 0 }),
    };
  }

  link(url = 'ws://fake:9090'): FakeLink {
    return new FakeLink(this, url);
  }
}

export class FakeLink {
  private statusListeners = new Set<(s: LinkStatus) => void>();
  st: LinkStatus;
  calls: Call[] = [];
  constructor(
    readonly bus: FakeBus,
    readonly url: string,
  ) {
    this.st = { state: 'connected', url, attempt: 0 };
  }

  setState(state: LinkStatus['state']): void {
    this.st = { ...this.st, state };
    for (const cb of this.statusListeners) cb(this.st);
  }

  asLink(): RobotLink {
    // Arrow functions throughout: `this` stays the fake link, whoever calls the methods.
    const link: Partial<RobotLink> = {
      url: this.url,
      status: () => this.st,
      onStatus: (cb) => {
        this.statusListeners.add(cb);
        return () => this.statusListeners.delete(cb);
      },
      subscribe: (topic, _opts, cb) => this.bus.on(topic, (m) => (cb as (m: unknown, at: number) => void)(m, Date.now())),
      advertise: <T>(topic: string, _type: string, opts?: { latch?: boolean }): Publisher<T> => ({
        publish: (msg: T) => {
          this.calls.push({ at: this.bus.clock(), what: `publish ${topic}`, detail: msg });
          if (this.st.state === 'connected') this.bus.deliver(topic, msg, opts?.latch);
        },
        unadvertise: () => {},
      }),
      callService: <Res>(service: string, _type: string, args: unknown): Promise<Res> => {
        this.calls.push({ at: this.bus.clock(), what: `call ${service}`, detail: args });
        const h = this.bus.services.get(service);
        if (!h) return Promise.reject(new Error(`Service ${service} does not exist`));
        try {
          return Promise.resolve(h(args) as Res);
        } catch (e) {
          return Promise.reject(e);
        }
      },
      close: () => {
        this.setState('closed');
      },
      latest: (() => undefined) as RobotLink['latest'],
      problems: () => [],
      getParam: <T>(name: string): Promise<T | null> => Promise.resolve((this.bus.params.get(name) as T) ?? null),
    };
    return link as RobotLink;
  }
}
