import type { TopicStatsTracker } from './topicStats';
import type { Compression, ProblemKind, TopicInfo } from './types';

export interface WatchedTopic {
  topic: string;
  type: string;
  compression?: Compression;
  stats: TopicStatsTracker;
  /** Epoch ms from which silence counts (when the subscription was made). */
  watchFrom: number;
  /** Quiet by nature (event topics): never reported. */
  expectSilence?: boolean;
}

export interface SilenceWatchOptions {
  /** A subscription with no data for this long is silent. */
  silenceMs: number;
  now?: () => number;
  /** The robot's topics with types (rosapi/topics), to explain the silence. */
  listTopics: () => Promise<TopicInfo[]>;
  report: (kind: ProblemKind, message: string, topic: string) => void;
}

export function silentText(topic: string, type: string): string {
  return `no data on ${topic} (type ${type}?)`;
}

/**
 * Finds subscriptions that get no data and says why in plain words. rosbridge reports a wrong type, an
 * unknown type or a failing encoder only in its own log, so the console's only evidence is silence plus
 * what rosapi says the robot publishes. `check` is cheap and meant to run about once a second.
 */
export class SilenceWatch {
  private readonly now: () => number;

  constructor(private readonly opts: SilenceWatchOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** Flag subscriptions silent for `silenceMs` (counting only connected time), then ask rosapi why. */
  check(items: Iterable<WatchedTopic>, connectedSince: number | undefined): void {
    if (connectedSince === undefined) return;
    const now = this.now();
    const fresh: WatchedTopic[] = [];
    for (const item of items) {
      if (item.stats.silentReason !== undefined || item.expectSilence) continue;
      // Only "nothing since (re)subscribing on this connection" counts: a latched /map that came once is fine.
      const since = Math.max(item.watchFrom, connectedSince);
      if (item.stats.lastAt !== undefined && item.stats.lastAt >= since) continue;
      if (now - since < this.opts.silenceMs) continue;
      const text = silentText(item.topic, item.type);
      item.stats.silentReason = text;
      this.opts.report('silent-topic', text, item.topic);
      fresh.push(item);
    }
    if (fresh.length === 0) return;
    this.opts.listTopics().then(
      (topics) => {
        for (const item of fresh) this.explain(item, topics);
      },
      () => {
        // No rosapi (or no answer): "no data on /x (type y?)" is all that can be said.
      },
    );
  }

  private explain(item: WatchedTopic, topics: TopicInfo[]): void {
    if (item.stats.silentReason !== silentText(item.topic, item.type)) return; // data came, or already explained
    const onRobot = topics.find((t) => t.name === item.topic);
    if (!onRobot) {
      const text = `no publisher for ${item.topic}`;
      item.stats.silentReason = text;
      this.opts.report('silent-topic', text, item.topic);
    } else if (onRobot.type !== '' && onRobot.type !== item.type) {
      const text = `${item.topic} is ${onRobot.type} on the robot, subscribed as ${item.type}`;
      item.stats.silentReason = text;
      this.opts.report('wrong-type', text, item.topic);
    } else if (item.compression === 'cbor' || item.compression === 'cbor-raw') {
      // Seen with rosbridge 0.11.17: its CBOR encoder fails on string[] fields and tells the client nothing.
      const text = `${silentText(item.topic, item.type)}: the robot has the topic, so its rosbridge may be failing to encode it as ${item.compression}; try compression "none"`;
      item.stats.silentReason = text;
      this.opts.report('silent-topic', text, item.topic);
    }
  }
}
