// Ingest through the robot link on one core, measured in one run (figures vary with the machine; ratios
// are what to compare): /joint_states of a 30-joint humanoid as JSON and as CBOR,
//   (a) JSON.parse alone — the floor of the JSON path,
//   (b) roslib 2.1.0's own path (its transport's handleRawMessage + Ros/Topic dispatch),
//   (c) this link (decode, normalise, stats, dispatch to a subscriber), fed by an in-memory socket.
// Plus the heap after 1,000,000 messages through the link (must stay flat).
import { encode } from 'cbor-x';
import { AbstractTransport, Ros, Topic } from 'roslib';
import { createLoopbackLink } from '../../src/ros/loopbackLink';

const JOINTS = 30;

function jointStatesMsg(seq: number) {
  const name = Array.from({ length: JOINTS }, (_, i) => `joint_${String(i).padStart(2, '0')}_${i % 2 ? 'left' : 'right'}`);
  const position = Array.from({ length: JOINTS }, (_, i) => Math.sin(seq * 0.01 + i) * 0.7);
  const velocity = Array.from({ length: JOINTS }, (_, i) => Math.cos(seq * 0.01 + i) * 0.1);
  return { header: { seq, stamp: { secs: 1795507667, nsecs: 591539621 }, frame_id: '' }, name, position, velocity, effort: [] as number[] };
}

/** As rosbridge 0.11.17 writes JSON: `\/` escapes. */
export function jsonFrame(seq = 1): string {
  return JSON.stringify({ op: 'publish', topic: '/joint_states', msg: jointStatesMsg(seq) }).replace(/\//g, '\\/');
}

/** CBOR with RFC 8746 typed arrays, as rosbridge's CBOR encoder sends float64[] (it cannot send string[] at all; a newer server can). */
export function cborFrame(seq = 1): ArrayBuffer {
  const m = jointStatesMsg(seq);
  const bytes: Uint8Array = encode({
    op: 'publish',
    topic: '/joint_states',
    msg: { ...m, position: new Float64Array(m.position), velocity: new Float64Array(m.velocity), effort: new Float64Array(0) },
  });
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

class RawTransport extends AbstractTransport {
  send(): void {}
  close(): void {}
  isConnecting(): boolean {
    return false;
  }
  isOpen(): boolean {
    return true;
  }
  isClosing(): boolean {
    return false;
  }
  isClosed(): boolean {
    return false;
  }
  push(data: unknown): void {
    this.handleRawMessage(data as string);
  }
}

/** Best of 7 batches, µs per message. */
function usPerMsg(fn: () => void, batch = 50_000): number {
  for (let i = 0; i < 20_000; i++) fn();
  let best = Infinity;
  for (let k = 0; k < 7; k++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1000 / batch);
  }
  return best;
}

export interface IngestResult {
  jsonParseUs: number;
  roslibJsonUs: number;
  linkJsonUs: number;
  cborDecodeUs: number;
  roslibCborUs: number;
  linkCborUs: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  messages: number;
}

export async function runIngestBench(messages = 1_000_000): Promise<IngestResult> {
  let sink = 0;
  const json = jsonFrame();
  const cbor = cborFrame();

  let raw: RawTransport | undefined;
  const ros = new Ros({ transportFactory: async () => (raw = new RawTransport()) });
  await ros.connect('ws://bench.invalid');
  raw!.emit('open', {});
  new Topic({ ros, name: '/joint_states', messageType: 'sensor_msgs/JointState' }).subscribe((m) => {
    sink += (m as { position: ArrayLike<number> }).position.length;
  });

  const { link, socket } = await createLoopbackLink();
  link.subscribe<{ position: ArrayLike<number> }>('/joint_states', { type: 'sensor_msgs/JointState' }, (m) => {
    sink += m.position.length;
  });

  const { decode } = await import('cbor-x');
  const result: IngestResult = {
    jsonParseUs: usPerMsg(() => {
      sink += (JSON.parse(json) as { msg: { position: number[] } }).msg.position.length;
    }),
    roslibJsonUs: usPerMsg(() => raw!.push(json)),
    linkJsonUs: usPerMsg(() => socket.receive(json)),
    cborDecodeUs: usPerMsg(() => {
      sink += (decode(new Uint8Array(cbor)) as { msg: { position: Float64Array } }).msg.position.length;
    }),
    roslibCborUs: usPerMsg(() => raw!.push(cbor), 5_000),
    linkCborUs: usPerMsg(() => socket.receive(cbor)),
    heapBeforeMb: 0,
    heapAfterMb: 0,
    messages,
  };

  // Heap: a million distinct messages through the link; only the latest is kept, stats are fixed-size.
  const gc = (globalThis as { gc?: () => void }).gc;
  const frames = Array.from({ length: 64 }, (_, i) => jsonFrame(i));
  gc?.();
  result.heapBeforeMb = process.memoryUsage().heapUsed / 1e6;
  for (let i = 0; i < messages; i++) socket.receive(frames[i & 63]!);
  gc?.();
  result.heapAfterMb = process.memoryUsage().heapUsed / 1e6;

  link.close();
  ros.close();
  if (sink === 0) throw new Error('bench subscribers received nothing');
  if (link.counters().malformed > 0) throw new Error('bench frames were rejected as malformed');
  return result;
}
