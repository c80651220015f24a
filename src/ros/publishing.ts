import { Topic, type Ros } from 'roslib';
import type { AdvertiseOptions, Publisher, SendingPublisher } from './types';

/**
 * Publish and tell whether the message left now. A publisher advertised with `dropIfUnsendable` on the robot
 * link answers that itself (false: not connected, or the socket is backed up, and the message was dropped);
 * other publishers (replays, test fakes) count as sent.
 */
export function publishIfSendable<T>(pub: Publisher<T>, msg: T): boolean {
  return (pub.publish as (m: T) => unknown)(msg) !== false;
}

export interface PublisherHost {
  connected(): boolean;
  /** Unsent bytes on the current socket. */
  unsent(): number;
  dropAboveBytes: number;
  /** Topics whose publish frames the transport drops when the socket is backed up. */
  dropTopics: Set<string>;
  /** Dropping publishers per topic (a topic leaves dropTopics with its last one). */
  dropCounts: Map<string, number>;
  report(text: string, topic: string, key?: string): void;
}

/**
 * A roslib publisher that never queues: roslib would hold a message until the next connection, but a stale
 * command (cmd_vel, a goal) must not be replayed to a robot minutes later, so it is dropped and reported.
 * With `dropIfUnsendable` it is also dropped while the socket is backed up, and `publish` says whether it left.
 */
export function makePublisher<T>(ros: Ros, host: PublisherHost, topic: string, type: string, opts: AdvertiseOptions): SendingPublisher<T> {
  const rosTopic = new Topic<T>({
    ros,
    name: topic,
    messageType: type,
    latch: opts.latch ?? false,
    queue_size: opts.queueSize ?? 100,
    reconnect_on_close: true,
  });
  rosTopic.advertise();
  const dropping = opts.dropIfUnsendable === true;
  const byTopic = host.dropCounts;
  if (dropping) {
    byTopic.set(topic, (byTopic.get(topic) ?? 0) + 1);
    host.dropTopics.add(topic);
  }
  let active = true;
  return {
    publish: (msg: T): boolean => {
      if (!active) return false;
      if (!host.connected()) {
        host.report(`not connected: dropped a message for ${topic}`, topic);
        return false;
      }
      const unsent = host.unsent();
      if (dropping && unsent > host.dropAboveBytes) {
        host.report(`socket backed up (${unsent} bytes unsent): dropped a message for ${topic}`, topic, 'connection|backed-up');
        return false;
      }
      rosTopic.publish(msg);
      return true;
    },
    unadvertise: () => {
      if (!active) return;
      active = false;
      rosTopic.unadvertise();
      if (!dropping) return;
      const left = (byTopic.get(topic) ?? 1) - 1;
      if (left > 0) byTopic.set(topic, left);
      else {
        byTopic.delete(topic);
        host.dropTopics.delete(topic);
      }
    },
  };
}
