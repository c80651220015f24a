import { describe, expect, it } from 'vitest';
import type { RawOps } from '../../../../src/features/tasks/adapters/adapter';
import { Ros2ActionAdapter } from '../../../../src/features/tasks/adapters/ros2ActionAdapter';
import { host, task, tpl } from './adapterKit';

describe('ROS 2 rosbridge action adapter', () => {
  function rawOps() {
    const sent: Record<string, unknown>[] = [];
    const handlers = new Map<string, ((f: Record<string, unknown>) => void)[]>();
    const ops: RawOps = {
      send: (f) => sent.push(f),
      onFrame: (op, cb) => {
        handlers.set(op, [...(handlers.get(op) ?? []), cb]);
        return () => undefined;
      },
    };
    const deliver = (f: Record<string, unknown>) => handlers.get(f.op as string)?.forEach((cb) => cb(f));
    return { sent, ops, deliver };
  }

  it('sends send_action_goal / cancel_action_goal and reads action_feedback / action_result', async () => {
    const { sent, ops, deliver } = rawOps();
    const { h, updates, notes } = host();
    const a = new Ros2ActionAdapter(ops, tpl('ros2Action'), h);
    await a.dispatch(task(), 'g1');
    expect(sent[0]).toEqual({
      op: 'send_action_goal',
      id: 'g1',
      action: '/navigate_to_pose',
      action_type: 'nav2_msgs/action/NavigateToPose',
      args: {
        pose: { header: { frame_id: 'map' }, pose: { position: { x: 0.3, y: 0.1, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
        behavior_tree: '',
      },
      feedback: true,
    });
    deliver({
      op: 'action_feedback',
      id: 'g1',
      action: '/navigate_to_pose',
      values: { current_pose: { header: { frame_id: 'map' }, pose: { position: { x: 0, y: 0.1, z: 0 } } }, distance_remaining: 0.31 },
    });
    expect(updates[0]).toMatchObject({ goalId: 'g1', state: 'active', progress: { distance: 0.31, x: 0, y: 0.1 } });
    a.cancel(task('g1'));
    expect(sent[1]).toEqual({ op: 'cancel_action_goal', id: 'g1', action: '/navigate_to_pose' });
    deliver({ op: 'action_result', id: 'g1', action: '/navigate_to_pose', values: {}, status: 5, result: false });
    expect(updates.at(-1)).toMatchObject({ goalId: 'g1', state: 'canceled', reason: 'canceled' });
    await a.dispatch(task(), 'g2');
    deliver({ op: 'action_result', id: 'g2', action: '/navigate_to_pose', values: { error_code: 103 }, status: 6, result: false });
    expect(updates.at(-1)).toMatchObject({ goalId: 'g2', state: 'failed', reason: '{"error_code":103}' });
    await a.dispatch(task(), 'g3');
    deliver({ op: 'action_result', id: 'g3', action: '/navigate_to_pose', values: {}, status: 4, result: true });
    expect(updates.at(-1)).toMatchObject({ goalId: 'g3', state: 'succeeded' });
    deliver({ op: 'action_result', id: 'nobody', action: '/navigate_to_pose', values: {}, status: 4, result: true });
    expect(notes[0]).toMatch(/ignored result for goal "nobody"/);
  });
});
