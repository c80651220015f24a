import type { Marker } from '../../src/scene/rosMsgs';

export function marker(p: Partial<Marker> & { id: number }): Marker {
  return {
    header: { stamp: { secs: 1, nsecs: 0 }, frame_id: 'map' },
    ns: 'places',
    type: 1,
    action: 0,
    pose: { position: { x: 1, y: 2, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } },
    scale: { x: 1, y: 1, z: 1 },
    color: { r: 1, g: 0, b: 0, a: 1 },
    lifetime: { secs: 0, nsecs: 0 },
    frame_locked: false,
    points: [],
    colors: [],
    text: '',
    mesh_resource: '',
    ...p,
  };
}

import type { MessageHandler, SubscribeOptions } from '../../src/ros/types';
import type { FeedLink } from '../../src/scene/robotFeed';

/** A link that lets a test push messages into whatever subscribed. */
export class FakeLink implements FeedLink {
  subs = new Map<string, Set<MessageHandler>>();
  params = new Map<string, unknown>();
  subscribeCalls: { topic: string; opts: SubscribeOptions }[] = [];
  subscribe<T>(topic: string, opts: SubscribeOptions, cb: MessageHandler<T>): () => void {
    this.subscribeCalls.push({ topic, opts });
    let set = this.subs.get(topic);
    if (!set) this.subs.set(topic, (set = new Set()));
    set.add(cb as MessageHandler);
    return () => set!.delete(cb as MessageHandler);
  }
  async getParam<T>(name: string): Promise<T | null> {
    return (this.params.get(name) as T) ?? null;
  }
  emit(topic: string, msg: unknown, at = Date.now()): void {
    for (const cb of this.subs.get(topic) ?? []) cb(msg, at);
  }
}

export function tfMsg(parent: string, child: string, t: number, x: number, y: number, yaw = 0) {
  return {
    transforms: [
      {
        header: { stamp: { secs: Math.floor(t), nsecs: Math.round((t % 1) * 1e9) }, frame_id: parent },
        child_frame_id: child,
        transform: {
          translation: { x, y, z: 0 },
          rotation: { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) },
        },
      },
    ],
  };
}
