// One /cmd_vel publisher per robot link and topic, shared by teleop and e-stop so the robot sees one advertiser.
// Motion is never queued: a twist that cannot leave now (not connected, socket backed up) is dropped.
import type { Publisher, RobotLink } from '../../ros';
import { TWIST_TYPE, type Twist } from '../../contracts';

const cache = new WeakMap<RobotLink, Map<string, Publisher<Twist>>>();

export function cmdVelPublisher(link: RobotLink, topic: string): Publisher<Twist> {
  let byTopic = cache.get(link);
  if (!byTopic) cache.set(link, (byTopic = new Map()));
  let pub = byTopic.get(topic);
  if (!pub) byTopic.set(topic, (pub = link.advertise<Twist>(topic, TWIST_TYPE, { latch: false, queueSize: 1, dropIfUnsendable: true })));
  return pub;
}
