import { describe, expect, it } from 'vitest';
import { FrameDecoder, type RosbridgeFrame } from '../../src/ros/frameDecoder';
import type { ProblemKind } from '../../src/ros/types';
import { binaryFrame, loadTranscript, textFrame } from '../fixtures/transcript';

function harness(opts: ConstructorParameters<typeof FrameDecoder>[1] = {}) {
  const messages: RosbridgeFrame[] = [];
  const transfers: (ArrayBufferView[] | undefined)[] = [];
  const raws: { bytes: number; raw?: Uint8Array; enc?: string }[] = [];
  const problems: { kind: ProblemKind; text: string; topic?: string }[] = [];
  const decoder = new FrameDecoder(
    {
      message: (f, t, bytes, raw, enc) => {
        messages.push(f);
        transfers.push(t);
        raws.push({ bytes, raw, enc });
      },
      problem: (kind, text, topic) => problems.push({ kind, text, topic }),
    },
    opts,
  );
  return { decoder, messages, problems, transfers, raws };
}

describe('FrameDecoder', () => {
  it('parses JSON with \\/ escapes and passes non-publish ops through', () => {
    const { decoder, messages } = harness();
    decoder.decode(
      '{"op":"service_response","service":"\\/rosapi\\/get_time","values":{"time":{"secs":1,"nsecs":2}},"result":true,"id":"a"}',
    );
    expect(messages[0]).toMatchObject({ op: 'service_response', service: '/rosapi/get_time' });
  });

  it('counts and reports malformed frames without throwing', () => {
    const { decoder, messages, problems } = harness();
    decoder.decode('this is not json at all');
    decoder.decode('{"op": "subscribe", "topic": "/batt');
    decoder.decode('[1,2,3]');
    decoder.decode('{"id":"no-op-1","topic":"/battery"}');
    decoder.decode(new Uint8Array([0xff, 0xfe, 0x1c]).buffer);
    decoder.decode('{"op":"publish"}');
    decoder.decode(42);
    expect(messages).toHaveLength(0);
    expect(decoder.counters).toMatchObject({ frames: 7, malformed: 7 });
    expect(problems.every((p) => p.kind === 'malformed-frame')).toBe(true);
    expect(problems[0].text).toContain('not JSON');
    expect(problems[2].text).toContain('without "op"');
  });

  it('drops oversized frames (text and binary) and counts them', () => {
    const { decoder, messages, problems } = harness({ maxFrameBytes: 100 });
    decoder.decode(JSON.stringify({ op: 'publish', topic: '/x', msg: { data: 'x'.repeat(200) } }));
    decoder.decode(new Uint8Array(500).buffer);
    decoder.decode('{"op":"publish","topic":"/x","msg":{}}');
    expect(decoder.counters.oversized).toBe(2);
    expect(problems.map((p) => p.kind)).toEqual(['oversized-frame', 'oversized-frame']);
    expect(messages).toHaveLength(1);
  });

  it('reassembles the id-0 fragments of scenario 13 into a whole /map, normalised', () => {
    const { decoder, messages } = harness();
    decoder.noteOutgoing({ op: 'subscribe', topic: '/map', type: 'nav_msgs/OccupancyGrid' });
    for (const l of loadTranscript('13').filter((x) => x.dir === 's2c')) decoder.decode(textFrame(l));
    expect(messages).toHaveLength(1);
    const msg = messages[0].msg as { data: Int8Array; info: { width: number } };
    expect(msg.data).toBeInstanceOf(Int8Array);
    expect(msg.data.length).toBe(200);
    expect(msg.info.width).toBe(20);
  });

  it('scenario 11: whole /map then three fragmented /battery messages; a broken sequence is counted', () => {
    const { decoder, messages, problems } = harness();
    decoder.noteOutgoing({ op: 'subscribe', topic: '/map', type: 'nav_msgs/OccupancyGrid' });
    decoder.noteOutgoing({ op: 'subscribe', topic: '/battery', type: 'sensor_msgs/BatteryState' });
    const frags = loadTranscript('11').filter((x) => x.dir === 's2c' && (x.frame as { op: string }).op === 'fragment');
    for (const l of frags) decoder.decode(textFrame(l));
    expect(messages.map((m) => m.topic)).toEqual(['/map', '/battery', '/battery', '/battery']);
    expect((messages[1].msg as { charge: number }).charge).toBeNaN();
    // a lost middle piece: the sequence is dropped, the decoder carries on
    decoder.decode(textFrame(frags[0]));
    decoder.decode(textFrame(frags[2]));
    expect(decoder.counters.fragmentsDropped).toBe(1);
    expect(problems.at(-1)?.kind).toBe('fragment');
    decoder.decode(textFrame(frags[3]));
    decoder.decode(textFrame(frags[4]));
    expect(messages).toHaveLength(5);
  });

  it('decodes PNG frames (scenario 06) and normalises /map and /battery', () => {
    const { decoder, messages } = harness();
    decoder.noteOutgoing({ op: 'subscribe', topic: '/map', type: 'nav_msgs/OccupancyGrid', compression: 'png' });
    decoder.noteOutgoing({ op: 'subscribe', topic: '/battery', type: 'sensor_msgs/BatteryState', compression: 'png' });
    for (const l of loadTranscript('06').filter((x) => x.dir === 's2c')) decoder.decode(textFrame(l));
    const map = messages.find((m) => m.topic === '/map')!.msg as { data: Int8Array };
    expect(map.data).toBeInstanceOf(Int8Array);
    expect(map.data.length).toBe(200);
    expect((messages.find((m) => m.topic === '/battery')!.msg as { charge: number }).charge).toBeNaN();
  });

  it('deserializes cbor-raw with the bundled definitions, or reports a decode problem', () => {
    const line = loadTranscript('05').find((l) => l.type === 'binary')!;
    const ok = harness();
    ok.decoder.noteOutgoing({ op: 'subscribe', topic: '/battery', type: 'sensor_msgs/BatteryState', compression: 'cbor-raw' });
    ok.decoder.decode(binaryFrame(line));
    expect((ok.messages[0].msg as { serial_number: string }).serial_number).toBe('HB-0001');
    const bad = harness();
    bad.decoder.noteOutgoing({ op: 'subscribe', topic: '/battery', type: 'my_msgs/Battery', compression: 'cbor-raw' });
    bad.decoder.decode(binaryFrame(line));
    expect(bad.messages).toHaveLength(0);
    expect(bad.problems[0]).toMatchObject({ kind: 'decode', topic: '/battery' });
    expect(bad.problems[0].text).toContain('my_msgs/Battery');
  });

  it('collects typed arrays for transfer when asked', () => {
    const { decoder, transfers } = harness({ collectTransfers: true });
    decoder.noteOutgoing({ op: 'subscribe', topic: '/map', type: 'nav_msgs/OccupancyGrid', compression: 'cbor' });
    const line = loadTranscript('04').find((l) => l.type === 'binary')!;
    decoder.decode(binaryFrame(line));
    expect(transfers[0]?.[0]).toBeInstanceOf(Int8Array);
  });

  it('forgets a topic after unsubscribe (no normalisation any more)', () => {
    const { decoder, messages } = harness();
    decoder.noteOutgoing({ op: 'subscribe', topic: '/map', type: 'nav_msgs/OccupancyGrid' });
    decoder.noteOutgoing({ op: 'unsubscribe', topic: '/map' });
    decoder.decode('{"op":"publish","topic":"/map","msg":{"data":[1]}}');
    expect((messages[0].msg as { data: unknown }).data).toEqual([1]);
  });

  it('refuses by limit, counting and naming the topic, its type and the sizes', () => {
    const { decoder, messages, problems } = harness({ limits: { arrayLength: 1000, bytesField: 1000 } });
    decoder.noteOutgoing({ op: 'subscribe', topic: '/camera', type: 'sensor_msgs/CompressedImage' });
    decoder.noteOutgoing({ op: 'subscribe', topic: '/map', type: 'nav_msgs/OccupancyGrid' });
    decoder.decode(
      JSON.stringify({ op: 'publish', topic: '/camera', msg: { format: 'jpeg', data: Buffer.alloc(2000).toString('base64') } }),
    );
    decoder.decode(JSON.stringify({ op: 'publish', topic: '/map', msg: { data: new Array(1001).fill(0) } }));
    decoder.decode(
      JSON.stringify({ op: 'publish', topic: '/camera', msg: { format: 'jpeg', data: Buffer.alloc(100).toString('base64') } }),
    );
    expect(messages).toHaveLength(1);
    expect(decoder.counters.oversized).toBe(2);
    expect(problems).toEqual([
      {
        kind: 'limit',
        topic: '/camera',
        text: expect.stringMatching(
          /^refused a message on \/camera \(sensor_msgs\/CompressedImage\), 2,\d{3} bytes: base64 byte field: 2,000 bytes, limit 1,000 \(limits\.bytesField\)$/,
        ),
      },
      {
        kind: 'limit',
        topic: '/map',
        text: expect.stringMatching(
          /^refused a message on \/map \(nav_msgs\/OccupancyGrid\), \d,\d{3} bytes: array: 1,001 elements, limit 1,000/,
        ),
      },
    ]);
  });

  it('refuses a 10,000-level JSON or CBOR message with a depth problem instead of failing later', () => {
    const { decoder, messages, problems } = harness();
    const deep = `{"op":"publish","topic":"/deep","msg":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    decoder.decode(deep);
    const cbor = new Uint8Array(10_010);
    cbor.set([0xa3, 0x62, 0x6f, 0x70, 0x67, ...Buffer.from('publish')]); // {op: "publish", ...
    cbor.fill(0x81, 13, 10_009); // ... then 10,000 nested one-element arrays
    cbor[10_009] = 0x01;
    decoder.decode(cbor);
    expect(messages).toHaveLength(0);
    expect(problems.map((p) => p.kind)).toEqual(['limit', 'limit']);
    expect(problems[0]).toMatchObject({ topic: '/deep' });
    expect(problems[0].text).toMatch(/nesting: 101 levels, limit 100 \(limits\.depth\)/);
    expect(problems[1].text).toMatch(/nesting|too deep/);
    expect(decoder.counters.oversized).toBe(2);
  });

  it('scans large frames before parsing: a 2 MB array of 1,000,000 zeros over the limit never becomes an array', () => {
    const { decoder, messages, problems } = harness({ limits: { arrayLength: 500_000 } });
    const big = `{"op":"publish","topic":"/map","msg":{"data":[${new Array(1_000_000).fill(0).join(',')}]}}`;
    decoder.decode(big);
    expect(messages).toHaveLength(0);
    expect(problems[0].text).toMatch(/array: 1,000,000 elements, limit 500,000/);
  });

  it('cbor-raw array lengths are checked before the ROS 1 bytes are read', () => {
    const { decoder, messages, problems } = harness({ limits: { arrayLength: 10 } });
    decoder.noteOutgoing({ op: 'subscribe', topic: '/tf', type: 'tf2_msgs/TFMessage', compression: 'cbor-raw' });
    const ros1 = new Uint8Array([0xff, 0xff, 0xff, 0x7f]); // transforms[] declares 2^31-1 elements
    const frame = Buffer.concat([
      Buffer.from([0xa3, 0x62, 0x6f, 0x70, 0x67]),
      Buffer.from('publish'),
      Buffer.from([0x65]),
      Buffer.from('topic'),
      Buffer.from([0x63]),
      Buffer.from('/tf'),
      Buffer.from([0x63]),
      Buffer.from('msg'),
      Buffer.from([0xa1, 0x65]),
      Buffer.from('bytes'),
      Buffer.from([0x44]),
      ros1,
    ]);
    decoder.decode(new Uint8Array(frame));
    expect(messages).toHaveLength(0);
    expect(problems[0]).toMatchObject({ kind: 'decode', topic: '/tf' });
    expect(problems[0].text).toMatch(/declares 2147483647 elements, limit 10/);
  });

  it('hands binary payloads on only while keepRaw is set: cbor-raw as ROS 1 bytes, CBOR as the frame', () => {
    const { decoder, raws } = harness();
    const line = loadTranscript('05').find((l) => l.type === 'binary')!;
    decoder.noteOutgoing({ op: 'subscribe', topic: '/battery', type: 'sensor_msgs/BatteryState', compression: 'cbor-raw' });
    decoder.decode(binaryFrame(line));
    decoder.keepRaw = true;
    decoder.decode(binaryFrame(line));
    expect(raws[0]).toEqual({ bytes: binaryFrame(line).byteLength, raw: undefined, enc: undefined });
    expect(raws[1].enc).toBe('ros1');
    const recorded = (line.decoded_cbor as { msg: { bytes: { values: number[] } } }).msg.bytes.values;
    expect([...raws[1].raw!]).toEqual(recorded);
  });

  it('the default limits let a 2048² map (JSON and CBOR) and a 1920×1080 raw camera image through', async () => {
    const { encode } = await import('cbor-x');
    const { decoder, messages, problems } = harness();
    decoder.noteOutgoing({ op: 'subscribe', topic: '/map', type: 'nav_msgs/OccupancyGrid' });
    decoder.noteOutgoing({ op: 'subscribe', topic: '/camera', type: 'sensor_msgs/Image' });
    const cells = new Int8Array(2048 * 2048).map((_, i) => (i % 7 === 0 ? 100 : i % 5 === 0 ? -1 : 0));
    const info = { resolution: 0.05, width: 2048, height: 2048 };
    decoder.decode(JSON.stringify({ op: 'publish', topic: '/map', msg: { info, data: Array.from(cells) } }));
    decoder.decode(encode({ op: 'publish', topic: '/map', msg: { info, data: cells } }) as Uint8Array);
    const pixels = Buffer.alloc(1920 * 1080 * 3, 7);
    decoder.decode(
      JSON.stringify({
        op: 'publish',
        topic: '/camera',
        msg: { width: 1920, height: 1080, encoding: 'rgb8', data: pixels.toString('base64') },
      }),
    );
    expect(problems).toEqual([]);
    expect(messages.map((m) => (m.msg as { data: ArrayLike<number> }).data.length)).toEqual([2048 * 2048, 2048 * 2048, 1920 * 1080 * 3]);
  });
});
