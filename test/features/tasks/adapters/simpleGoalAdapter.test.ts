import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PlanarTf, SimpleGoalAdapter } from '../../../../src/features/tasks/adapters/simpleGoalAdapter';
import { FakeLink } from '../../../support/fakeLink';
import { host, task, tpl } from './adapterKit';

describe('plain goal topic adapter', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const tfAt = (x: number, y: number) => ({
    transforms: [
      {
        header: { frame_id: 'map' },
        child_frame_id: 'odom',
        transform: { translation: { x: 1, y: 0, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
      },
      {
        header: { frame_id: 'odom' },
        child_frame_id: 'base_link',
        transform: { translation: { x: x - 1, y, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
      },
    ],
  });

  it('publishes a PoseStamped and judges arrival from map->base_link in /tf', async () => {
    const link = new FakeLink();
    const { h, updates } = host();
    const a = new SimpleGoalAdapter(link, tpl('simpleGoal'), h);
    await a.dispatch(task(), 'g');
    expect(link.frames[0]).toEqual({ op: 'advertise', topic: '/move_base_simple/goal', type: 'geometry_msgs/PoseStamped' });
    expect(link.published('/move_base_simple/goal')).toEqual([
      { header: { frame_id: 'map' }, pose: { position: { x: 0.3, y: 0.1, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
    ]);
    link.emit('/tf', tfAt(3, 3));
    vi.advanceTimersByTime(300);
    expect(updates.find((u) => u.state)).toMatchObject({ state: 'active' });
    link.emit('/tf', tfAt(0.35, 0.1));
    vi.advanceTimersByTime(300);
    expect(updates.at(-1)).toMatchObject({ state: 'succeeded' });
  });

  it('fails on timeout with how far the robot still is', async () => {
    const link = new FakeLink();
    const { h, updates } = host();
    const a = new SimpleGoalAdapter(link, { ...tpl('simpleGoal'), timeoutSec: 2 }, h);
    await a.dispatch(task(), 'g');
    link.emit('/tf', tfAt(3.3, 0.1));
    vi.advanceTimersByTime(2500);
    expect(updates.at(-1)).toMatchObject({ state: 'failed' });
    expect(updates.at(-1)!.reason).toMatch(/still 3.00 m from the target after 2 s/);
  });

  it('composes rotated frames', () => {
    const tf = new PlanarTf();
    const s = Math.SQRT1_2;
    tf.add({
      transforms: [
        {
          header: { frame_id: '/map' },
          child_frame_id: 'odom',
          transform: { translation: { x: 1, y: 0 }, rotation: { x: 0, y: 0, z: s, w: s } },
        },
        {
          header: { frame_id: 'odom' },
          child_frame_id: 'base_link',
          transform: { translation: { x: 1, y: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
        },
      ],
    });
    const p = tf.pose('map', 'base_link')!;
    expect(p.x).toBeCloseTo(1);
    expect(p.y).toBeCloseTo(1);
    expect(p.yaw).toBeCloseTo(Math.PI / 2);
    expect(tf.pose('map', 'nowhere')).toBeUndefined();
  });
});
