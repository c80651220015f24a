// Messages as rosbridge JSON delivers them, shared by the clip and ROS 1 schema tests.

export const stamp = (ms: number) => ({ secs: Math.floor(ms / 1000), nsecs: (ms % 1000) * 1e6 });

export function tf(ms: number, x: number) {
  return {
    transforms: [
      {
        header: { seq: 0, stamp: stamp(ms), frame_id: 'map' },
        child_frame_id: 'base_link',
        transform: { translation: { x, y: 0.5, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
      },
    ],
  };
}

// As rosbridge JSON delivers them: NaN as null, uint8[] as base64, plain number arrays.
export const battery = {
  header: { seq: 3, stamp: stamp(1000), frame_id: '' },
  voltage: 24.1,
  temperature: null,
  current: -1.5,
  charge: null,
  capacity: null,
  design_capacity: 10,
  percentage: 0.5,
  power_supply_status: 2,
  power_supply_health: 1,
  power_supply_technology: 2,
  present: true,
  cell_voltage: [3.5, null],
  cell_temperature: [],
  location: 'slot',
  serial_number: 'SN1',
};
export const diag = {
  header: { seq: 1, stamp: stamp(1000), frame_id: '' },
  status: [{ level: 1, name: 'motor_left', message: 'warm', hardware_id: 'm1', values: [{ key: 't', value: '71' }] }],
};
export const image = { header: { seq: 1, stamp: stamp(1000), frame_id: 'cam' }, format: 'jpeg', data: 'AAECAwQ=' };
