import { createRobotLink, type RobotLinkOptions } from '../../src/ros/robotLink';
import { LoopbackSocket } from '../../src/ros/transport/loopbackSocket';

export type Answer = (frame: Record<string, unknown>) => unknown;

/**
 * A link on LoopbackSockets. Each new socket opens at once (unless `refuse` says otherwise) and rosapi
 * calls are answered from `services` (values, or a string for a failure as rosbridge does).
 */
export function loopbackLink(opts: RobotLinkOptions & { services?: Record<string, Answer>; refuse?: () => boolean } = {}) {
  const sockets: LoopbackSocket[] = [];
  const services: Record<string, Answer> = {
    '/rosapi/get_time': () => ({ time: { secs: Math.floor(Date.now() / 1000) + 100, nsecs: 0 } }),
    ...opts.services,
  };
  const link = createRobotLink('ws://robot.test:9090', {
    transport: 'inline',
    pingIntervalMs: 0,
    ...opts,
    socketFactory: (url) => {
      const s = new LoopbackSocket(url);
      sockets.push(s);
      s.onSend = (f) => {
        if (f.op !== 'call_service') return;
        const answer = services[String(f.service)];
        if (!answer) return;
        const values = answer(f);
        queueMicrotask(() =>
          s.receive(JSON.stringify({ op: 'service_response', service: f.service, values, result: typeof values !== 'string', id: f.id })),
        );
      };
      setTimeout(() => (opts.refuse?.() ? s.serverRefuse() : s.serverOpen()), 0);
      return s;
    },
  });
  return { link, sockets, last: () => sockets[sockets.length - 1] };
}
