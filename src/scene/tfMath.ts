// Rigid transforms as plain numbers (no three.js) so the TF buffer runs in Node benches and tests.
// A Transform maps points from the child frame into the parent frame: p_parent = R * p_child + t.

export interface Transform {
  tx: number;
  ty: number;
  tz: number;
  qx: number;
  qy: number;
  qz: number;
  qw: number;
}

export const identity = (): Transform => ({ tx: 0, ty: 0, tz: 0, qx: 0, qy: 0, qz: 0, qw: 1 });

const fin = Number.isFinite;

/** Checks and normalises a translation + rotation; null when NaN/Inf/null or a (near) zero quaternion. */
export function makeTransform(t: unknown, q: unknown): Transform | null {
  if (!t || !q || typeof t !== 'object' || typeof q !== 'object') return null;
  const { x: tx, y: ty, z: tz } = t as Record<string, unknown>;
  const { x: qx, y: qy, z: qz, w: qw } = q as Record<string, unknown>;
  if (!fin(tx) || !fin(ty) || !fin(tz) || !fin(qx) || !fin(qy) || !fin(qz) || !fin(qw)) return null;
  const n = Math.hypot(qx as number, qy as number, qz as number, qw as number);
  if (!(n > 1e-6) || !fin(n)) return null;
  return {
    tx: tx as number,
    ty: ty as number,
    tz: tz as number,
    qx: (qx as number) / n,
    qy: (qy as number) / n,
    qz: (qz as number) / n,
    qw: (qw as number) / n,
  };
}

/** a ∘ b: first b, then a (p' = a(b(p))). */
export function compose(a: Transform, b: Transform, out: Transform = identity()): Transform {
  const [rx, ry, rz] = rotate(a, b.tx, b.ty, b.tz);
  const qx = a.qw * b.qx + a.qx * b.qw + a.qy * b.qz - a.qz * b.qy;
  const qy = a.qw * b.qy - a.qx * b.qz + a.qy * b.qw + a.qz * b.qx;
  const qz = a.qw * b.qz + a.qx * b.qy - a.qy * b.qx + a.qz * b.qw;
  const qw = a.qw * b.qw - a.qx * b.qx - a.qy * b.qy - a.qz * b.qz;
  out.tx = rx + a.tx;
  out.ty = ry + a.ty;
  out.tz = rz + a.tz;
  out.qx = qx;
  out.qy = qy;
  out.qz = qz;
  out.qw = qw;
  return out;
}

export function invert(a: Transform): Transform {
  const inv = { tx: 0, ty: 0, tz: 0, qx: -a.qx, qy: -a.qy, qz: -a.qz, qw: a.qw };
  const [x, y, z] = rotate(inv, a.tx, a.ty, a.tz);
  inv.tx = -x;
  inv.ty = -y;
  inv.tz = -z;
  return inv;
}

/** Rotates a vector by the transform's quaternion. */
export function rotate(q: Transform, x: number, y: number, z: number): [number, number, number] {
  // v' = v + 2w(u×v) + 2u×(u×v)
  const cx = q.qy * z - q.qz * y;
  const cy = q.qz * x - q.qx * z;
  const cz = q.qx * y - q.qy * x;
  const ccx = q.qy * cz - q.qz * cy;
  const ccy = q.qz * cx - q.qx * cz;
  const ccz = q.qx * cy - q.qy * cx;
  return [x + 2 * (q.qw * cx + ccx), y + 2 * (q.qw * cy + ccy), z + 2 * (q.qw * cz + ccz)];
}

export function applyToPoint(t: Transform, x: number, y: number, z: number): [number, number, number] {
  const [a, b, c] = rotate(t, x, y, z);
  return [a + t.tx, b + t.ty, c + t.tz];
}

/** Linear translation, spherical rotation (shortest arc). s in [0, 1]. */
export function interpolate(a: Transform, b: Transform, s: number, out: Transform = identity()): Transform {
  out.tx = a.tx + (b.tx - a.tx) * s;
  out.ty = a.ty + (b.ty - a.ty) * s;
  out.tz = a.tz + (b.tz - a.tz) * s;
  let bx = b.qx,
    by = b.qy,
    bz = b.qz,
    bw = b.qw;
  let cos = a.qx * bx + a.qy * by + a.qz * bz + a.qw * bw;
  if (cos < 0) {
    cos = -cos;
    bx = -bx;
    by = -by;
    bz = -bz;
    bw = -bw;
  }
  let k0: number, k1: number;
  if (cos > 0.9995) {
    k0 = 1 - s;
    k1 = s;
  } else {
    const th = Math.acos(Math.min(1, cos));
    const sin = Math.sin(th);
    k0 = Math.sin((1 - s) * th) / sin;
    k1 = Math.sin(s * th) / sin;
  }
  const qx = a.qx * k0 + bx * k1,
    qy = a.qy * k0 + by * k1,
    qz = a.qz * k0 + bz * k1,
    qw = a.qw * k0 + bw * k1;
  const n = Math.hypot(qx, qy, qz, qw) || 1;
  out.qx = qx / n;
  out.qy = qy / n;
  out.qz = qz / n;
  out.qw = qw / n;
  return out;
}

/** Heading about +Z (REP-103: x forward, y left, z up). */
export function yawOf(q: { qx: number; qy: number; qz: number; qw: number }): number {
  return Math.atan2(2 * (q.qw * q.qz + q.qx * q.qy), 1 - 2 * (q.qy * q.qy + q.qz * q.qz));
}

export function fromYaw(x: number, y: number, z: number, yaw: number): Transform {
  return { tx: x, ty: y, tz: z, qx: 0, qy: 0, qz: Math.sin(yaw / 2), qw: Math.cos(yaw / 2) };
}
