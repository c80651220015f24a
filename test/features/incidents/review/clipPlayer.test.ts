import { describe, expect, it } from 'vitest';
import { readClip, writeClip, type ClipInputMessage } from '../../../../src/features/incidents/mcapClip';
import { ClipPlayer } from '../../../../src/features/incidents/review/clipPlayer';
import { ReplayLink } from '../../../../src/features/incidents/review/replayLink';

const T0 = 1_700_000_000_000;
function tf(i: number) {
  return {
    transforms: [
      {
        header: { seq: i, stamp: { secs: 100 + Math.floor(i / 10), nsecs: (i % 10) * 1e8 }, frame_id: 'map' },
        child_frame_id: 'base_link',
        transform: { translation: { x: i * 0.1, y: 0, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } },
      },
    ],
  };
}

async function clip() {
  const msgs: ClipInputMessage[] = [{ topic: '/tf_static', type: 'tf2_msgs/TFMessage', msg: { transforms: [] }, receivedAt: T0 }];
  for (let i = 0; i <= 100; i++) msgs.push({ topic: '/tf', type: 'tf2_msgs/TFMessage', msg: tf(i), receivedAt: T0 + i * 100 });
  return readClip(await writeClip(msgs, { params: { '/robot_description': '<robot name="r"/>' } }));
}

function manualClock() {
  let t = 0;
  let tick: (() => void) | undefined;
  return {
    now: () => t,
    schedule: (fn: () => void) => ((tick = fn), () => (tick = undefined)),
    advance(ms: number) {
      t += ms;
      tick?.();
    },
  };
}

describe('clip player', () => {
  it('emits messages at their times, pauses, and scrubs with a state restore', async () => {
    const c = await clip();
    const clock = manualClock();
    const player = new ClipPlayer(c, { now: clock.now, schedule: clock.schedule });
    const xs: number[] = [];
    const restores: string[] = [];
    player.onMessage((m, msg, restore) => {
      if (restore) restores.push(m.topic);
      if (m.topic === '/tf') xs.push((msg as ReturnType<typeof tf>).transforms[0]!.transform.translation.x);
    });
    expect(player.durationMs).toBe(10_000);
    player.play();
    expect(xs).toEqual([0]);
    clock.advance(1000);
    expect(xs.length).toBe(11);
    expect(xs[10]).toBeCloseTo(1.0);
    player.pause();
    clock.advance(5000);
    expect(xs.length).toBe(11);
    expect(player.state()).toMatchObject({ playing: false, positionMs: 1000 });

    xs.length = 0;
    player.seek(5000);
    // State restore: the latched /tf_static and the last 2 s of /tf (one /tf rarely holds the whole tree).
    expect([...new Set(restores)].sort()).toEqual(['/tf', '/tf_static']);
    expect(xs).toHaveLength(21);
    expect(xs[0]).toBeCloseTo(3.0);
    expect(xs[20]).toBeCloseTo(5.0);
    player.setRate(2);
    player.play();
    clock.advance(1000);
    expect(xs[xs.length - 1]).toBeCloseTo(7.0);
    clock.advance(10_000);
    expect(player.state()).toMatchObject({ playing: false, positionMs: 10_000 });
  });

  it('drives a ReplayLink that the scene can subscribe to', async () => {
    const c = await clip();
    const clock = manualClock();
    const player = new ClipPlayer(c, { now: clock.now, schedule: clock.schedule });
    const link = new ReplayLink('inc-1', player, c.params);
    const stamps: number[] = [];
    const xs: number[] = [];
    link.subscribe<ReturnType<typeof tf>>('/tf', { type: 'tf2_msgs/TFMessage' }, (m, at) => {
      expect(at).toBeGreaterThan(0);
      stamps.push(m.transforms[0]!.header.stamp.secs + m.transforms[0]!.header.stamp.nsecs * 1e-9);
      xs.push(m.transforms[0]!.transform.translation.x);
    });
    expect(await link.getParam('/robot_description')).toContain('<robot');
    expect(link.status().state).toBe('connected');
    player.play();
    clock.advance(3000);
    expect(xs[xs.length - 1]).toBeCloseTo(3.0); // the robot moves
    expect(link.latest('/tf')).toBeTruthy();
    player.seek(1000); // back: stamps keep increasing for the TF buffer
    clock.advance(500);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]!).toBeGreaterThan(stamps[i - 1]!);
    expect(xs[xs.length - 1]).toBeCloseTo(1.5);
    await expect(link.callService('/x', 'std_srvs/Trigger', {})).rejects.toThrow(/replay/);
    link.close();
    expect(link.status().state).toBe('closed');
  });
});
