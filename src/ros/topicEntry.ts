import type { Topic } from 'roslib';
import type { KeptValue, LinkMemoryBudget } from './linkMemory';
import type { WatchedTopic } from './silenceWatch';
import { TopicStatsTracker } from './topicStats';
import type { LinkIngress } from './transport/linkTransport';
import type { Compression, MessageHandler, SubscribeOptions } from './types';

/**
 * One subscribed topic of a link: its roslib Topic, consumers, latest message and stats. `onMessage` is the
 * per-message hot path: it only updates plain fields and calls the consumers.
 */
export class TopicEntry implements WatchedTopic, KeptValue {
  readonly type: string;
  readonly compression: Compression;
  readonly fragmentSize: number | undefined;
  readonly stats: TopicStatsTracker;
  readonly watchFrom = Date.now();
  /** True while every consumer of this topic expects it to be quiet (see SubscribeOptions.expectSilence). */
  expectSilence: boolean;
  rosTopic: Topic<unknown> | undefined = undefined;
  hasLatest = false;
  latestMsg: unknown = undefined;
  latestAt = 0;
  /** Size of the frame that carried the kept message (what the memory budget counts). */
  latestBytes = 0;
  /** Replaced (never mutated) on change, so a consumer unsubscribing during dispatch is safe. */
  private handlers: MessageHandler[] = [];

  constructor(
    readonly topic: string,
    opts: SubscribeOptions,
    private readonly ingress: LinkIngress,
    private readonly memory: LinkMemoryBudget,
  ) {
    this.type = opts.type;
    this.compression = opts.compression ?? 'none';
    this.fragmentSize = opts.fragmentSize;
    this.expectSilence = opts.expectSilence ?? false;
    this.stats = new TopicStatsTracker(topic, opts.type);
  }

  addHandler(cb: MessageHandler): void {
    this.handlers = [...this.handlers, cb];
  }

  /** Returns true when that was the last consumer. */
  removeHandler(cb: MessageHandler): boolean {
    const i = this.handlers.indexOf(cb);
    if (i >= 0) this.handlers = this.handlers.filter((_, j) => j !== i);
    return this.handlers.length === 0;
  }

  dropLatest(): void {
    this.memory.latest -= this.latestBytes;
    this.latestBytes = 0;
    this.hasLatest = false;
    this.latestMsg = undefined;
  }

  /** The subscription ends: what it kept no longer counts. */
  release(): void {
    this.dropLatest();
  }

  readonly onMessage = (msg: unknown): void => {
    const at = this.ingress.receivedAt;
    const bytes = this.ingress.frameBytes;
    const memory = this.memory;
    memory.latest += bytes - this.latestBytes;
    this.latestBytes = bytes;
    this.stats.record(at);
    if (this.stats.silentReason !== undefined) this.stats.silentReason = undefined;
    this.hasLatest = true;
    this.latestMsg = msg;
    this.latestAt = at;
    const hs = this.handlers;
    for (let i = 0; i < hs.length; i++) {
      try {
        hs[i](msg, at);
      } catch (e) {
        // A consumer's bug must not stop the others or the link.
        console.error(`robot link: a handler for ${this.topic} threw`, e);
      }
    }
    if (memory.latest > memory.cap) memory.over();
  };
}
