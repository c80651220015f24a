import type { LinkStatus, MessageHandler, RobotLink, SubscribeOptions, TopicInfo } from '../../../../src/ros/types';

/** Just enough RobotLink for the camera pipeline: records subscriptions, lets the test push messages. */
export function fakeLink(topics: TopicInfo[] = [], status: Partial<LinkStatus> = {}) {
  const subs: { topic: string; opts: SubscribeOptions; cb: MessageHandler; active: boolean }[] = [];
  const link = {
    url: 'ws://fake:9090',
    status: () => ({ state: 'connected', url: 'ws://fake:9090', attempt: 0, ...status }) as LinkStatus,
    onStatus: () => () => {},
    subscribe: (topic: string, opts: SubscribeOptions, cb: MessageHandler) => {
      const s = { topic, opts, cb, active: true };
      subs.push(s);
      return () => {
        s.active = false;
      };
    },
    introspect: async () => ({ topics, services: [], params: [] }),
  } as unknown as RobotLink;
  const push = (topic: string, msg: unknown, at = Date.now()) => {
    for (const s of subs) if (s.active && s.topic === topic) s.cb(msg, at);
  };
  return { link, subs, push };
}
