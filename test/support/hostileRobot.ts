// A rosbridge server that attacks its client, driven by a table of attacks. It accepts a connection,
// waits for the client's first subscribe (so the topic's type is known), then does what the attack says.
// Used by test/ros/hostileRobot.test.ts against the robot link in Node.
import type { AddressInfo } from 'node:net';
import { concat, rawPng, zerosZlib } from './bytes';
import { WebSocketServer, type WebSocket } from 'ws';

export const TOPIC = '/x';
export const TYPE = 'std_msgs/String';

export interface AttackContext {
  conn: number;
  send(data: string | Uint8Array): void;
  close(code?: number): void;
  sleep(ms: number): Promise<void>;
  /** A valid message on TOPIC, numbered. */
  valid(n: number): string;
}

export interface Attack {
  name: string;
  /** Start at once on connecting instead of waiting for the client's subscribe. */
  immediate?: boolean;
  run(ctx: AttackContext): void | Promise<void>;
}

// ---------------------------------------------------------------- frame builders

const pngFrame = (png: Uint8Array) => JSON.stringify({ op: 'png', data: Buffer.from(png).toString('base64') });

/** CBOR: {op: "publish", topic: TOPIC, msg: {data: <value bytes>}} with `value` spliced in raw. */
function cborPublish(value: number[], padTo = 0): Uint8Array {
  const text = (s: string) => [0x60 + s.length, ...Buffer.from(s)];
  const head = [0xa3, ...text('op'), ...text('publish'), ...text('topic'), ...text(TOPIC), ...text('msg'), 0xa1, ...text('data')];
  const body = Uint8Array.from([...head, ...value]);
  return padTo > body.length ? concat([body, new Uint8Array(padTo - body.length)]) : body;
}

/** 10,000 levels of {"a": ...} around a number. */
export function deepJson(levels: number): string {
  return `{"op":"publish","topic":"${TOPIC}","msg":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`;
}

/** Every kind of bad frame the link already survives, as the recorded server's clients sent them (scenario 10) and more. */
export const MALFORMED: readonly (string | Uint8Array)[] = [
  'this is not json at all',
  '{"op": "subscribe", "topic": "/batt',
  '[1,2,3]',
  '{"id":"no-op-1","topic":"/battery"}',
  '{"op":"publish"}',
  '{"op":"publish","topic":42,"msg":{}}',
  '{"op":"png"}',
  '{"op":"png","data":"bm90IGEgcG5n"}',
  '{"op":"fragment","id":"f","data":5,"num":0,"total":2}',
  '{"op":"fragment","id":"f","data":"x","num":7,"total":2.5}',
  '{"op":"fragment","id":"g","data":"x","num":1,"total":3}',
  'null',
  '"just a string"',
  Uint8Array.from([0xff, 0x00, 0x13]),
  Uint8Array.from([0x5b]),
  new Uint8Array(0),
];

// ---------------------------------------------------------------- the table

export const ATTACKS: Record<string, Attack> = {
  pngBombHeader: {
    name: 'a 2 MB PNG frame claiming 20000×20000 pixels',
    run(ctx) {
      const junk = new Uint8Array(2 * 1024 * 1024);
      for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919) & 0xff;
      const frame = pngFrame(rawPng(20000, 20000, junk));
      for (let i = 0; i < 3; i++) ctx.send(frame);
      ctx.send(ctx.valid(1));
    },
  },
  pngBombZlib: {
    name: 'a PNG declaring 1000×1000 whose data inflates to 64 MB',
    run(ctx) {
      ctx.send(pngFrame(rawPng(1000, 1000, zerosZlib(64))));
      ctx.send(ctx.valid(1));
    },
  },
  cborHugeLengths: {
    name: 'CBOR declaring huge byte strings, arrays, maps and typed arrays, small and large frames',
    run(ctx) {
      const claims = [
        [0x5a, 0xff, 0xff, 0xff, 0xff, 1, 2, 3], // bytes(2^32-1)
        [0x9a, 0x7f, 0xff, 0xff, 0xff, 1], // array(2^31-1)
        [0xba, 0x7f, 0xff, 0xff, 0xff, 1], // map(2^31-1)
        [0xd8, 0x56, 0x5a, 0xff, 0xff, 0xff, 0xf0, 0], // Float32Array tag over bytes(~4 GB)
        [0x9b, 0, 0, 0, 1, 0, 0, 0, 0, 1], // array(2^32): over what JavaScript can hold
      ];
      for (const c of claims) {
        ctx.send(cborPublish(c));
        ctx.send(cborPublish(c, 512 * 1024)); // large frames take the scan before decoding
      }
      ctx.send(ctx.valid(1));
    },
  },
  fragmentFlood: {
    name: '2,000 first fragments of 200 KB, each of a different message',
    async run(ctx) {
      const data = `{"op":"publish","topic":"${TOPIC}","msg":{"data":"${'x'.repeat(200 * 1024)}`;
      for (let i = 0; i < 2000; i++) {
        ctx.send(JSON.stringify({ op: 'fragment', id: `m${i}`, data, num: 0, total: 10 }));
        if (i % 100 === 99) await ctx.sleep(1); // let the socket drain
      }
      ctx.send(ctx.valid(1));
    },
  },
  deepJson: {
    name: 'a message nested 10,000 levels deep, as JSON and as CBOR',
    run(ctx) {
      ctx.send(deepJson(10_000));
      ctx.send(cborPublish([...new Uint8Array(10_000).fill(0x81), 0x01]));
      ctx.send(ctx.valid(1));
    },
  },
  malformedStorm: {
    name: '10,000 malformed frames with a valid message after every 100',
    async run(ctx) {
      for (let i = 0; i < 10_000; i++) {
        ctx.send(MALFORMED[i % MALFORMED.length]);
        if (i % 100 === 99) {
          ctx.send(ctx.valid(i));
          await ctx.sleep(0);
        }
      }
    },
  },
  hugeServiceError: {
    name: 'a 1 MB error text for every service call',
    run() {
      // answered in HostileRobot.onFrame
    },
  },
  flapping: {
    name: 'accepts and closes after 50 ms, every time',
    immediate: true,
    async run(ctx) {
      await ctx.sleep(50);
      ctx.close(1000);
    },
  },
  stall: {
    name: 'stays open and says nothing at all',
    immediate: true,
    run() {},
  },
};

// ---------------------------------------------------------------- the server

export class HostileRobot {
  connections = 0;
  private wss: WebSocketServer | undefined;
  readonly received: Record<string, unknown>[] = [];

  constructor(private readonly attack: Attack) {}

  get url(): string {
    return `ws://127.0.0.1:${(this.wss!.address() as AddressInfo).port}`;
  }

  async start(): Promise<void> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    this.wss = wss;
    wss.on('connection', (ws) => this.onConnection(ws));
  }

  private onConnection(ws: WebSocket): void {
    const conn = this.connections++;
    const ctx: AttackContext = {
      conn,
      send: (data) => {
        if (ws.readyState === ws.OPEN) ws.send(data, { binary: typeof data !== 'string' });
      },
      close: (code = 1000) => ws.close(code),
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      valid: (n) => JSON.stringify({ op: 'publish', topic: TOPIC, msg: { data: `valid ${n}` } }),
    };
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      void Promise.resolve(this.attack.run(ctx)).catch(() => ws.terminate());
    };
    ws.on('message', (data) => {
      let frame: Record<string, unknown>;
      try {
        frame = JSON.parse(String(data)) as Record<string, unknown>;
      } catch {
        return;
      }
      this.received.push(frame);
      if (frame.op === 'subscribe') start();
      if (frame.op === 'call_service' && this.attack === ATTACKS.hugeServiceError) {
        ctx.send(
          JSON.stringify({ op: 'service_response', id: frame.id, service: frame.service, values: 'E'.repeat(1024 * 1024), result: false }),
        );
      }
    });
    ws.on('error', () => {});
    if (this.attack.immediate) start();
  }

  async stop(): Promise<void> {
    const wss = this.wss;
    if (!wss) return;
    this.wss = undefined;
    for (const ws of wss.clients) ws.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
}
