// The simulated fleet most specs share: started on free ports before a spec file's tests, stopped after them.
// Such specs run in the Chromium project only: the robots' addresses are known only at run time, so the Electron
// project (which exists only where an Electron binary does; the config prints a loud SKIPPED line otherwise)
// cannot be given them at launch.
import { test } from '@playwright/test';
import { startFleet, type FleetOptions, type SimFleet, type SimRobot } from '../../src/sim/fleet';

export interface SpecFleet {
  /** The running fleet (inside a test or hook, after beforeAll). */
  readonly fleet: SimFleet;
  /** Its first robot. */
  readonly robot: SimRobot;
}

export function simFleetForSpec(opts: FleetOptions = { robots: 1 }): SpecFleet {
  let fleet: SimFleet | undefined;
  test.beforeAll(async () => {
    fleet = await startFleet({ basePort: 0, ...opts });
  });
  test.afterAll(async () => {
    await fleet?.stop();
  });
  test.beforeEach(({}, info) => {
    test.skip(info.project.name === 'electron', 'the robot address is only known at run time; chromium covers the UI'); // safe: Electron project only (see the comment at the top of simFleet.ts)
  });
  return {
    get fleet() {
      if (!fleet) throw new Error('the simulated fleet is not started yet (read it inside a test)');
      return fleet;
    },
    get robot() {
      return this.fleet.robots[0]!;
    },
  };
}
