// Conformance with the recorded ROS 1 rosbridge 0.11.17 (what is compared and how: ./compare.ts).
// Encodings of the same messages: CBOR, cbor-raw, PNG and fragments sent by the server.
import { describe, expect, it } from 'vitest';
import { MessageReader } from '@foxglove/rosmsg-serialization';
import type { MessageDefinition } from '@foxglove/message-definition';
import { foxgloveDefs } from '../../../src/sim/msgDefs';
import { count, type Message, run, stopRobotsAfterAll } from './compare';

stopRobotsAfterAll();

describe.concurrent('conformance with the recorded ROS 1 rosbridge 0.11.17', () => {
  it('04 CBOR: typed arrays, NaN kept, JointState never arrives (string[] bug)', async () => {
    const { byConn } = await run('04-compression-cbor');
    const { sim } = byConn.get(0)!;
    expect(count(sim, '/joint_states')).toBe(0);
    const map = sim.find((m) => m.topic === '/map')!.value.msg as { data: unknown };
    expect(map.data).toBeInstanceOf(Int8Array);
    const bat = sim.find((m) => m.topic === '/battery')!.value.msg as Record<string, unknown>;
    expect(bat.charge).toBeNaN();
    expect(bat.cell_voltage).toBeInstanceOf(Float32Array);
    expect(bat.cell_temperature).toBeInstanceOf(Float32Array);
  }, 30_000);

  it('05 cbor-raw: {secs,nsecs,bytes} with ROS 1 serialised BatteryState', async () => {
    const { byConn } = await run('05-compression-cbor-raw');
    const { rec, sim } = byConn.get(0)!;
    const reader = new MessageReader(foxgloveDefs('sensor_msgs/BatteryState') as unknown as MessageDefinition[]);
    const recBytes = Uint8Array.from((rec[0]!.value.msg as { bytes: { values: number[] } }).bytes.values);
    const recMsg = reader.readMessage<Record<string, unknown>>(recBytes);
    expect(recMsg.serial_number).toBe('HB-0001'); // our definition reads the real robot's bytes
    const s = sim[0]!.value.msg as { secs: number; nsecs: number; bytes: Uint8Array };
    expect(s.bytes).toBeInstanceOf(Uint8Array);
    const simMsg = reader.readMessage<Record<string, unknown>>(s.bytes);
    expect(Object.keys(simMsg).sort()).toEqual(Object.keys(recMsg).sort());
    expect(simMsg.charge).toBeNaN();
  }, 30_000);

  it('06 PNG: RGB image floor(sqrt(len/3)) wide, JSON padded with newlines', async () => {
    const { byConn } = await run('06-compression-png');
    const { rec, sim } = byConn.get(0)!;
    for (const m of [...rec, ...sim]) {
      const p = m.png!;
      expect(p.width).toBe(Math.floor(Math.sqrt(p.len / 3)));
      expect(p.height).toBe(Math.ceil(p.len / 3 / p.width));
    }
  }, 30_000);

  it('11 fragmentation: id 0, float total, sticky fragment_size, two subscriptions, client fragments', async () => {
    const { byConn } = await run('11-fragmentation-and-ids');
    const { rec, sim } = byConn.get(0)!;
    const seq = (ms: Message[]): string[] => ms.map((m) => `${m.op} ${m.topic ?? m.id}`);
    const collapse = (xs: string[]): string[] => xs.filter((x, i) => x !== xs[i - 1]);
    expect(collapse(seq(sim))).toEqual(collapse(seq(rec)));
    expect(Math.abs(count(sim, '/battery') - count(rec, '/battery'))).toBeLessThanOrEqual(1);
    for (const m of sim.filter((x) => x.via === 'fragment')) {
      const text = m.fragments!.map((f) => f.data).join('');
      expect(m.fragments!.map((f) => f.num)).toEqual(m.fragments!.map((_, i) => i));
      for (const f of m.fragments!) expect(f.total).toBe((text.length - 1) / 400 + 1);
      expect(m.raw![0]).toMatch(/"total":\d+\.\d+\}$/);
    }
    const resp = sim.find((m) => m.op === 'service_response')!;
    expect(typeof JSON.parse((resp.value.values as { value: string }).value)).toBe('string');
  }, 30_000);

  it('13 roslib subscription with fragment_size: only id-0 fragments are sent', async () => {
    const { byConn } = await run('13-roslib-fragment-reassembly');
    const { sim } = byConn.get(0)!;
    expect(sim.map((m) => `${m.via} ${m.topic}`)).toEqual(['fragment /map']);
  }, 30_000);
});
