import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { MeshCache, resolveMeshUri } from '../../src/scene/meshSource';
import { buildUrdfBody } from '../../src/scene/urdfBody';
import { installXmlDomShim } from '../support/xmlDomShim';

installXmlDomShim();

// A binary STL with one triangle.
function stl(): ArrayBuffer {
  const buf = new ArrayBuffer(84 + 50);
  const v = new DataView(buf);
  v.setUint32(80, 1, true);
  const pts = [0, 0, 0, 1, 0, 0, 0, 1, 0];
  pts.forEach((p, i) => v.setFloat32(84 + 12 + i * 4, p, true));
  return buf;
}

const urdf = `<robot name="r">
  <link name="base_link">
    <visual><geometry><mesh filename="package://r_description/meshes/torso.stl"/></geometry></visual>
  </link>
  <link name="arm">
    <visual><geometry><mesh filename="meshes/arm.stl"/></geometry></visual>
    <collision><geometry><cylinder radius="0.05" length="0.3"/></geometry></collision>
  </link>
  <link name="hand">
    <visual><geometry><mesh filename="package://r_description/meshes/hand.dae"/></geometry></visual>
  </link>
  <joint name="j1" type="fixed"><parent link="base_link"/><child link="arm"/></joint>
  <joint name="j2" type="fixed"><parent link="arm"/><child link="hand"/></joint>
</robot>`;

function meshesUnder(o: THREE.Object3D): THREE.Mesh[] {
  const out: THREE.Mesh[] = [];
  o.traverseVisible((c) => {
    if ((c as THREE.Mesh).isMesh) out.push(c as THREE.Mesh);
  });
  return out;
}

describe('resolveMeshUri', () => {
  it('resolves package://, relative and share/ install paths under the base; http URLs only under it', () => {
    const base = 'http://meshes.local/site/';
    expect(resolveMeshUri('package://pkg/meshes/a.stl', base)).toBe('http://meshes.local/site/pkg/meshes/a.stl');
    expect(resolveMeshUri('meshes/a.stl', base)).toBe('http://meshes.local/site/meshes/a.stl');
    expect(resolveMeshUri('file:///opt/ros/humble/share/pkg/meshes/a.dae', base)).toBe('http://meshes.local/site/pkg/meshes/a.dae');
    expect(resolveMeshUri('http://meshes.local/site/pkg/a.obj', base)).toBe('http://meshes.local/site/pkg/a.obj');
    expect(() => resolveMeshUri('https://elsewhere.example/a.obj', base)).toThrow('not under the mesh source');
    expect(() => resolveMeshUri('http://meshes.local/sitex/a.obj', 'http://meshes.local/site')).toThrow('not under');
    expect(() => resolveMeshUri('package://pkg/a.stl', undefined)).toThrow('no mesh source');
    expect(() => resolveMeshUri('package://pkg/../../etc/passwd', base)).toThrow('leaves its package');
  });
});

describe('buildUrdfBody', () => {
  it('loads meshes through the source, once per file, and falls back to collision shapes or a box, naming what is missing', async () => {
    const fetched: string[] = [];
    const cache = new MeshCache(async (url) => {
      fetched.push(url);
      if (url.endsWith('torso.stl')) return stl();
      throw new Error('HTTP 404');
    });
    const a = buildUrdfBody(urdf, 'http://m/', cache);
    const missing = await a.settled;
    expect(missing.map((m) => m.uri).sort()).toEqual(['meshes/arm.stl', 'package://r_description/meshes/hand.dae']);
    expect(missing.find((m) => m.uri === 'meshes/arm.stl')!.reason).toBe('http://m/meshes/arm.stl: HTTP 404');
    const link = (n: string) => a.robot.links[n]!;
    // torso: the STL itself
    expect(meshesUnder(link('base_link')).some((m) => m.geometry.getAttribute('position')?.count === 3)).toBe(true);
    // arm: its collision cylinder is shown instead
    const armShown = meshesUnder(link('arm'));
    expect(armShown.some((m) => m.geometry instanceof THREE.CylinderGeometry)).toBe(true);
    // hand: no collision shape, a grey box
    expect(meshesUnder(link('hand')).map((m) => m.name)).toContain('missing-mesh-box');
    // a second robot of the same model fetches nothing new that loaded before
    const b = buildUrdfBody(urdf, 'http://m/', cache);
    await b.settled;
    expect(fetched.filter((u) => u.endsWith('torso.stl'))).toHaveLength(1);
  });

  it('without a mesh source every mesh falls back and says why', async () => {
    const body = buildUrdfBody(urdf, undefined, new MeshCache(() => Promise.reject(new Error('unused'))));
    const missing = await body.settled;
    expect(missing).toHaveLength(3);
    expect(missing[0]!.reason).toContain('no mesh source');
    // collision shapes of links whose visual loaded stay hidden; a file that does not parse is named too
    const hidden = new MeshCache(async () => stl());
    const ok = buildUrdfBody(urdf, 'http://m/', hidden);
    expect((await ok.settled).map((m) => m.uri)).toEqual(['package://r_description/meshes/hand.dae']);
    expect(meshesUnder(ok.robot.links.arm!).some((m) => m.geometry instanceof THREE.CylinderGeometry)).toBe(false);
  });
});
