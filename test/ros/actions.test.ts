import { afterEach, describe, expect, it, vi } from 'vitest';
import { GOAL_STATUS, type TapEvent } from '../../src/ros/types';
import { loopbackLink } from './linkHarness';

const flush = async () => {
  for (let i = 0; i < 4; i++) await vi.advanceTimersByTimeAsync(0);
};

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const ROS2 = {
  '/rosapi/services': () => ({ services: ['/rosapi/services', '/rosapi/get_ros_version', '/rosapi/topics'] }),
  '/rosapi/get_ros_version': () => ({ version: 2, distro: 'humble' }),
};

interface Pose {
  pose: { x: number };
}

async function ros2Link() {
  vi.useFakeTimers();
  const h = loopbackLink({ services: ROS2 });
  await flush();
  expect(h.link.capabilities().dialect).toBe('ros2');
  return h;
}

describe('ROS 2 actions through rosbridge action ops', () => {
  it('sends send_action_goal as the protocol says; feedback and the result come back by goal id', async () => {
    const { link, last } = await ros2Link();
    const feedback: unknown[] = [];
    const goal = link.sendActionGoal<Pose, { result: string }, { distance: number }>(
      '/navigate_to_pose',
      'nav2_msgs/action/NavigateToPose',
      { pose: { x: 1 } },
      { onFeedback: (f) => feedback.push(f) },
    );
    await flush();
    const sent = last().sent.find((f) => f.op === 'send_action_goal');
    expect(sent).toEqual({
      op: 'send_action_goal',
      id: goal.id,
      action: '/navigate_to_pose',
      action_type: 'nav2_msgs/action/NavigateToPose',
      args: { pose: { x: 1 } },
      feedback: true,
    });
    last().receive(JSON.stringify({ op: 'action_feedback', id: goal.id, action: '/navigate_to_pose', values: { distance: 3.5 } }));
    last().receive(JSON.stringify({ op: 'action_feedback', id: 'someone-else', action: '/navigate_to_pose', values: { distance: 9 } }));
    last().receive(
      JSON.stringify({
        op: 'action_result',
        id: goal.id,
        action: '/navigate_to_pose',
        values: { result: 'ok' },
        status: GOAL_STATUS.SUCCEEDED,
        result: true,
      }),
    );
    expect(feedback).toEqual([{ distance: 3.5 }]);
    await expect(goal.result).resolves.toEqual({ status: 4, ok: true, values: { result: 'ok' } });
    link.close();
  });

  it('cancel sends cancel_action_goal with the goal id; the canceled result resolves', async () => {
    const { link, last } = await ros2Link();
    const goal = link.sendActionGoal('/dock', 'my_msgs/action/Dock', {});
    await flush();
    expect(goal.cancel()).toBe(true);
    expect(last().sent.at(-1)).toEqual({ op: 'cancel_action_goal', id: goal.id, action: '/dock' });
    last().receive(
      JSON.stringify({ op: 'action_result', id: goal.id, action: '/dock', values: {}, status: GOAL_STATUS.CANCELED, result: true }),
    );
    await expect(goal.result).resolves.toMatchObject({ status: 5, ok: true });
    expect(goal.cancel()).toBe(false); // settled: nothing more to cancel
    link.close();
  });

  it('a failed result carries the server text; a status error for the goal rejects with it', async () => {
    const { link, last } = await ros2Link();
    const a = link.sendActionGoal('/a', 't/action/A', {});
    const b = link.sendActionGoal('/b', 't/action/B', {});
    await flush();
    last().receive(
      JSON.stringify({
        op: 'action_result',
        id: a.id,
        action: '/a',
        values: 'Goal was rejected',
        status: GOAL_STATUS.ABORTED,
        result: false,
      }),
    );
    last().receive(JSON.stringify({ op: 'status', id: b.id, level: 'error', msg: 'Unable to load the manifest for package t' }));
    await expect(a.result).resolves.toEqual({ status: 6, ok: false, error: 'Goal was rejected' });
    await expect(b.result).rejects.toThrow('/b: Unable to load the manifest for package t');
    link.close();
  });

  it('the connection ending rejects what is still running (rosbridge ties goals to their connection); nothing is queued', async () => {
    const { link, last } = await ros2Link();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const goal = link.sendActionGoal('/a', 't/action/A', {});
    await flush();
    last().serverClose(1006);
    await expect(goal.result).rejects.toThrow(/connection lost before the result of \/a goal/);
    const offline = link.sendActionGoal('/a', 't/action/A', {});
    await expect(offline.result).rejects.toThrow(/not connected: the \/a goal was not sent/);
    link.close();
  });

  it('a ROS 1 robot (no action ops) refuses at once without sending anything', async () => {
    vi.useFakeTimers();
    const { link, last } = loopbackLink({ services: { '/rosapi/services': () => ({ services: ['/rosapi/topics', '/rosapi/services'] }) } });
    await flush();
    const goal = link.sendActionGoal('/move_base', 'move_base_msgs/MoveBase', {});
    await expect(goal.result).rejects.toThrow(/rosbridge \(ros1\) has no action ops; use its actionlib topics/);
    expect(last().sent.some((f) => f.op === 'send_action_goal')).toBe(false);
    link.close();
  });

  it('the tap sees the goal and cancel go out and feedback and result come in, with the action type', async () => {
    const { link, last } = await ros2Link();
    const events: TapEvent[] = [];
    link.tap((e) => events.push(e));
    const goal = link.sendActionGoal('/nav', 'nav2_msgs/action/NavigateToPose', { x: 1 });
    await flush();
    goal.cancel();
    last().receive(JSON.stringify({ op: 'action_feedback', id: goal.id, action: '/nav', values: { d: 1 } }));
    last().receive(JSON.stringify({ op: 'action_result', id: goal.id, action: '/nav', values: {}, status: 5, result: true }));
    const seen = events.filter((e) => e.topic === '/nav').map((e) => `${e.direction} ${e.op} ${e.type}`);
    expect(seen).toEqual([
      'out send_action_goal nav2_msgs/action/NavigateToPose',
      'out cancel_action_goal nav2_msgs/action/NavigateToPose',
      'in action_feedback nav2_msgs/action/NavigateToPose',
      'in action_result nav2_msgs/action/NavigateToPose',
    ]);
    link.close();
  });
});
