// The simulated humanoid: a URDF made of primitives (28 revolute joints) and a cheap gait generator
// that fills /joint_states positions for walking (driven by speed and turn rate) and idle sway.

interface JointSpec {
  name: string;
  parent: string;
  child: string;
  xyz: [number, number, number];
  axis: [number, number, number];
  lower: number;
  upper: number;
}

interface LinkVisual {
  name: string;
  geom?: string;
  xyz?: [number, number, number];
  rpy?: [number, number, number];
  material?: string;
}

const SIDES = [
  ['left', 1],
  ['right', -1],
] as const;

function build(): { joints: JointSpec[]; links: LinkVisual[] } {
  const joints: JointSpec[] = [];
  const links: LinkVisual[] = [
    { name: 'base_link' },
    { name: 'pelvis', geom: '<box size="0.24 0.32 0.16"/>', material: 'shell' },
    { name: 'torso_yaw_link' },
    { name: 'torso', geom: '<box size="0.26 0.4 0.45"/>', xyz: [0, 0, 0.24], material: 'accent' },
    { name: 'neck_link', geom: '<cylinder radius="0.05" length="0.08"/>', xyz: [0, 0, 0.04], material: 'joint' },
    { name: 'head', geom: '<sphere radius="0.12"/>', xyz: [0, 0, 0.12], material: 'shell' },
  ];
  const j = (
    name: string,
    parent: string,
    child: string,
    xyz: JointSpec['xyz'],
    axis: JointSpec['axis'],
    lower: number,
    upper: number,
  ): void => {
    joints.push({ name, parent, child, xyz, axis, lower, upper });
  };
  j('torso_yaw', 'pelvis', 'torso_yaw_link', [0, 0, 0.1], [0, 0, 1], -1.2, 1.2);
  j('torso_pitch', 'torso_yaw_link', 'torso', [0, 0, 0.02], [0, 1, 0], -0.5, 0.8);
  j('neck_yaw', 'torso', 'neck_link', [0, 0, 0.47], [0, 0, 1], -1.4, 1.4);
  j('neck_pitch', 'neck_link', 'head', [0, 0, 0.08], [0, 1, 0], -0.6, 0.7);
  for (const [side, s] of SIDES) {
    const p = (n: string): string => `${side}_${n}`;
    // leg
    links.push(
      { name: p('hip_yaw_link') },
      { name: p('hip_roll_link'), geom: '<sphere radius="0.06"/>', material: 'joint' },
      { name: p('thigh'), geom: '<cylinder radius="0.06" length="0.4"/>', xyz: [0, 0, -0.2], material: 'shell' },
      { name: p('shin'), geom: '<cylinder radius="0.05" length="0.4"/>', xyz: [0, 0, -0.2], material: 'accent' },
      { name: p('ankle_link'), geom: '<sphere radius="0.04"/>', material: 'joint' },
      { name: p('foot'), geom: '<box size="0.24 0.1 0.05"/>', xyz: [0.04, 0, -0.055], material: 'dark' },
    );
    j(p('hip_yaw'), 'pelvis', p('hip_yaw_link'), [0, 0.1 * s, -0.05], [0, 0, 1], -0.8, 0.8);
    j(p('hip_roll'), p('hip_yaw_link'), p('hip_roll_link'), [0, 0, 0], [1, 0, 0], -0.5, 0.5);
    j(p('hip_pitch'), p('hip_roll_link'), p('thigh'), [0, 0, 0], [0, 1, 0], -1.6, 1.0);
    j(p('knee'), p('thigh'), p('shin'), [0, 0, -0.4], [0, 1, 0], 0, 2.2);
    j(p('ankle_pitch'), p('shin'), p('ankle_link'), [0, 0, -0.4], [0, 1, 0], -1.0, 0.8);
    j(p('ankle_roll'), p('ankle_link'), p('foot'), [0, 0, 0], [1, 0, 0], -0.4, 0.4);
    // arm
    links.push(
      { name: p('shoulder_link'), geom: '<sphere radius="0.06"/>', material: 'joint' },
      { name: p('shoulder_roll_link') },
      { name: p('upper_arm'), geom: '<cylinder radius="0.045" length="0.28"/>', xyz: [0, 0, -0.14], material: 'shell' },
      { name: p('forearm'), geom: '<cylinder radius="0.04" length="0.25"/>', xyz: [0, 0, -0.125], material: 'accent' },
      { name: p('wrist_link') },
      { name: p('hand'), geom: '<box size="0.06 0.04 0.1"/>', xyz: [0, 0, -0.05], material: 'dark' },
    );
    j(p('shoulder_pitch'), 'torso', p('shoulder_link'), [0, 0.25 * s, 0.4], [0, 1, 0], -2.5, 2.5);
    j(p('shoulder_roll'), p('shoulder_link'), p('shoulder_roll_link'), [0, 0, 0], [1, 0, 0], s > 0 ? -0.3 : -2.5, s > 0 ? 2.5 : 0.3);
    j(p('shoulder_yaw'), p('shoulder_roll_link'), p('upper_arm'), [0, 0, 0], [0, 0, 1], -1.5, 1.5);
    j(p('elbow'), p('upper_arm'), p('forearm'), [0, 0, -0.28], [0, 1, 0], -2.4, 0);
    j(p('wrist_yaw'), p('forearm'), p('wrist_link'), [0, 0, -0.25], [0, 0, 1], -1.5, 1.5);
    j(p('wrist_pitch'), p('wrist_link'), p('hand'), [0, 0, 0], [0, 1, 0], -1.2, 1.2);
  }
  return { joints, links };
}

const MODEL = build();
export const JOINT_NAMES: readonly string[] = MODEL.joints.map((j) => j.name);
const IDX = new Map(JOINT_NAMES.map((n, i) => [n, i]));
/** Height of the pelvis joint above the feet soles. */
export const PELVIS_HEIGHT = 0.93;

const fmt = (v: readonly number[]): string => v.map((x) => String(x)).join(' ');

/** Package of the mesh variant's files (test/fixtures/meshes/sim_humanoid: STL, COLLADA and OBJ; foot.stl is left out). */
export const MESH_PACKAGE = 'sim_humanoid';

/** Links drawn from mesh files in the mesh variant (by name without left_/right_): file, origin, scale. */
const MESHED: Record<string, { file: string; xyz: [number, number, number]; scale?: string }> = {
  torso: { file: 'torso.stl', xyz: [0, 0, 0.24] },
  head: { file: 'head.dae', xyz: [0, 0, 0.12] },
  thigh: { file: 'leg.stl', xyz: [0, 0, 0] },
  shin: { file: 'leg.stl', xyz: [0, 0, 0] },
  upper_arm: { file: 'arm.obj', xyz: [0, 0, 0], scale: '1 1 0.56' },
  forearm: { file: 'arm.obj', xyz: [0, 0, 0], scale: '0.9 0.9 0.5' },
  foot: { file: 'foot.stl', xyz: [0.04, 0, -0.055] },
};

function linkXml(l: LinkVisual, meshes: boolean): string {
  if (!l.geom) return `  <link name="${l.name}"/>`;
  const origin = (xyz?: readonly number[], rpy?: readonly number[]) =>
    xyz || rpy ? `<origin xyz="${fmt(xyz ?? [0, 0, 0])}" rpy="${fmt(rpy ?? [0, 0, 0])}"/>` : '';
  const primitive = `${origin(l.xyz, l.rpy)}<geometry>${l.geom}</geometry>`;
  const m = meshes ? MESHED[l.name.replace(/^(left|right)_/, '')] : undefined;
  if (!m) return `  <link name="${l.name}"><visual>${primitive}<material name="${l.material}"/></visual></link>`;
  const scale = m.scale ? ` scale="${m.scale}"` : '';
  const mesh = `<mesh filename="package://${MESH_PACKAGE}/meshes/${m.file}"${scale}/>`;
  return (
    `  <link name="${l.name}"><visual>${origin(m.xyz)}<geometry>${mesh}</geometry><material name="${l.material}"/></visual>` +
    `<collision>${primitive}</collision></link>`
  );
}

/**
 * The URDF (robot_description) for a humanoid named `name` with an accent colour (rgba 0..1). With `meshes`,
 * torso, head, legs, arms and feet are package:// mesh files (collision shapes stay primitives), as a real
 * humanoid's description is.
 */
export function humanoidUrdf(name: string, accent: readonly [number, number, number], opts: { meshes?: boolean } = {}): string {
  const out: string[] = ['<?xml version="1.0"?>', `<robot name="${name}">`];
  const mats: Record<string, string> = {
    shell: '0.85 0.86 0.88 1',
    accent: `${fmt(accent)} 1`,
    joint: '0.25 0.25 0.28 1',
    dark: '0.12 0.12 0.14 1',
  };
  for (const [m, rgba] of Object.entries(mats)) out.push(`  <material name="${m}"><color rgba="${rgba}"/></material>`);
  for (const l of MODEL.links) out.push(linkXml(l, !!opts.meshes));
  out.push(
    '  <joint name="base_to_pelvis" type="fixed">',
    '    <parent link="base_link"/><child link="pelvis"/>',
    `    <origin xyz="0 0 ${PELVIS_HEIGHT}" rpy="0 0 0"/>`,
    '  </joint>',
  );
  for (const j of MODEL.joints) {
    out.push(
      `  <joint name="${j.name}" type="revolute">`,
      `    <parent link="${j.parent}"/><child link="${j.child}"/>`,
      `    <origin xyz="${fmt(j.xyz)}" rpy="0 0 0"/><axis xyz="${fmt(j.axis)}"/>`,
      `    <limit lower="${j.lower}" upper="${j.upper}" effort="150" velocity="6"/>`,
      '  </joint>',
    );
  }
  out.push('</robot>', '');
  return out.join('\n');
}

/** Gait state: integrate with step(), read positions with pose(). */
export class Gait {
  private phase = 0;
  private t = 0;
  private amp = 0;
  readonly positions = new Array<number>(JOINT_NAMES.length).fill(0);
  readonly velocities = new Array<number>(JOINT_NAMES.length).fill(0);

  constructor(private readonly seed = 0) {}

  /** Advance by dt seconds with forward speed v (m/s) and turn rate w (rad/s). */
  step(dt: number, v: number, w: number, maxSpeed: number): void {
    this.t += dt;
    const target = Math.min(1, (Math.abs(v) + 0.3 * Math.abs(w)) / Math.max(0.1, maxSpeed));
    this.amp += (target - this.amp) * Math.min(1, dt * 4);
    const freq = 0.8 + 1.0 * Math.min(1, Math.abs(v) / Math.max(0.1, maxSpeed));
    if (this.amp > 0.02) this.phase += 2 * Math.PI * freq * dt * (v < 0 ? -1 : 1);
    const prev = this.positions.slice();
    const a = this.amp;
    const ph = this.phase;
    const set = (n: string, val: number): void => {
      this.positions[IDX.get(n)!] = val;
    };
    const idle = 1 - a;
    const tt = this.t + this.seed * 3.1;
    for (const [side, s] of SIDES) {
      const p = (n: string): string => `${side}_${n}`;
      const sw = Math.sin(ph + (s > 0 ? 0 : Math.PI));
      const lift = Math.max(0, Math.sin(ph + (s > 0 ? 0 : Math.PI) + Math.PI / 2));
      const hip = -0.45 * a * sw - 0.05;
      const knee = 0.1 + a * 0.9 * lift;
      set(p('hip_pitch'), hip);
      set(p('knee'), knee);
      set(p('ankle_pitch'), -(hip + knee) * 0.8);
      set(p('hip_roll'), 0.06 * a * Math.sin(ph) * s);
      set(p('ankle_roll'), -0.06 * a * Math.sin(ph) * s);
      set(p('hip_yaw'), 0.15 * Math.max(-1, Math.min(1, w)) * a * s * sw);
      set(p('shoulder_pitch'), 0.5 * a * sw + idle * 0.03 * Math.sin(tt * 0.7 + s));
      set(p('shoulder_roll'), 0.12 * s);
      set(p('shoulder_yaw'), 0);
      set(p('elbow'), -0.35 - 0.3 * a * Math.max(0, -sw));
      set(p('wrist_yaw'), idle * 0.05 * Math.sin(tt * 0.5));
      set(p('wrist_pitch'), 0.05);
    }
    set('torso_yaw', 0.08 * a * Math.sin(ph) + idle * 0.04 * Math.sin(tt * 0.4));
    set('torso_pitch', 0.06 * a + idle * 0.02 * Math.sin(tt * 0.9));
    set('neck_yaw', idle * 0.5 * Math.sin(tt * 0.23) + 0.3 * Math.max(-1, Math.min(1, w)));
    set('neck_pitch', idle * 0.1 * Math.sin(tt * 0.31) - 0.05 * a);
    for (let i = 0; i < this.positions.length; i++) this.velocities[i] = dt > 0 ? (this.positions[i]! - prev[i]!) / dt : 0;
  }
}
