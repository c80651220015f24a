import { describe, expect, it } from 'vitest';
import { checkUrdf, issueText } from '../../src/scene/urdfValidate';
import { humanoidUrdf } from '../../src/sim/humanoid';

const good = `<?xml version="1.0"?>
<!-- a two-link arm -->
<robot name="arm">
  <material name="grey"><color rgba="0.5 0.5 0.5 1"/></material>
  <link name="base_link">
    <visual><origin xyz="0 0 0.1" rpy="0 0 0"/><geometry><box size="0.2 0.2 0.2"/></geometry><material name="grey"/></visual>
  </link>
  <link name="upper">
    <visual><geometry><mesh filename="package://arm_description/meshes/upper.stl" scale="1 1 1"/></geometry></visual>
    <collision><geometry><cylinder radius="0.05" length="0.4"/></geometry></collision>
  </link>
  <joint name="shoulder" type="revolute">
    <parent link="base_link"/><child link="upper"/><axis xyz="0 1 0"/>
    <limit lower="-1" upper="1" effort="10" velocity="1"/>
  </joint>
</robot>`;

const texts = (t: string) => checkUrdf(t).issues.map(issueText);

describe('checkUrdf', () => {
  it('accepts a valid description and lists its meshes', () => {
    const r = checkUrdf(good);
    expect(r.issues).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.meshes).toEqual(['package://arm_description/meshes/upper.stl']);
  });

  it("accepts the simulator's humanoid", () => {
    expect(checkUrdf(humanoidUrdf('atlas-1', [1, 0.5, 0])).issues).toEqual([]);
  });

  it('names the line of an XML syntax error', () => {
    const bad = good.replace('<child link="upper"/>', '<child link="upper">');
    expect(texts(bad)).toEqual(['line 15: </joint> closes <child> opened on line 13']);
    expect(texts('<robot name="x"><link name="a"/>')).toEqual(['line 1: <robot> opened on line 1 is never closed']);
    expect(texts('not xml at all')).toEqual(['line 1: text outside the root element']);
    expect(texts('<robot name="x" name="y"/>')[0]).toContain('appears twice');
  });

  it('names the element of a joint that points at a missing link', () => {
    const bad = good.replace('<child link="upper"/>', '<child link="uper"/>');
    expect(texts(bad)).toContain('line 13, <child>: link "uper" does not exist');
  });

  it('finds loops, two parents, unconnected parts and duplicate names', () => {
    const loop = `<robot name="r">
<link name="a"/><link name="b"/>
<joint name="j1" type="fixed"><parent link="a"/><child link="b"/></joint>
<joint name="j2" type="fixed"><parent link="b"/><child link="a"/></joint>
</robot>`;
    expect(texts(loop).some((t) => t.includes('loop'))).toBe(true);
    const two = `<robot name="r">
<link name="a"/><link name="b"/><link name="c"/><link name="a"/>
<joint name="j1" type="fixed"><parent link="a"/><child link="c"/></joint>
<joint name="j1" type="fixed"><parent link="b"/><child link="c"/></joint>
</robot>`;
    const t = texts(two);
    expect(t).toContain('line 2, <link name="a">: name "a" is used by the link on line 2 too');
    expect(t).toContain('line 4, <joint name="j1">: name "j1" is used by the joint on line 3 too');
    expect(t).toContain('line 4, <joint name="j1">: link "c" already has a parent ("a")');
    expect(t).toContain('line 1, <robot name="r">: has 2 unconnected parts (root links a, b)');
  });

  it('refuses numbers that would become NaN transforms and shapes the loader would crash on', () => {
    const bad = `<robot name="r">
<link name="a">
  <visual><origin xyz="0 0 nan"/><geometry><box size="1 1"/></geometry><material name="m"><color/></material></visual>
  <visual><geometry/></visual>
  <collision><geometry><mesh/></geometry></collision>
</link>
</robot>`;
    expect(texts(bad)).toEqual([
      'line 3, <origin>: xyz="0 0 nan" must be 3 numbers',
      'line 3, <box>: size="1 1" must be 3 numbers',
      'line 3, <color>: has no rgba',
      'line 4, <geometry>: must hold exactly one of <box>, <cylinder>, <sphere> or <mesh>',
      'line 5, <mesh>: has no filename',
    ]);
  });

  it('says a xacro file must be expanded, and that a non-robot root is not a URDF', () => {
    expect(texts('<robot name="r" xmlns:xacro="x"><xacro:include filename="a.xacro"/><link name="a"/></robot>')[0]).toContain(
      'must be expanded by xacro',
    );
    expect(texts('<sdf version="1.6"/>')).toEqual(['line 1, <sdf>: is the root element; a URDF starts with <robot>']);
  });
});
