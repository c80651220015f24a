import { describe, expect, it } from 'vitest';
import { Ros2ActionAdapter } from '../../../../src/features/tasks/adapters/ros2ActionAdapter';
import type { ActionGoalHandle, ActionResult, LinkCapabilities, RobotLink } from '../../../../src/ros';
import { host, task, tpl } from './adapterKit';

/** A link whose sendActionGoal records goals and lets the test play the robot's feedback and results. */
function actionLink(caps: Partial<LinkCapabilities> = { detected: true, dialect: 'ros2', list: ['actions'] }) {
  const sent: { action: string; type: string; goal: unknown; id: string }[] = [];
  const canceled: string[] = [];
  const goals = new Map<string, { feedback?: (f: unknown, at: number) => void; settle(r: ActionResult | Error): void }>();
  const link = {
    url: 'ws://a:9090',
    capabilities: () => ({ rosapi: true, ...caps }) as LinkCapabilities,
    sendActionGoal(action: string, type: string, goal: unknown, opts: { id?: string; onFeedback?: (f: unknown, at: number) => void } = {}) {
      const id = opts.id!;
      sent.push({ action, type, goal, id });
      let settle!: (r: ActionResult | Error) => void;
      const result = new Promise<ActionResult>((res, rej) => (settle = (r) => (r instanceof Error ? rej(r) : res(r))));
      goals.set(id, { feedback: opts.onFeedback, settle });
      return { id, action, result, onFeedback: () => () => undefined, cancel: () => (canceled.push(id), true) } as ActionGoalHandle;
    },
  } as unknown as RobotLink;
  const flush = () => new Promise((r) => setTimeout(r, 0));
  return { link, sent, canceled, goals, flush };
}

describe('ROS 2 action adapter over the link', () => {
  it('sends the goal through link.sendActionGoal and reads feedback, cancel and results', async () => {
    const { link, sent, canceled, goals, flush } = actionLink();
    const { h, updates } = host();
    const a = new Ros2ActionAdapter(link, tpl('ros2Action'), h);
    await a.dispatch(task(), 'g1');
    expect(sent[0]).toEqual({
      action: '/navigate_to_pose',
      type: 'nav2_msgs/action/NavigateToPose',
      id: 'g1',
      goal: {
        pose: { header: { frame_id: 'map' }, pose: { position: { x: 0.3, y: 0.1, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
        behavior_tree: '',
      },
    });
    goals.get('g1')!.feedback!({ current_pose: { pose: { position: { x: 0, y: 0.1, z: 0 } } }, distance_remaining: 0.31 }, 5);
    expect(updates[0]).toMatchObject({
      goalId: 'g1',
      state: 'active',
      progress: { distance: 0.31, x: 0, y: 0.1, feedback: 'at (0.00, 0.10)' },
    });
    a.cancel(task('g1'));
    expect(canceled).toEqual(['g1']);
    goals.get('g1')!.settle({ status: 5, ok: false, error: '{}' });
    await flush();
    expect(updates.at(-1)).toMatchObject({ goalId: 'g1', state: 'canceled', reason: 'canceled' });

    await a.dispatch(task(), 'g2');
    goals.get('g2')!.settle({ status: 6, ok: false, error: '{"error_code":103}' });
    await flush();
    expect(updates.at(-1)).toMatchObject({ goalId: 'g2', state: 'failed', reason: '{"error_code":103}' });

    await a.dispatch(task(), 'g3');
    goals.get('g3')!.settle({ status: 4, ok: true, values: {} });
    await flush();
    expect(updates.at(-1)).toMatchObject({ goalId: 'g3', state: 'succeeded', reason: 'succeeded' });

    await a.dispatch(task(), 'g4');
    goals.get('g4')!.settle(new Error('connection lost before the result of /navigate_to_pose goal g4 came'));
    await flush();
    expect(updates.at(-1)).toMatchObject({ goalId: 'g4', state: 'failed', reason: expect.stringMatching(/connection lost/) });
  });

  it('refuses, saying why, on a robot whose rosbridge has no action ops (ROS 1)', async () => {
    const { link } = actionLink({ detected: true, dialect: 'ros1', list: ['actionlibTopics'] });
    const a = new Ros2ActionAdapter(link, tpl('ros2Action'), host().h);
    await expect(a.dispatch(task(), 'g1')).rejects.toThrow(/no ROS 2 action ops/);
  });

  it('after a reconnect, goals of the earlier connection fail with the reason', () => {
    const { link } = actionLink();
    const { h, updates } = host();
    new Ros2ActionAdapter(link, tpl('ros2Action'), h).reconcile([task('old')]);
    expect(updates[0]).toMatchObject({ goalId: 'old', state: 'failed', reason: expect.stringMatching(/earlier connection/) });
  });
});

describe('nav2 results', () => {
  it("a nav2 error_msg is the reason, in the robot's words", async () => {
    const { link, goals } = actionLink();
    const { h, updates } = host();
    const a = new Ros2ActionAdapter(link, tpl('ros2Action'), h);
    await a.dispatch(task(), 'g9');
    goals.get('g9')!.settle({ status: 6, ok: false, error: '{"error_code":9000,"error_msg":"path blocked by hazard zone"}' });
    await new Promise((r) => setTimeout(r, 0));
    expect(updates.at(-1)).toMatchObject({ goalId: 'g9', state: 'failed', reason: 'path blocked by hazard zone' });
  });
});
