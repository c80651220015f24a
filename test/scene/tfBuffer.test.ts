import { describe, expect, it } from 'vitest';
import type { TFMessage } from '../../src/scene/rosMsgs';
import { SceneWarnings } from '../../src/scene/sceneWarnings';
import { TfBuffer } from '../../src/scene/tfBuffer';
import { applyToPoint, yawOf } from '../../src/scene/tfMath';

const stamp = (t: number) => ({ secs: Math.floor(t), nsecs: Math.round((t - Math.floor(t)) * 1e9) });
function tf(parent: string, child: string, t: number, x: number, y: number, z: number, yaw = 0): TFMessage {
  return {
    transforms: [
      {
        header: { stamp: stamp(t), frame_id: parent },
        child_frame_id: child,
        transform: {
          translation: { x, y, z },
          rotation: { x: 0, y: 0, z: Math.sin(yaw / 2), w: Math.cos(yaw / 2) },
        },
      },
    ],
  };
}

function ok(r: ReturnType<TfBuffer['lookup']>) {
  if (!r.ok) throw new Error(r.message);
  return r;
}

describe('TfBuffer', () => {
  it('chains map -> odom -> base_link -> laser (hand-computed)', () => {
    const b = new TfBuffer();
    b.addMessage(tf('map', 'odom', 10, 1, 2, 0, Math.PI / 2), false, 0);
    b.addMessage(tf('odom', 'base_link', 10, 3, 0, 0, Math.PI / 2), false, 0);
    b.addMessage(tf('base_link', 'laser', 0, 0.5, 0, 0.2), true, 0);
    // odom rotated +90° at (1,2): base at odom (3,0) -> map (1 + 0, 2 + 3) = (1, 5), yaw 180°.
    const base = ok(b.lookup('map', 'base_link')).transform;
    expect(base.tx).toBeCloseTo(1);
    expect(base.ty).toBeCloseTo(5);
    expect(Math.abs(yawOf(base))).toBeCloseTo(Math.PI);
    // laser 0.5 forward of base (facing -x in map) -> (0.5, 5, 0.2)
    const laser = ok(b.lookup('map', 'laser')).transform;
    expect(laser.tx).toBeCloseTo(0.5);
    expect(laser.ty).toBeCloseTo(5);
    expect(laser.tz).toBeCloseTo(0.2);
    // Inverse direction: map origin seen from base_link.
    const inv = ok(b.lookup('base_link', 'map')).transform;
    const p = applyToPoint(inv, 1, 5, 0);
    expect(p[0]).toBeCloseTo(0);
    expect(p[1]).toBeCloseTo(0);
    // Sibling lookup through common ancestor: laser in odom.
    const lo = ok(b.lookup('odom', 'laser')).transform;
    expect(lo.tx).toBeCloseTo(3);
    expect(lo.ty).toBeCloseTo(0.5);
  });

  it('interpolates translation linearly and rotation by slerp', () => {
    const b = new TfBuffer();
    b.addMessage(tf('map', 'base_link', 1, 0, 0, 0, 0), false, 0);
    b.addMessage(tf('map', 'base_link', 2, 2, 4, 0, Math.PI / 2), false, 0);
    const mid = ok(b.lookup('map', 'base_link', 1.5)).transform;
    expect(mid.tx).toBeCloseTo(1);
    expect(mid.ty).toBeCloseTo(2);
    expect(yawOf(mid)).toBeCloseTo(Math.PI / 4);
    const q = ok(b.lookup('map', 'base_link', 1.25)).transform;
    expect(yawOf(q)).toBeCloseTo(Math.PI / 8);
  });

  it('uses the latest common time of the chain', () => {
    const b = new TfBuffer();
    b.addMessage(tf('map', 'odom', 1, 0, 0, 0), false, 0);
    b.addMessage(tf('map', 'odom', 3, 2, 0, 0), false, 0);
    b.addMessage(tf('odom', 'base_link', 1, 0, 0, 0), false, 0);
    b.addMessage(tf('odom', 'base_link', 2, 0, 1, 0), false, 0);
    const r = ok(b.lookup('map', 'base_link'));
    expect(r.time).toBeCloseTo(2);
    expect(r.transform.tx).toBeCloseTo(1); // map->odom at t=2 is halfway
    expect(r.transform.ty).toBeCloseTo(1);
  });

  it('accepts out-of-order samples and keeps a bounded history', () => {
    const b = new TfBuffer({ maxSamples: 10 });
    for (let i = 0; i < 50; i++) b.addMessage(tf('map', 'base_link', i * 0.02, i, 0, 0), false, 0);
    b.addMessage(tf('map', 'base_link', 0.955, 100, 0, 0), false, 0);
    expect(ok(b.lookup('map', 'base_link', 0.955)).transform.tx).toBeCloseTo(100);
    // Oldest samples were dropped: asking far back is an extrapolation error.
    const old = b.lookup('map', 'base_link', -5);
    expect(old.ok).toBe(false);
    if (!old.ok) expect(old.reason).toBe('extrapolation');
  });

  it('reports unknown and disconnected frames instead of a pose', () => {
    const b = new TfBuffer();
    b.addMessage(tf('map', 'odom', 1, 0, 0, 0), false, 0);
    b.addMessage(tf('odom_other', 'base_link', 1, 0, 0, 0), false, 0);
    const nope = b.lookup('map', 'nowhere');
    expect(nope.ok).toBe(false);
    if (!nope.ok) expect(nope.reason).toBe('unknown-frame');
    const dis = b.lookup('map', 'base_link');
    expect(dis.ok).toBe(false);
    if (!dis.ok) {
      expect(dis.reason).toBe('not-connected');
      expect(dis.message).toBe('frame base_link is not connected to map');
    }
  });

  it('measures staleness on the receive clock', () => {
    const b = new TfBuffer();
    b.addMessage(tf('map', 'odom', 1, 0, 0, 0), false, 1000);
    b.addMessage(tf('odom', 'base_link', 1, 0, 0, 0), false, 5000);
    b.addMessage(tf('base_link', 'head', 0, 0, 0, 1), true, 0);
    expect(ok(b.lookup('map', 'base_link', undefined, 7000)).ageMs).toBe(6000);
    // Static-only chain is never stale.
    expect(ok(b.lookup('base_link', 'head', undefined, 99999)).ageMs).toBe(0);
  });

  it('skips NaN, null, Inf and zero quaternions, counting warnings, and keeps the rest', () => {
    const w = new SceneWarnings();
    const b = new TfBuffer({ warnings: w });
    const good = tf('map', 'odom', 1, 1, 0, 0).transforms[0];
    const mk = (tr: unknown, rot: unknown) => ({
      header: { stamp: stamp(1), frame_id: 'map' },
      child_frame_id: 'bad',
      transform: { translation: tr, rotation: rot },
    });
    b.addMessage(
      {
        transforms: [
          mk({ x: NaN, y: 0, z: 0 }, { x: 0, y: 0, z: 0, w: 1 }),
          mk({ x: null, y: 0, z: 0 }, { x: 0, y: 0, z: 0, w: 1 }),
          mk({ x: Infinity, y: 0, z: 0 }, { x: 0, y: 0, z: 0, w: 1 }),
          mk({ x: 0, y: 0, z: 0 }, { x: 0, y: 0, z: 0, w: 0 }),
          good,
        ],
      } as unknown as TFMessage,
      false,
      0,
    );
    expect(w.count('bad-transform')).toBe(4);
    expect(b.hasFrame('bad')).toBe(false);
    expect(ok(b.lookup('map', 'odom')).transform.tx).toBe(1);
    expect(() => b.addMessage(null, false, 0)).not.toThrow();
    expect(() => b.addMessage({ transforms: [null] } as unknown as TFMessage, false, 0)).not.toThrow();
  });

  it('normalises non-unit quaternions and leading slashes', () => {
    const b = new TfBuffer();
    const m = tf('/map', '/base_link', 1, 0, 0, 0);
    m.transforms[0].transform.rotation = { x: 0, y: 0, z: 2, w: 2 };
    b.addMessage(m, false, 0);
    const r = ok(b.lookup('map', 'base_link')).transform;
    expect(Math.hypot(r.qx, r.qy, r.qz, r.qw)).toBeCloseTo(1);
    expect(yawOf(r)).toBeCloseTo(Math.PI / 2);
  });

  it('refuses edges that would form a loop', () => {
    const w = new SceneWarnings();
    const b = new TfBuffer({ warnings: w });
    b.addMessage(tf('map', 'odom', 1, 0, 0, 0), false, 0);
    b.addMessage(tf('odom', 'base_link', 1, 0, 0, 0), false, 0);
    b.addMessage(tf('base_link', 'map', 1, 0, 0, 0), false, 0);
    expect(w.count('tf-cycle')).toBe(1);
    expect(ok(b.lookup('map', 'base_link')).transform.tx).toBe(0);
  });
});
