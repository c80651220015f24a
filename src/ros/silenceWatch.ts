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
  /** Who publishes a topic (rosapi/publishers: node names). Rejects when rosapi cannot say. */
  publishers?: (topic: string) => Promise<string[]>;
  report: (kind: ProblemKind, message: string, topic: string) => void;
}

export function silentText(topic: string, type: string): string {
  return `no data on ${topic} (type ${type}?)`;
}

/** ROS 2 rosapi writes "pkg/msg/Type" for what a ROS 1-style subscription calls "pkg/Type". */
export function sameRosType(a: string, b: string): boolean {
  const norm = (t: string) => t.replace('/msg/', '/');
  return norm(a) === norm(b);
}

/** A topic that had a steady stream counts as fallen silent after this many of its usual intervals. */
const STOPPED_INTERVALS = 5;

interface Silent {
  item: WatchedTopic;
  /** The text it was flagged with (an explanation only replaces that text, never a newer one). */
  text: string;
  /** It had data on this connection and stopped. */
  stopped: boolean;
}

/**
 * Finds subscriptions that get no data and says why in plain words. rosbridge reports a wrong type, an
 * unknown type or a failing encoder only in its own log, so the console's evidence is silence plus what
 * rosapi says: the topic's type (rosapi/topics) and who publishes it (rosapi/publishers). A topic listed
 * only because some subscriber (this console, say) registered it is not "on the robot": nobody publishes
 * it. A stream that stops is re-checked the same way, which is how a publisher restarted with another
 * type shows up. `check` is cheap and meant to run about once a second.
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
    const fresh: Silent[] = [];
    for (const item of items) {
      if (item.stats.silentReason !== undefined || item.expectSilence) continue;
      const s = item.stats;
      // Only "nothing since (re)subscribing on this connection" counts: a latched /map that came once is fine.
      const since = Math.max(item.watchFrom, connectedSince);
      let text: string;
      let stopped = false;
      if (s.lastAt === undefined || s.lastAt < since) {
        if (now - since < this.opts.silenceMs) continue;
        text = silentText(item.topic, item.type);
      } else {
        const interval = s.meanIntervalMs();
        if (interval === undefined || now - s.lastAt < Math.max(this.opts.silenceMs, STOPPED_INTERVALS * interval)) continue;
        text = `no data on ${item.topic} for ${Math.round((now - s.lastAt) / 1000)} s (it came at ${(1000 / interval).toFixed(1)} Hz)`;
        stopped = true;
      }
      s.silentReason = text;
      this.opts.report('silent-topic', text, item.topic);
      fresh.push({ item, text, stopped });
    }
    if (fresh.length === 0) return;
    this.opts.listTopics().then(
      (topics) => {
        for (const f of fresh) this.explain(f, topics);
      },
      () => {
        // No rosapi (or no answer): "no data on /x (type y?)" is all that can be said.
      },
    );
  }

  private set(f: Silent, kind: ProblemKind, text: string): void {
    if (f.item.stats.silentReason !== f.text) return; // data came, or already explained
    f.item.stats.silentReason = text;
    f.text = text;
    this.opts.report(kind, text, f.item.topic);
  }

  private explain(f: Silent, topics: TopicInfo[]): void {
    if (f.item.stats.silentReason !== f.text) return;
    const { topic, type } = f.item;
    const onRobot = topics.find((t) => t.name === topic);
    if (!onRobot) return this.set(f, 'silent-topic', `nobody publishes ${topic}`);
    if (onRobot.type !== '' && !sameRosType(onRobot.type, type)) {
      const had = f.item.stats.count > 0;
      return this.set(
        f,
        'wrong-type',
        had
          ? `${topic} changed type on the robot: now ${onRobot.type}, subscribed as ${type}`
          : `${topic} is ${onRobot.type} on the robot, subscribed as ${type}`,
      );
    }
    if (!this.opts.publishers) return;
    this.opts.publishers(topic).then(
      (nodes) => {
        if (nodes.length === 0) return this.set(f, 'silent-topic', `nobody publishes ${topic}`);
        const by = nodes.slice(0, 3).join(', ') + (nodes.length > 3 ? ` and ${nodes.length - 3} more` : '');
        const c = f.item.compression;
        // Seen with rosbridge 0.11.17: its CBOR encoder fails on string[] fields and tells the client nothing.
        const hint =
          c === 'cbor' || c === 'cbor-raw' || c === 'png'
            ? `; its rosbridge may be failing to encode it as ${c}; try compression "none"`
            : " (the robot's rosbridge log may say why)";
        this.set(
          f,
          'silent-topic',
          f.stopped
            ? `${topic} stopped arriving; it is still published by ${by}${hint}`
            : `${topic} is published by ${by}, but nothing arrives${hint}`,
        );
      },
      () => {
        // rosapi cannot say who publishes it: the plain text is what is true
      },
    );
  }
}
