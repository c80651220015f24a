import { describe, expect, it } from 'vitest';
import { onEstop, runEstop, type EstopRecord } from '../../../src/features/control/estop';
import { ServiceError } from '../../../src/ros/types';
import { FakeRobot } from '../../support/fakeLink';

describe('e-stop', () => {
  it('zero twist first, then SetBool false, then audit, then listeners', async () => {
    const robot = new FakeRobot();
    const order: string[] = [];
    robot.services.set('/robot/set_enabled', (args) => {
      order.push(`setbool ${JSON.stringify(args)}`);
      robot.enabled = false;
      return { success: true, message: '' };
    });
    const link = robot.link();
    const seen: EstopRecord[] = [];
    const off = onEstop((r) => {
      order.push('event');
      seen.push(r);
    });
    const rec = await runEstop({
      robotId: 'r1',
      link,
      person: 'Li Wei',
      enableService: '/robot/set_enabled',
      haltTeleop: () => order.push('halt teleop'),
      publishZero: (t) => order.push(`zero ${t.linear.x} ${t.angular.z}`),
      audit: (e) => order.push(`audit ${e.kind} ${e.person}`),
    });
    off();
    expect(order).toEqual(['halt teleop', 'zero 0 0', 'setbool {"data":false}', 'audit estop Li Wei', 'event']);
    expect(rec).toMatchObject({ robotId: 'r1', disabled: true, person: 'Li Wei' });
    expect(rec.error).toBeUndefined();
    expect(robot.enabled).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it('still sends the zero twist and records the robot’s own words when disabling fails', async () => {
    const robot = new FakeRobot();
    robot.services.set('/robot/set_enabled', () => {
      throw new ServiceError('/robot/set_enabled', 'motor controller not responding');
    });
    const audit: unknown[] = [];
    const zeros: unknown[] = [];
    const rec = await runEstop({
      robotId: 'r1',
      link: robot.link(),
      person: 'Li Wei',
      enableService: '/robot/set_enabled',
      publishZero: (t) => zeros.push(t),
      audit: (e) => audit.push(e),
    });
    expect(zeros).toHaveLength(1);
    expect(rec).toMatchObject({ disabled: false, error: 'motor controller not responding' });
    expect(audit).toEqual([
      expect.objectContaining({
        kind: 'estop',
        data: expect.objectContaining({ disabled: false, error: 'motor controller not responding' }),
      }),
    ]);
  });

  it('a SetBool answer with success:false counts as not disabled', async () => {
    const robot = new FakeRobot();
    robot.services.set('/robot/set_enabled', () => ({ success: false, message: 'brake fault' }));
    const rec = await runEstop({
      robotId: 'r',
      link: robot.link(),
      person: 'p',
      enableService: '/robot/set_enabled',
      publishZero: () => {},
      audit: () => {},
    });
    expect(rec).toMatchObject({ disabled: false, error: 'brake fault' });
  });
});

describe('e-stop stops the work', () => {
  it('in order: halt, zero, disable sent, announce, cancel + pause, suspend teleop, then the answer, confirm, audit', async () => {
    const robot = new FakeRobot();
    const order: string[] = [];
    let answer: (v: unknown) => void = () => {};
    robot.services.set('/robot/set_enabled', () => {
      order.push('disable sent');
      return new Promise((r) => (answer = r));
    });
    const done = runEstop({
      robotId: 'r1',
      link: robot.link(),
      person: 'Ana',
      enableService: '/robot/set_enabled',
      haltTeleop: () => order.push('halt'),
      publishZero: () => order.push('zero'),
      announce: () => order.push('announce'),
      stopWork: () => {
        order.push('cancel goal + pause queue');
        return { canceledTasks: ['t1'], queuePaused: true };
      },
      suspendTeleop: () => order.push('suspend teleop'),
      confirm: (ok, err) => order.push(`confirm ${ok} ${err ?? ''}`),
      audit: (e) => order.push(`audit ${e.kind} ${JSON.stringify(e.data.canceledTasks)} ${String(e.data.queuePaused)}`),
    });
    await Promise.resolve();
    // The work is stopped without waiting for the robot's answer to the disable call.
    expect(order).toEqual(['halt', 'zero', 'disable sent', 'announce', 'cancel goal + pause queue', 'suspend teleop']);
    answer({ success: true, message: 'disabled' });
    const rec = await done;
    expect(order.slice(6)).toEqual(['confirm true ', 'audit estop ["t1"] true']);
    expect(rec).toMatchObject({ disabled: true, canceledTasks: ['t1'], queuePaused: true });
  });

  it('a failing work step does not keep the rest from happening', async () => {
    const robot = new FakeRobot();
    robot.services.set('/robot/set_enabled', () => ({ success: false, message: 'relay stuck' }));
    const order: string[] = [];
    const rec = await runEstop({
      robotId: 'r1',
      link: robot.link(),
      person: 'Ana',
      enableService: '/robot/set_enabled',
      publishZero: () => order.push('zero'),
      stopWork: () => {
        throw new Error('engine gone');
      },
      suspendTeleop: () => order.push('suspend'),
      confirm: (ok, err) => order.push(`confirm ${ok} ${err}`),
      audit: () => order.push('audit'),
    });
    expect(order).toEqual(['zero', 'suspend', 'confirm false relay stuck', 'audit']);
    expect(rec).toMatchObject({ disabled: false, error: 'relay stuck', queuePaused: false });
  });
});
