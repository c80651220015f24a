import { describe, expect, it } from 'vitest';
import { ServiceAdapter } from '../../../../src/features/tasks/adapters/serviceAdapter';
import { ServiceError } from '../../../../src/ros/types';
import { FakeLink } from '../../../support/fakeLink';
import { host, task, tpl } from './adapterKit';

describe('service adapter', () => {
  it('Trigger success:false fails with the robot’s message; success:true succeeds; rosbridge errors verbatim', async () => {
    const link = new FakeLink();
    const { h, updates } = host();
    const a = new ServiceAdapter(link, tpl('service'), h);
    link.robot.services.set('/robot/start_task', async () => ({ success: false, message: 'gripper not homed' }));
    await a.dispatch(task(), 's1');
    await Promise.resolve();
    await Promise.resolve();
    expect(link.frames[0]).toEqual({ op: 'call_service', service: '/robot/start_task', type: 'std_srvs/Trigger', args: {} });
    expect(updates.map((u) => [u.state, u.reason])).toEqual([
      ['active', 'console: called /robot/start_task'],
      ['failed', 'gripper not homed'],
    ]);
    link.robot.services.set('/robot/start_task', async () => ({ success: true, message: 'started' }));
    await a.dispatch(task(), 's2');
    await new Promise((r) => setTimeout(r, 0));
    expect(updates.at(-1)).toMatchObject({ goalId: 's2', state: 'succeeded', reason: 'started' });
    link.robot.services.set('/robot/start_task', async () => {
      throw new ServiceError('/robot/start_task', 'Service /robot/start_task does not exist');
    });
    await a.dispatch(task(), 's3');
    await new Promise((r) => setTimeout(r, 0));
    expect(updates.at(-1)).toMatchObject({ goalId: 's3', state: 'failed', reason: 'Service /robot/start_task does not exist' });
  });
});
