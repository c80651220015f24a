import { describe, expect, it } from 'vitest';
import { typedefs } from '../../src/sim/msgDefs';

describe('rosapi typedefs', () => {
  it('are depth-first with constants sorted, like rosapi 0.11', () => {
    const defs = typedefs('sensor_msgs/BatteryState')!;
    expect(defs.map((d) => d.type)).toEqual(['sensor_msgs/BatteryState', 'std_msgs/Header', 'time']);
    expect((defs[0]!.constnames as string[])[0]).toBe('POWER_SUPPLY_HEALTH_COLD');
    expect(defs[0]!.fieldarraylen).toEqual([-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 0, -1, -1]);
  });
});
