import { Ros, Topic, type ITransportFactory, type RosbridgeMessage } from 'roslib';
import { ActionGoals } from './actions';
import { CapabilityTracker } from './capabilities';
import { LatencyProbe } from './latencyProbe';
import type { RobotLinkOptions } from './linkOptions';
import { DEFAULT_MEMORY_BUDGET, LinkMemoryBudget } from './linkMemory';
import { StatusBox } from './linkStatus';
import { LinkTap } from './linkTap';
import { ProblemLog } from './problemLog';
import { makePublisher, type PublisherHost } from './publishing';
import { DEFAULT_RECONNECT, ReconnectPolicy, closeReason } from './reconnect';
import { introspect, listPublishers, listTopics, paramFromRosapi } from './rosapi';
import { ServiceCaller } from './serviceCalls';
import { SilenceWatch } from './silenceWatch';
import { TopicEntry } from './topicEntry';
import { inlineTransportFactory } from './transport/inlineTransport';
import { newIngress, type LinkIngress } from './transport/linkTransport';
import { DEFAULT_CONNECT_TIMEOUT_MS, type SocketEnd } from './transport/socket';
import { workerTransportFactory } from './transport/workerTransport';
import {
  BadUrlError,
  type ActionGoalHandle,
  type ActionGoalOptions,
  type AdvertiseOptions,
  type Introspection,
  type LinkCapabilities,
  type LinkCounters,
  type LinkMemory,
  type LinkProblem,
  type ProblemKind,
  type LinkStatus,
  type LiveRobotLink,
  type MessageHandler,
  type SendingPublisher,
  type SubscribeOptions,
  type TapEvent,
  type TopicStats,
} from './types';
import { robotUrlProblem } from './url';

export type { RobotLinkOptions } from './linkOptions';

/** While probing for a robot that went away, attempts give up after this (or three latencies). */
const PROBE_CONNECT_TIMEOUT_MS = 2500;

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

class RobotLinkImpl implements LiveRobotLink {
  private readonly statusBox: StatusBox;
  private readonly caps: CapabilityTracker;
  private readonly problemLog: ProblemLog;
  private readonly entries = new Map<string, TopicEntry>();
  private readonly ingress: LinkIngress;
  private readonly ros: Ros | undefined;
  private readonly badUrl: BadUrlError | undefined;
  private readonly silence: SilenceWatch;
  private readonly policy: ReconnectPolicy;
  private readonly services: ServiceCaller;
  private readonly actions: ActionGoals;
  private readonly linkTap: LinkTap;
  private readonly memoryBudget: LinkMemoryBudget;
  private readonly probe: LatencyProbe;
  private readonly publisherHost: PublisherHost;
  private disposeTransport: () => void = () => {};
  private setWorkerTapping: (on: boolean) => void = () => {};
  private closed = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private houseTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    readonly url: string,
    private readonly opts: RobotLinkOptions,
  ) {
    this.problemLog = new ProblemLog({ max: opts.maxProblems, warnIntervalMs: opts.warnIntervalMs, label: url });
    this.policy = new ReconnectPolicy({ ...DEFAULT_RECONNECT, ...opts.backoff }, opts.random);
    this.statusBox = new StatusBox(url, { state: 'connecting', attempt: 0, downSince: Date.now() });
    this.caps = new CapabilityTracker(opts.detectCapabilities !== false);
    this.linkTap = new LinkTap(
      (topic) => this.entries.get(topic)?.type,
      (on) => this.tappingChanged(on),
    );
    this.ingress = newIngress(opts.motionBufferBytes ?? 4096, {
      outgoing: (frame) => this.patchOutgoing(frame),
      incoming: (frame) =>
        this.linkTap.incoming(frame, this.ingress.receivedAt, this.ingress.frameBytes, this.ingress.raw, this.ingress.rawEncoding),
      opened: () => this.onOpened(),
      ended: (end) => this.onEnded(end),
      problem: (kind, text, topic, key) => this.problemLog.add(kind, text, topic, key),
    });
    this.services = new ServiceCaller({
      ros: () => this.ros as Ros,
      waitConnected: (ms) => this.waitConnected(ms),
      report: (kind, text, key) => this.problemLog.add(kind, text, undefined, key),
    });
    this.actions = new ActionGoals({
      ros: () => this.ros,
      connected: () => this.isConnected(),
      capabilitiesReady: () => this.caps.ready(),
      now: () => Date.now(),
    });
    this.memoryBudget = this.newMemoryBudget(opts.memoryBudgetBytes ?? DEFAULT_MEMORY_BUDGET);
    this.probe = new LatencyProbe(
      this.callQuiet,
      (figure) => this.statusBox.set({ ...this.statusBox.get(), ...figure, figuresAt: Date.now() }),
      (text) => this.problemLog.add('timeout', text),
      opts.pingIntervalMs ?? 2000,
    );
    this.publisherHost = {
      connected: () => this.isConnected(),
      unsent: () => this.ingress.current?.bufferedAmount() ?? 0,
      dropAboveBytes: this.ingress.dropAboveBytes,
      dropTopics: this.ingress.dropTopics,
      dropCounts: new Map(),
      report: (text, topic, key) => this.problemLog.add('connection', text, topic, key),
    };
    const silenceMs = opts.silenceMs ?? 5000;
    this.silence = new SilenceWatch({
      silenceMs,
      listTopics: () => listTopics(this.callQuiet, 5000),
      publishers: (topic) => listPublishers(this.callQuiet, topic, 5000),
      report: (kind, message, topic) => this.problemLog.add(kind, message, topic),
    });

    const problem = robotUrlProblem(url);
    if (problem !== undefined) {
      this.badUrl = new BadUrlError(url, problem);
      this.statusBox.set({ state: 'failed', attempt: 0, reason: this.badUrl.message });
      this.problemLog.add('bad-url', this.badUrl.message);
      return;
    }
    this.ros = new Ros({ transportFactory: this.makeTransportFactory() });
    this.ros.on('error', () => {
      // Transport errors arrive through ingress.ended with the reason; roslib's copy adds nothing.
    });
    this.ros.on('status', (f: RosbridgeMessage) => this.onServerStatus(f as unknown as { level?: unknown; msg?: unknown }));
    this.houseTimer = setInterval(() => this.housekeeping(), Math.min(1000, silenceMs / 2));
    if (opts.authorize) this.authorizeThenConnect(opts.authorize);
    else this.connect();
  }

  private authorizeThenConnect(authorize: (url: string) => Promise<unknown>): void {
    authorize(this.url).then(
      () => this.connect(),
      (e: unknown) => {
        if (this.closed) return;
        const reason = `this console may not connect to ${this.url}: ${errorText(e)}`;
        this.problemLog.add('connection', reason);
        this.statusBox.set({ state: 'failed', attempt: 0, reason });
      },
    );
  }

  private newMemoryBudget(budget: number): LinkMemoryBudget {
    return new LinkMemoryBudget(
      budget,
      {
        // partial fragments are UTF-16 text
        fragments: () => this.ingress.counters.fragmentChars * 2,
        problems: () => this.problemLog.bytes(),
        pending: () => this.services.bytes() + this.actions.count * 512,
      },
      () => this.entries.values(),
      (text, topic) => this.problemLog.add('memory', text, topic, `memory|${topic}`),
    );
  }

  // ---- status ----

  status(): LinkStatus {
    return this.statusBox.get();
  }

  onStatus(cb: (s: LinkStatus) => void): () => void {
    return this.statusBox.subscribe(cb);
  }

  private housekeeping(): void {
    try {
      this.silence.check(this.entries.values(), this.statusBox.get().connectedSince);
      this.memoryBudget.refresh();
      if (this.memoryBudget.latest > this.memoryBudget.cap) this.memoryBudget.over();
    } catch (e) {
      console.error('robot link: housekeeping failed', e);
    }
  }

  // ---- connection ----

  private makeTransportFactory(): ITransportFactory {
    const { transport = 'auto', maxFrameBytes } = this.opts;
    const limits = maxFrameBytes === undefined ? this.opts.limits : { ...this.opts.limits, frameBytes: maxFrameBytes };
    const connectTimeoutMs = () => this.connectTimeout();
    const hasWorker = typeof Worker !== 'undefined' && typeof window !== 'undefined';
    const useWorker = transport === 'worker' || (transport === 'auto' && this.opts.socketFactory === undefined && hasWorker);
    if (useWorker) {
      const w = workerTransportFactory(this.ingress, { limits, connectTimeoutMs, createWorker: this.opts.createWorker });
      this.disposeTransport = w.dispose;
      this.setWorkerTapping = w.setTapping;
      return w.factory;
    }
    return inlineTransportFactory(this.ingress, { limits, connectTimeoutMs, socketFactory: this.opts.socketFactory });
  }

  private connectTimeout(): number {
    const full = this.opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    if (!this.policy.probing(Date.now())) return full;
    return Math.min(full, Math.max(PROBE_CONNECT_TIMEOUT_MS, 3 * (this.statusBox.get().latencyMs ?? 0)));
  }

  private connect(): void {
    this.retryTimer = undefined;
    if (this.closed || !this.ros) return;
    this.ros.connect(this.url).catch((e: unknown) => this.onEnded({ everOpened: false, error: errorText(e) }));
  }

  private onOpened(): void {
    if (this.closed) return;
    const now = Date.now();
    this.policy.opened(now);
    this.statusBox.set({ state: 'connected', attempt: 0, connectedSince: now, ...this.statusBox.figures() });
    this.probe.start();
    this.caps.detect(this.callQuiet, () => !this.closed);
  }

  private onEnded(end: SocketEnd): void {
    this.probe.stop();
    this.services.rejectAll('connection to the robot was lost before the answer came');
    this.actions.connectionLost();
    if (this.closed) return;
    const now = Date.now();
    const lost = closeReason(end.code, end.reason, end.everOpened, end.error);
    const plan = this.policy.ended(now, this.ingress.lastFrameAt);
    const reason = plan.mode === 'flapping' ? `robot keeps dropping the connection (${plan.flaps} times in a row; ${lost})` : lost;
    this.problemLog.add('connection', reason, undefined, plan.mode === 'flapping' ? 'connection|flapping' : undefined);
    const common = { attempt: plan.attempt, reason, downSince: plan.downSince, ...this.statusBox.figures() };
    if (this.opts.maxAttempts !== undefined && plan.attempt >= this.opts.maxAttempts) {
      this.statusBox.set({ ...common, state: 'failed', reason: `${reason}; gave up after ${plan.attempt} attempts` });
      return;
    }
    const nextRetryAt = now + plan.delayMs;
    this.statusBox.set({
      ...common,
      state: 'reconnecting',
      nextRetryAt,
      retryMode: plan.mode,
      ...(plan.flaps > 0 ? { flaps: plan.flaps } : {}),
    });
    this.retryTimer = setTimeout(() => this.connect(), plan.delayMs);
  }

  private onServerStatus(f: { level?: unknown; msg?: unknown }): void {
    const level = String(f.level ?? '');
    if (level !== 'error' && level !== 'warning') return;
    this.problemLog.add('server-status', `rosbridge ${level}: ${String(f.msg ?? '')}`);
  }

  private isConnected(): boolean {
    return this.statusBox.get().state === 'connected';
  }

  private waitConnected(timeoutMs: number): Promise<void> {
    if (this.badUrl) return Promise.reject(this.badUrl);
    if (this.closed) return Promise.reject(new Error('robot link is closed'));
    return this.statusBox.whenConnected(timeoutMs);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.houseTimer);
    this.probe.stop();
    this.services.rejectAll('robot link closed');
    this.actions.connectionLost();
    this.ros?.close();
    this.disposeTransport();
    this.statusBox.set({ state: 'closed', attempt: 0, reason: 'closed by operator' });
  }

  // ---- topics ----

  subscribe<T = unknown>(topic: string, opts: SubscribeOptions, cb: MessageHandler<T>): () => void {
    let entry = this.entries.get(topic);
    if (entry && !opts.expectSilence) entry.expectSilence = false;
    if (!entry) {
      entry = new TopicEntry(topic, opts, this.ingress, this.memoryBudget);
      this.entries.set(topic, entry);
      if (this.ros) {
        entry.rosTopic = new Topic({
          ros: this.ros,
          name: topic,
          messageType: opts.type,
          compression: opts.compression ?? 'none',
          throttle_rate: opts.throttleRate ?? 0,
          queue_length: opts.queueLength ?? 0,
          reconnect_on_close: true,
        });
        entry.rosTopic.subscribe(entry.onMessage);
      }
    } else if (entry.type !== opts.type) {
      this.problemLog.add(
        'wrong-type',
        `${topic} is already subscribed as ${entry.type}; a second subscriber asked for ${opts.type}`,
        topic,
      );
    }
    const e = entry;
    const handler = cb as MessageHandler;
    e.addHandler(handler);
    return () => {
      if (!e.removeHandler(handler) || this.entries.get(topic) !== e) return;
      e.rosTopic?.unsubscribe();
      e.release();
      this.entries.delete(topic);
    };
  }

  private patchOutgoing(frame: Record<string, unknown>): void {
    if (frame.op === 'subscribe' && typeof frame.topic === 'string') {
      const size = this.entries.get(frame.topic)?.fragmentSize;
      if (size !== undefined) frame.fragment_size = size;
    }
    this.linkTap.noteOutgoing(frame);
  }

  advertise<T = unknown>(topic: string, type: string, opts: AdvertiseOptions = {}): SendingPublisher<T> {
    if (!this.ros) return { publish: () => false, unadvertise: () => {} };
    return makePublisher<T>(this.ros, this.publisherHost, topic, type, opts);
  }

  latest<T = unknown>(topic: string): { msg: T; receivedAt: number } | undefined {
    const e = this.entries.get(topic);
    return e && e.hasLatest ? { msg: e.latestMsg as T, receivedAt: e.latestAt } : undefined;
  }

  topicStats(): TopicStats[] {
    const now = Date.now();
    return [...this.entries.values()].map((e) => e.stats.snapshot(now));
  }

  lastReceivedAt(): number {
    return this.ingress.lastFrameAt;
  }

  // ---- services, actions ----

  callService<Res = unknown>(service: string, type: string, args: unknown, timeoutMs?: number): Promise<Res> {
    this.linkTap.serviceType(service, type);
    return this.services.call(service, type, args, timeoutMs ?? this.opts.serviceTimeoutMs ?? 10_000, true) as Promise<Res>;
  }

  /** For the link's own rosapi calls: failures are the caller's to report. */
  private readonly callQuiet = (service: string, type: string, args: unknown, timeoutMs?: number): Promise<unknown> => {
    this.linkTap.serviceType(service, type);
    return this.services.call(service, type, args, timeoutMs ?? this.opts.serviceTimeoutMs ?? 10_000, false);
  };

  async getParam<T = unknown>(name: string): Promise<T | null> {
    const values = await this.callService('/rosapi/get_param', 'rosapi/GetParam', { name });
    return paramFromRosapi(values) as T | null;
  }

  introspect(): Promise<Introspection> {
    return introspect((s, t, a, ms) => this.callService(s, t, a, ms));
  }

  sendActionGoal<G = unknown, R = unknown, F = unknown>(
    action: string,
    actionType: string,
    goal: G,
    opts?: ActionGoalOptions<F>,
  ): ActionGoalHandle<R, F> {
    return this.actions.send<G, R, F>(action, actionType, goal, opts);
  }

  capabilities(): LinkCapabilities {
    return this.caps.get();
  }

  onCapabilities(cb: (c: LinkCapabilities) => void): () => void {
    return this.caps.subscribe(cb);
  }

  // ---- tap, memory, problems ----

  tap(cb: (e: TapEvent) => void): () => void {
    return this.linkTap.add(cb);
  }

  private tappingChanged(on: boolean): void {
    this.ingress.tapping = on;
    this.setWorkerTapping(on);
  }

  memory(): LinkMemory {
    return this.memoryBudget.snapshot();
  }

  problems(): readonly LinkProblem[] {
    return this.problemLog.list();
  }

  onProblem(cb: (p: LinkProblem) => void): () => void {
    return this.problemLog.subscribe(cb);
  }

  reportProblem(kind: ProblemKind, message: string, topic?: string): void {
    this.problemLog.add(kind, message, topic, `${kind}|${topic ?? ''}|${message}`);
  }

  counters(): LinkCounters {
    const { frames, malformed, oversized, fragmentsDropped } = this.ingress.counters;
    return { frames, malformed, oversized, fragmentsDropped };
  }
}

/**
 * Open a link to one robot's rosbridge at `url` (ws:// or wss://); it connects, and keeps reconnecting, by
 * itself. A bad URL throws BadUrlError with the reason in plain words, or with `onBadUrl: 'fail'` gives a link
 * in state 'failed' whose status reason (and whose service calls' rejection) says what is wrong.
 */
export function createRobotLink(url: string, opts: RobotLinkOptions = {}): LiveRobotLink {
  const problem = robotUrlProblem(url);
  if (problem !== undefined && (opts.onBadUrl ?? 'throw') === 'throw') throw new BadUrlError(url, problem);
  return new RobotLinkImpl(url, opts);
}
