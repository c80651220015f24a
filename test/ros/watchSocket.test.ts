// A runtime that reports a failed connect with an error and no close event (Node 22's built-in WebSocket
// does this on a refused connect) still ends the attempt at once, not after the connect timeout.
import { describe, expect, it, vi } from 'vitest';
import { watchSocket, type SocketEnd, type SocketLike } from '../../src/ros/transport/socket';

function bareSocket(): SocketLike {
  return {
    binaryType: 'arraybuffer',
    readyState: 0,
    send() {},
    close() {},
    onopen: null,
    onmessage: null,
    onerror: null,
    onclose: null,
  } as unknown as SocketLike;
}

describe('watchSocket', () => {
  it('ends an attempt shortly after an error before open when no close event follows', async () => {
    vi.useFakeTimers();
    try {
      const socket = bareSocket();
      const ends: SocketEnd[] = [];
      watchSocket(socket, { open() {}, frame() {}, end: (e) => ends.push(e) }, 10_000);
      socket.onerror?.({ message: 'connect ECONNREFUSED 127.0.0.1:9' });
      expect(ends).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(200);
      expect(ends).toEqual([{ everOpened: false, error: 'connect ECONNREFUSED 127.0.0.1:9' }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports one end with the close code when the close event comes after the error', async () => {
    vi.useFakeTimers();
    try {
      const socket = bareSocket();
      const ends: SocketEnd[] = [];
      watchSocket(socket, { open() {}, frame() {}, end: (e) => ends.push(e) }, 10_000);
      socket.onerror?.({});
      socket.onclose?.({ code: 1006, reason: '' });
      await vi.advanceTimersByTimeAsync(500);
      expect(ends).toEqual([{ everOpened: false, code: 1006, reason: '', error: undefined }]);
    } finally {
      vi.useRealTimers();
    }
  });
});
