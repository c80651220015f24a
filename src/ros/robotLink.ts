import { Ros, Service, Topic, type ITransportFactory } from 'roslib';
import { ProblemLog } from './problemLog';
import { DEFAULT_BACKOFF, backoffDelay, closeReason, type BackoffOptions } from './reconnect';
import { LatencyProbe } from './latencyProbe';
import { introspect, listTopics, paramFromRosapi } from './rosapi';
import { SilenceWatch } from './silenceWatch';
import { TopicEntry } from './topicEntry';
import { inlineTransportFactory } from './transport/inlineTransport';
import type { LinkIngress } from './transport/linkTransport';
import type { SocketEnd, SocketFactory } from './transport/socket';
import { workerTransportFactory, type WorkerLike } from './transport/workerTransport';
import {
  BadUrlError,
  ServiceError,
  type Introspection,
  type LinkProblem,
  type LinkStatus,
  type MessageHandler,
  type Publisher,
  type RobotLink,
  type SubscribeOptions,
  type TopicStats,
} from './types';
import { robotUrlProblem } from './url';

export interface RobotLinkOptions {
  /** 'auto' (default): a Web Worker when the platform has one (browser/Electron renderer), else inline. */
  transport?: 'auto' | 'worker' | 'inline';
  /** Inline transport only: where sockets come from (default: WebSocket, or the `ws` package in Node). */
  socketFactory?: SocketFactory;
  /** Worker transport only: how to start the link worker (default: Vite's linkWorker.ts worker). */
  createWorker?: () => WorkerLike;
  /** Frames larger than this are dropped and reported. Default 64 MB. */
  maxFrameBytes?: number;
  /** Give up a connection attempt after this long. Default 8 s. */
  connectTimeoutMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** Connection attempts in a row before the link gives up with state 'failed'. Default: never give up. */
  maxAttempts?: number;
  /** A subscription with no data for this long is reported silent. Default 5 s. */
  silenceMs?: number;
  /** rosapi/get_time latency/clock probe period; 0 disables. Default 2 s. */
  pingIntervalMs?: number;
  /** Default callService timeout. Default 10 s. */
  serviceTimeoutMs?: number;
  /** Problems kept. Default 200. */
  maxProblems?: number;
  /** console.warn at most once per problem kind+topic per this many ms. Default 10 s. */
  warnIntervalMs?: number;
  random?: () => number;
  /** A URL that is not ws:// or wss:// with a host: 'throw' (default) a BadUrlError, or 'fail': return a link in state 'failed'. */
  onBadUrl?: 'throw' | 'fail';
}

interface PendingCall {
  reject(e: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

class RobotLinkImpl implements RobotLink {
  private current: LinkStatus;
  private readonly statusListeners = new Set<(s: LinkStatus) => void>();
  private readonly problemLog: ProblemLog;
  private readonly entries = new Map<string, TopicEntry>();
  private readonly pending = new Set<PendingCall>();
  private readonly ingress: LinkIngress;
  private readonly ros: Ros | undefined;
  private readonly badUrl: BadUrlError | undefined;
  private readonly silence: SilenceWatch;
  private readonly backoff: BackoffOptions;
  private disposeTransport: () => void = () => {};
  private closed = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setInterval> | undefined;
  private readonly probe: LatencyProbe;

  constructor(
    readonly url: string,
    private readonly opts: RobotLinkOptions,
  ) {
    this.problemLog = new ProblemLog({ max: opts.maxProblems, warnIntervalMs: opts.warnIntervalMs, label: url });
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.current = { state: 'connecting', url, attempt: 0 };
    this.ingress = {
      receivedAt: 0,
      counters: { frames: 0, malformed: 0, oversized: 0, fragmentsDropped: 0 },
      outgoing: (frame) => this.patchOutgoing(frame),
      opened: () => this.onOpened(),
      ended: (end) => this.onEnded(end),
      problem: (kind, text, topic) => this.problemLog.add(kind, text, topic),
    };
    this.probe = new LatencyProbe(
      this.callQuiet,
      (figure) => this.setStatus({ ...this.current, ...figure }),
      (text) => this.problemLog.add('timeout', text),
      opts.pingIntervalMs ?? 2000,
    );
    const silenceMs = opts.silenceMs ?? 5000;
    this.silence = new SilenceWatch({
      silenceMs,
      listTopics: () => listTopics(this.callQuiet, 5000),
      report: (kind, message, topic) => this.problemLog.add(kind, message, topic),
    });

    const problem = robotUrlProblem(url);
    if (problem !== undefined) {
      this.badUrl = new BadUrlError(url, problem);
      this.current = { state: 'failed', url, attempt: 0, reason: this.badUrl.message };
      this.problemLog.add('bad-url', this.badUrl.message);
      return;
    }
    this.ros = new Ros({ transportFactory: this.makeTransportFactory() });
    this.ros.on('error', () => {
      // Transport errors arrive through ingress.ended with the reason; roslib's copy adds nothing.
    });
    this.silenceTimer = setInterval(
      () => this.silence.check(this.entries.values(), this.current.connectedSince),
      Math.min(1000, silenceMs / 2),
    );
    this.connect();
  }

  // ---- status ----

  status(): LinkStatus {
    return this.current;
  }

  onStatus(cb: (s: LinkStatus) => void): () => void {
    this.statusListeners.add(cb);
    return () => this.statusListeners.delete(cb);
  }

  private setStatus(next: Omit<LinkStatus, 'url'>): void {
    this.current = { ...next, url: this.url };
    for (const cb of this.statusListeners) {
      try {
        cb(this.current);
      } catch (e) {
        console.error('robot link: status listener threw', e);
      }
    }
  }

  // ---- connection ----

  private makeTransportFactory(): ITransportFactory {
    const { transport = 'auto', maxFrameBytes, connectTimeoutMs } = this.opts;
    const hasWorker = typeof Worker !== 'undefined' && typeof window !== 'undefined';
    const useWorker = transport === 'worker' || (transport === 'auto' && this.opts.socketFactory === undefined && hasWorker);
    if (useWorker) {
      const w = workerTransportFactory(this.ingress, { maxFrameBytes, connectTimeoutMs, createWorker: this.opts.createWorker });
      this.disposeTransport = w.dispose;
      return w.factory;
    }
    return inlineTransportFactory(this.ingress, { maxFrameBytes, connectTimeoutMs, socketFactory: this.opts.socketFactory });
  }

  private connect(): void {
    this.retryTimer = undefined;
    if (this.closed || !this.ros) return;
    this.ros.connect(this.url).catch((e: unknown) => this.onEnded({ everOpened: false, error: errorText(e) }));
  }

  private onOpened(): void {
    if (this.closed) return;
    this.setStatus({ state: 'connected', attempt: 0, connectedSince: Date.now() });
    this.probe.start();
  }

  private onEnded(end: SocketEnd): void {
    this.probe.stop();
    for (const p of [...this.pending]) p.reject(new Error('connection to the robot was lost before the answer came'));
    if (this.closed) return;
    const reason = closeReason(end.code, end.reason, end.everOpened, end.error);
    this.problemLog.add('connection', reason);
    const attempt = this.current.attempt + 1;
    const { latencyMs, clockOffsetMs } = this.current;
    if (this.opts.maxAttempts !== undefined && attempt >= this.opts.maxAttempts) {
      this.setStatus({ state: 'failed', attempt, reason: `${reason}; gave up after ${attempt} attempts`, latencyMs, clockOffsetMs });
      return;
    }
    const delay = backoffDelay(attempt, this.backoff, this.opts.random);
    this.setStatus({ state: 'reconnecting', attempt, reason, nextRetryAt: Date.now() + delay, latencyMs, clockOffsetMs });
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private isConnected(): boolean {
    return this.current.state === 'connected';
  }

  private waitConnected(timeoutMs: number): Promise<void> {
    if (this.isConnected()) return Promise.resolve();
    const { state, reason } = this.current;
    if (state === 'failed' || state === 'closed') return Promise.reject(new Error(`robot link ${state}: ${reason ?? ''}`));
    return new Promise((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer);
        off();
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(
        () => done(new Error(`not connected to the robot within ${timeoutMs} ms (${this.current.reason ?? this.current.state})`)),
        timeoutMs,
      );
      const off = this.onStatus((s) => {
        if (s.state === 'connected') done();
        else if (s.state === 'failed' || s.state === 'closed') done(new Error(`robot link ${s.state}: ${s.reason ?? ''}`));
      });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.silenceTimer);
    this.probe.stop();
    for (const p of [...this.pending]) p.reject(new Error('robot link closed'));
    this.ros?.close();
    this.disposeTransport();
    this.setStatus({ state: 'closed', attempt: 0, reason: 'closed by operator' });
  }

  // ---- topics ----

  subscribe<T = unknown>(topic: string, opts: SubscribeOptions, cb: MessageHandler<T>): () => void {
    let entry = this.entries.get(topic);
    if (entry && !opts.expectSilence) entry.expectSilence = false;
    if (!entry) {
      entry = new TopicEntry(topic, opts, this.ingress);
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
      this.entries.delete(topic);
    };
  }

  private patchOutgoing(frame: Record<string, unknown>): void {
    if (frame.op !== 'subscribe' || typeof frame.topic !== 'string') return;
    const size = this.entries.get(frame.topic)?.fragmentSize;
    if (size !== undefined) frame.fragment_size = size;
  }

  advertise<T = unknown>(topic: string, type: string, opts: { latch?: boolean; queueSize?: number } = {}): Publisher<T> {
    if (!this.ros) return { publish: () => {}, unadvertise: () => {} };
    const rosTopic = new Topic<T>({
      ros: this.ros,
      name: topic,
      messageType: type,
      latch: opts.latch ?? false,
      queue_size: opts.queueSize ?? 100,
      reconnect_on_close: true,
    });
    rosTopic.advertise();
    let active = true;
    return {
      publish: (msg: T) => {
        if (!active) return;
        // roslib would queue it until the next connection; a stale command (cmd_vel, a goal) must not be
        // replayed to a robot minutes later, so it is dropped and reported instead.
        if (!this.isConnected()) {
          this.problemLog.add('connection', `not connected: dropped a message for ${topic}`, topic);
          return;
        }
        rosTopic.publish(msg);
      },
      unadvertise: () => {
        if (!active) return;
        active = false;
        rosTopic.unadvertise();
      },
    };
  }

  latest<T = unknown>(topic: string): { msg: T; receivedAt: number } | undefined {
    const e = this.entries.get(topic);
    return e && e.hasLatest ? { msg: e.latestMsg as T, receivedAt: e.latestAt } : undefined;
  }

  topicStats(): TopicStats[] {
    const now = Date.now();
    return [...this.entries.values()].map((e) => e.stats.snapshot(now));
  }

  // ---- services ----

  callService<Res = unknown>(service: string, type: string, args: unknown, timeoutMs?: number): Promise<Res> {
    return this.call(service, type, args, timeoutMs ?? this.opts.serviceTimeoutMs ?? 10_000, true) as Promise<Res>;
  }

  /** For the link's own rosapi calls: failures are the caller's to report. */
  private readonly callQuiet = (service: string, type: string, args: unknown, timeoutMs?: number): Promise<unknown> =>
    this.call(service, type, args, timeoutMs ?? this.opts.serviceTimeoutMs ?? 10_000, false);

  private async call(service: string, type: string, args: unknown, timeoutMs: number, report: boolean): Promise<unknown> {
    if (this.badUrl) throw this.badUrl;
    if (this.closed) throw new Error('robot link is closed');
    const started = Date.now();
    await this.waitConnected(timeoutMs);
    const ros = this.ros as Ros;
    return new Promise((resolve, reject) => {
      const finish = () => {
        clearTimeout(pending.timer);
        this.pending.delete(pending);
      };
      const pending: PendingCall = {
        reject: (e) => {
          finish();
          reject(e);
        },
        timer: setTimeout(
          () => {
            const e = new Error(`no answer from ${service} within ${timeoutMs} ms`);
            if (report) this.problemLog.add('timeout', e.message);
            pending.reject(e);
          },
          Math.max(0, timeoutMs - (Date.now() - started)),
        ),
      };
      this.pending.add(pending);
      new Service({ ros, name: service, serviceType: type }).callService(
        args as Record<string, unknown>,
        (values: unknown) => {
          finish();
          resolve(values);
        },
        (err: unknown) => {
          const text = typeof err === 'string' ? err : JSON.stringify(err);
          if (report) this.problemLog.add('service-error', `${service}: ${text}`);
          pending.reject(new ServiceError(service, text));
        },
      );
    });
  }

  async getParam<T = unknown>(name: string): Promise<T | null> {
    const values = await this.callService('/rosapi/get_param', 'rosapi/GetParam', { name });
    return paramFromRosapi(values) as T | null;
  }

  introspect(): Promise<Introspection> {
    return introspect((s, t, a, ms) => this.callService(s, t, a, ms));
  }

  // ---- problems ----

  problems(): readonly LinkProblem[] {
    return this.problemLog.list();
  }

  onProblem(cb: (p: LinkProblem) => void): () => void {
    return this.problemLog.subscribe(cb);
  }

  counters(): { frames: number; malformed: number; oversized: number; fragmentsDropped: number } {
    return { ...this.ingress.counters };
  }
}

/**
 * Open a link to one robot's rosbridge at `url` (ws:// or wss://); it connects, and keeps reconnecting, by
 * itself. A bad URL throws BadUrlError with the reason in plain words, or with `onBadUrl: 'fail'` gives a link
 * in state 'failed' whose status reason (and whose service calls' rejection) says what is wrong.
 */
export function createRobotLink(url: string, opts: RobotLinkOptions = {}): RobotLink {
  const problem = robotUrlProblem(url);
  if (problem !== undefined && (opts.onBadUrl ?? 'throw') === 'throw') throw new BadUrlError(url, problem);
  return new RobotLinkImpl(url, opts);
}
