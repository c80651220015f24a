// A stopped simulated fleet leaves nothing running: the robots' add-ons (the operator bridge's resend timer)
// stop with it, so a process that started a fleet (npm run bench) can end by itself.
import { describe, expect, it } from 'vitest';
import { startFleet } from '../../src/sim/fleet';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('startFleet', () => {
  it('stops every timer it started when stopped', async () => {
    const before = timers();
    const fleet = await startFleet({ robots: 2, basePort: 0, sensors: false });
    expect(timers()).toBeGreaterThan(before);
    await fleet.stop();
    await new Promise((r) => setImmediate(r));
    expect(timers()).toBe(before);
  });
});
