// A WebSocket proxy for e2e specs that can freeze a link without closing it: while frozen nothing is forwarded
// in either direction (frames are dropped, both sockets stay open), like a proxy or Wi-Fi that stops passing
// data. It records, with its arrival time, every /cmd_vel publish the console sent, forwarded or not.
import WebSocket, { WebSocketServer, type RawData } from 'ws';

export interface SentTwist {
  at: number;
  x: number;
  z: number;
  forwarded: boolean;
}

export interface FreezeProxy {
  url: string;
  freeze(): void;
  unfreeze(): void;
  /** Every /cmd_vel publish the console sent through the proxy (bounded). */
  twists: readonly SentTwist[];
  close(): Promise<void>;
}

const MAX_TWISTS = 5000;

function twistOf(data: RawData, isBinary: boolean): { x: number; z: number } | undefined {
  if (isBinary) return undefined;
  try {
    const m = JSON.parse(data.toString()) as { op?: string; topic?: string; msg?: { linear?: { x?: number }; angular?: { z?: number } } };
    if (m.op !== 'publish' || m.topic !== '/cmd_vel') return undefined;
    return { x: m.msg?.linear?.x ?? 0, z: m.msg?.angular?.z ?? 0 };
  } catch {
    return undefined;
  }
}

export async function startFreezeProxy(target: string): Promise<FreezeProxy> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  let frozen = false;
  const twists: SentTwist[] = [];
  wss.on('connection', (client) => {
    const upstream = new WebSocket(target);
    const early: { data: RawData; isBinary: boolean }[] = [];
    upstream.on('open', () => {
      for (const m of early.splice(0)) upstream.send(m.data, { binary: m.isBinary });
    });
    client.on('message', (data, isBinary) => {
      const tw = twistOf(data, isBinary);
      if (tw) {
        twists.push({ at: Date.now(), ...tw, forwarded: !frozen });
        if (twists.length > MAX_TWISTS) twists.shift();
      }
      if (frozen) return;
      if (upstream.readyState === WebSocket.OPEN) upstream.send(data, { binary: isBinary });
      else if (upstream.readyState === WebSocket.CONNECTING) early.push({ data, isBinary });
    });
    upstream.on('message', (data, isBinary) => {
      if (!frozen && client.readyState === WebSocket.OPEN) client.send(data, { binary: isBinary });
    });
    client.on('close', () => upstream.close());
    upstream.on('close', () => client.close());
    client.on('error', () => upstream.close());
    upstream.on('error', () => client.close());
  });
  const addr = wss.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${addr.port}`,
    freeze: () => {
      frozen = true;
    },
    unfreeze: () => {
      frozen = false;
    },
    twists,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}
