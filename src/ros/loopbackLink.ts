import { createRobotLink, type RobotLinkOptions } from './robotLink';
import { LoopbackSocket } from './transport/loopbackSocket';
import type { LiveRobotLink } from './types';

/**
 * A connected link whose "robot" is an in-memory socket: `socket.receive(frame)` pushes a raw frame (string
 * or bytes) through exactly the link's decode and dispatch path, without a network. For benchmarks and
 * tests. Pings are off unless asked for.
 */
export async function createLoopbackLink(
  opts: Omit<RobotLinkOptions, 'transport' | 'socketFactory'> = {},
): Promise<{ link: LiveRobotLink; socket: LoopbackSocket }> {
  let socket: LoopbackSocket | undefined;
  const link = createRobotLink('ws://loopback.invalid:9090', {
    pingIntervalMs: 0,
    ...opts,
    transport: 'inline',
    socketFactory: (url) => (socket = new LoopbackSocket(url)),
  });
  while (!socket) await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 0)); // let roslib attach its transport listeners
  socket.serverOpen();
  if (link.status().state !== 'connected') throw new Error(`loopback link did not connect (${link.status().state})`);
  return { link, socket };
}
