import { describe, expect, it } from 'vitest';
import { decodeCborFrame } from '../../src/ros/cborFrame';
import { ROS1_DEFINITIONS, canDeserializeRos1, deserializeRos1, fullDefinition } from '../../src/ros/ros1Definitions';
import { binaryFrame, loadTranscript } from '../fixtures/transcript';

describe('ROS 1 definitions (cbor-raw)', () => {
  it('deserializes the recorded BatteryState bytes of scenario 05', () => {
    const line = loadTranscript('05').find((l) => l.type === 'binary');
    const frame = decodeCborFrame(new Uint8Array(binaryFrame(line!))) as { msg: { bytes: Uint8Array } };
    const msg = deserializeRos1('sensor_msgs/BatteryState', frame.msg.bytes) as Record<string, unknown>;
    expect(msg.header).toMatchObject({ seq: 6, frame_id: '' });
    expect((msg.header as { stamp: object }).stamp).toHaveProperty('secs');
    expect(msg.voltage).toBeCloseTo(12.495, 2);
    expect(msg.charge).toBeNaN();
    expect(msg.capacity).toBeNaN();
    expect(msg.present).toBe(true);
    expect(msg.cell_voltage).toBeInstanceOf(Float32Array);
    expect(msg.location).toBe('base');
    expect(msg.serial_number).toBe('HB-0001');
  });

  it('every bundled type resolves its dependencies', () => {
    for (const type of Object.keys(ROS1_DEFINITIONS)) {
      expect(fullDefinition(type), type).toBeDefined();
      expect(canDeserializeRos1(type), type).toBe(true);
    }
  });

  it('unknown types are refused with a clear error', () => {
    expect(canDeserializeRos1('no_pkg/Nope')).toBe(false);
    expect(() => deserializeRos1('no_pkg/Nope', new Uint8Array(4))).toThrow(/no bundled ROS 1 definition for no_pkg\/Nope/);
  });
});
