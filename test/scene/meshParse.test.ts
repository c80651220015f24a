// URDF mesh files parsed in a preparation worker come back as the very body the UI thread would have parsed:
// same objects, attributes (byte for byte), groups, bounds and materials; their buffers are transferred, not
// copied; a file that cannot be read is answered with why. The mesh cache sends STL, OBJ and COLLADA to the pool,
// parses a COLLADA file that names textures here (the worker hands it back), and parses a file here when the
// worker itself fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as THREE from 'three';
import { beforeAll, describe, expect, it } from 'vitest';
import { MESH_PACKAGE } from '../../src/sim/humanoid';
import { coarseGeometryOf } from '../../src/scene/meshDetail';
import { meshDetailReady } from '../../src/scene/meshSimplify';
import { meshFromBuffers, prepareMesh, type MeshPrepResult } from '../../src/scene/meshParse';
import { MeshCache, parseMesh } from '../../src/scene/meshSource';
import { PrepPool, type PrepPort } from '../../src/scene/prepPool';
import { handlePrep, scenePrepHandlers, type PrepReply, type PrepRequest } from '../../src/scene/prep';
import { withXmlDom } from '../../src/scene/workerXml';
import { DOMParser as XmlDomParser } from '@xmldom/xmldom';
import { finerStl } from '../support/bigMesh';
import { installXmlDomShim } from '../support/xmlDomShim';

installXmlDomShim();
// Big meshes get their coarse twins once the simplifier is compiled (as the worker waits for it).
beforeAll(() => meshDetailReady());

const MESHES = join(import.meta.dirname, '..', 'fixtures', 'meshes', MESH_PACKAGE, 'meshes');
const file = (name: string): ArrayBuffer => {
  const b = readFileSync(join(MESHES, name));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

/** A binary STL of `n` triangles; with `colors`, the VisCAM/SolidView per-face colours (and a default colour). */
function binaryStl(n: number, colors = false): ArrayBuffer {
  const buf = new ArrayBuffer(84 + 50 * n);
  const v = new DataView(buf);
  if (colors) {
    'COLOR='.split('').forEach((c, i) => v.setUint8(i, c.charCodeAt(0)));
    [200, 100, 50, 128].forEach((c, i) => v.setUint8(6 + i, c));
  }
  v.setUint32(80, n, true);
  for (let t = 0; t < n; t++) {
    const o = 84 + 50 * t;
    for (let k = 0; k < 9; k++) v.setFloat32(o + 12 + k * 4, Math.sin(t * 9 + k) * (1 + (t % 7)), true);
    // bit 15 clear: the face has its own colour (5 bits each)
    if (colors) v.setUint16(o + 48, t % 3 === 0 ? 0x8000 : (t % 31) | (((t * 3) % 31) << 5) | (((t * 7) % 31) << 10), true);
  }
  return buf;
}

const ASCII_STL = `solid part
facet normal 0 0 0
  outer loop
    vertex 0 0 0
    vertex 1 0 0
    vertex 0 1 0
  endloop
endfacet
facet normal 0 0 1
  outer loop
    vertex 1 0 0
    vertex 1 1 0.5
    vertex 0 1 0
  endloop
endfacet
endsolid part
`;

/** Two objects, the first with two materials (groups), smoothing off in one; a polyline and points. */
const OBJ = `o hand
v 0 0 0
v 1 0 0
v 1 1 0
v 0 1 0
v 0 0 1
vt 0 0
vt 1 0
vt 1 1
vn 0 0 1
usemtl skin
f 1/1/1 2/2/1 3/3/1
s off
usemtl nail
f 1/1/1 3/3/1 4/1/1
o cable
l 1 5 2
o dots
p 3 4
`;

/**
 * A COLLADA document: one part with a shiny (phong: emission, specular, shininess) and a matte
 * (lambert) material, moved and turned; an empty <library_images/> as Blender writes it, or an image (a texture);
 * optionally a camera and a light in the scene, as Blender's default scene leaves them.
 */
function colladaDoc(opts: { image?: boolean; camera?: boolean } = {}): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<COLLADA xmlns="http://www.collada.org/2005/11/COLLADASchema" version="1.4.1">
  <asset><unit name="meter" meter="1"/><up_axis>Z_UP</up_axis></asset>
  ${opts.image ? '<library_images><image id="tex"><init_from>tex.png</init_from></image></library_images>' : '<library_images/>'}
  ${opts.camera ? '<library_cameras><camera id="cam"><optics><technique_common><perspective><yfov>45</yfov><aspect_ratio>1</aspect_ratio><znear>0.1</znear><zfar>100</zfar></perspective></technique_common></optics></camera></library_cameras>' : ''}
  ${opts.camera ? '<library_lights><light id="lamp"><technique_common><point><color>1 1 1</color></point></technique_common></light></library_lights>' : ''}
  <library_effects>
    <effect id="shiny-effect"><profile_COMMON><technique sid="common"><phong>
      <emission><color>0.1 0 0 1</color></emission>
      <diffuse><color>0.2 0.4 0.6 1</color></diffuse>
      <specular><color>0.5 0.5 0.5 1</color></specular>
      <shininess><float>20</float></shininess>
    </phong></technique><extra><technique profile="GOOGLEEARTH"><double_sided>1</double_sided></technique></extra></profile_COMMON></effect>
    <effect id="matte-effect"><profile_COMMON><technique sid="common"><lambert><diffuse><color>0.7 0.1 0.13 1</color></diffuse></lambert></technique></profile_COMMON></effect>
  </library_effects>
  <library_materials>
    <material id="shiny" name="shiny"><instance_effect url="#shiny-effect"/></material>
    <material id="matte" name="matte"><instance_effect url="#matte-effect"/></material>
  </library_materials>
  <library_geometries>
    <geometry id="part" name="part"><mesh>
      <source id="part-pos"><float_array id="part-pos-array" count="12">0 0 0 1 0 0 0 1 0 0 0 1</float_array>
        <technique_common><accessor source="#part-pos-array" count="4" stride="3"><param name="X" type="float"/><param name="Y" type="float"/><param name="Z" type="float"/></accessor></technique_common></source>
      <vertices id="part-vtx"><input semantic="POSITION" source="#part-pos"/></vertices>
      <triangles material="shiny" count="2"><input semantic="VERTEX" source="#part-vtx" offset="0"/><p>0 1 2 0 1 3</p></triangles>
      <triangles material="matte" count="2"><input semantic="VERTEX" source="#part-vtx" offset="0"/><p>0 2 3 1 2 3</p></triangles>
    </mesh></geometry>
  </library_geometries>
  <library_visual_scenes>
    <visual_scene id="scene">
      <node id="part-node" name="part-node"><translate>0.1 0.2 0.3</translate><rotate>0 0 1 90</rotate>
        <instance_geometry url="#part"><bind_material><technique_common>
          <instance_material symbol="shiny" target="#shiny"/><instance_material symbol="matte" target="#matte"/>
        </technique_common></bind_material></instance_geometry>
      </node>
      ${opts.camera ? '<node id="cam-node" name="cam-node"><instance_camera url="#cam"/></node><node id="lamp-node" name="lamp-node"><instance_light url="#lamp"/></node>' : ''}
    </visual_scene>
  </library_visual_scenes>
  <scene><instance_visual_scene url="#scene"/></scene>
</COLLADA>
`;
}
const daeBytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
/** COLLADA parsed as the page would (Node has no DOM: xmldom stands in for the page's). */
const daeHere = (data: ArrayBuffer) => withXmlDom(() => parseMesh('dae', data, 'http://m/p/x.dae'));

const bytes = (a: ArrayLike<number> & { buffer: ArrayBufferLike; byteOffset: number; byteLength: number }) =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** The two objects are the same body: types, names, transforms, every attribute's bytes, groups, bounds, materials. */
function expectSame(worker: THREE.Object3D, here: THREE.Object3D, path = 'root', fromWorker = true): void {
  expect(worker.type, path).toBe(here.type);
  expect(worker.name, path).toBe(here.name);
  expect(worker.position.toArray(), path).toEqual(here.position.toArray());
  expect(worker.quaternion.toArray(), path).toEqual(here.quaternion.toArray());
  expect(worker.scale.toArray(), path).toEqual(here.scale.toArray());
  expect(worker.children.length, path).toBe(here.children.length);
  const a = worker as THREE.Mesh;
  const b = here as THREE.Mesh;
  if (b.geometry) {
    const [ga, gb] = [a.geometry, b.geometry];
    expect(Object.keys(ga.attributes).sort(), path).toEqual(Object.keys(gb.attributes).sort());
    for (const name of Object.keys(gb.attributes)) {
      const [x, y] = [ga.attributes[name] as THREE.BufferAttribute, gb.attributes[name] as THREE.BufferAttribute];
      expect(x.array.constructor, `${path}.${name}`).toBe(y.array.constructor);
      expect([x.itemSize, x.normalized, x.count], `${path}.${name}`).toEqual([y.itemSize, y.normalized, y.count]);
      expect(bytes(x.array as Float32Array).equals(bytes(y.array as Float32Array)), `${path}.${name} bytes`).toBe(true);
    }
    expect(ga.index?.count, path).toBe(gb.index?.count);
    expect(ga.groups, path).toEqual(gb.groups);
    // A big mesh's coarse twin (meshDetail.ts) came along, byte for byte.
    const [ta, tb] = [coarseGeometryOf(ga), coarseGeometryOf(gb)];
    expect(!!ta, `${path} coarse twin`).toBe(!!tb);
    if (ta && tb) {
      expect(Object.keys(ta.attributes).sort(), path).toEqual(Object.keys(tb.attributes).sort());
      for (const name of [...Object.keys(tb.attributes), 'index']) {
        const x = (name === 'index' ? ta.index : ta.attributes[name]) as THREE.BufferAttribute;
        const y = (name === 'index' ? tb.index : tb.attributes[name]) as THREE.BufferAttribute;
        expect(bytes(x.array as Float32Array).equals(bytes(y.array as Float32Array)), `${path} coarse ${name} bytes`).toBe(true);
      }
    }
    const extra = (g: THREE.BufferGeometry) => [(g as { hasColors?: boolean }).hasColors, (g as { alpha?: number }).alpha];
    expect(extra(ga), path).toEqual(extra(gb));
    // The worker worked the bounds out already; here they are computed as three would before the first frame.
    if (fromWorker) expect([ga.boundingBox, ga.boundingSphere], path).not.toContain(null);
    else {
      ga.computeBoundingBox();
      ga.computeBoundingSphere();
    }
    gb.computeBoundingBox();
    gb.computeBoundingSphere();
    expect(ga.boundingBox!.equals(gb.boundingBox!), path).toBe(true);
    expect(ga.boundingSphere!.equals(gb.boundingSphere!), path).toBe(true);
    const json = (m: THREE.Material | THREE.Material[]) =>
      (Array.isArray(m) ? m : [m]).map((x) => ({ ...(x.toJSON() as object), uuid: undefined }));
    expect(Array.isArray(a.material), path).toBe(Array.isArray(b.material));
    expect(json(a.material), path).toEqual(json(b.material));
  }
  worker.children.forEach((c, i) => expectSame(c, here.children[i]!, `${path}/${c.name || i}`, fromWorker));
}

/** The torso with every triangle cut into n² (test/support/bigMesh.ts). */
const finer = (n: number): ArrayBuffer => {
  const b = finerStl(readFileSync(join(MESHES, 'torso.stl')), n);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

/** Runs the worker's handler as a worker would: the request and the reply cross by structured clone. */
function throughWorker(format: string, data: ArrayBuffer): { result: MeshPrepResult; transferred: ArrayBuffer[] } {
  const req = structuredClone<PrepRequest>({ id: 1, kind: 'mesh', msg: { format, data: data.slice(0) } });
  const { reply, transfer } = handlePrep(req);
  const crossed = structuredClone(reply, { transfer });
  return { result: crossed.result as MeshPrepResult, transferred: transfer };
}

describe('mesh files parsed in a preparation worker', () => {
  const cases: [string, 'stl' | 'obj' | 'dae', () => ArrayBuffer][] = [
    ['the humanoid torso (binary STL)', 'stl', () => file('torso.stl')],
    ['the humanoid leg (binary STL)', 'stl', () => file('leg.stl')],
    ['a 32,000-triangle torso (binary STL, with a coarse twin)', 'stl', () => finer(20)],
    ['a binary STL with per-face colours', 'stl', () => binaryStl(300, true)],
    ['an ASCII STL', 'stl', () => new TextEncoder().encode(ASCII_STL).buffer as ArrayBuffer],
    ['the humanoid arm (OBJ)', 'obj', () => file('arm.obj')],
    ['an OBJ with two materials, lines and points', 'obj', () => new TextEncoder().encode(OBJ).buffer as ArrayBuffer],
    ['the humanoid head (COLLADA)', 'dae', () => file('head.dae')],
    ['a COLLADA part with a phong and a lambert material, moved and turned', 'dae', () => daeBytes(colladaDoc())],
    ["a COLLADA part with Blender's camera and light (dropped)", 'dae', () => daeBytes(colladaDoc({ camera: true }))],
  ];
  for (const [what, format, data] of cases)
    it(`${what}: the same body as parsed on the UI thread, bit for bit`, () => {
      const here = format === 'dae' ? daeHere(data()) : parseMesh(format, data(), `http://meshes/x.${format}`);
      const { result, transferred } = throughWorker(format, data());
      expect('node' in result).toBe(true);
      const worker = meshFromBuffers((result as { node: Parameters<typeof meshFromBuffers>[0] }).node);
      expectSame(worker, here);
      // Every attribute's buffer was moved: the worker's copies are detached now.
      expect(transferred.length).toBeGreaterThan(0);
      for (const b of transferred) expect(b.byteLength).toBe(0);
    });

  it('the colour STL keeps its colours and the OBJ its groups (the cases above are not trivially equal)', () => {
    const colored = parseMesh('stl', binaryStl(30, true), 'x.stl') as THREE.Mesh;
    expect(colored.geometry.getAttribute('color')).toBeDefined();
    expect((colored.geometry as { alpha?: number }).alpha).toBeCloseTo(128 / 255);
    const obj = parseMesh('obj', new TextEncoder().encode(OBJ).buffer as ArrayBuffer, 'x.obj');
    expect(obj.children.map((c) => c.type)).toEqual(['Mesh', 'LineSegments', 'Points']);
    expect((obj.children[0] as THREE.Mesh).geometry.groups).toHaveLength(2);
  });

  it('the big test mesh (urdf.spec.ts, the bench) is the torso at finer resolution: same bounds, n² as many triangles', () => {
    const torso = readFileSync(join(MESHES, 'torso.stl'));
    const fine = finerStl(torso, 4);
    const a = parseMesh('stl', file('torso.stl'), 'x.stl') as THREE.Mesh;
    const { result } = throughWorker('stl', fine.buffer.slice(fine.byteOffset, fine.byteOffset + fine.byteLength) as ArrayBuffer);
    const b = meshFromBuffers((result as { node: Parameters<typeof meshFromBuffers>[0] }).node) as THREE.Mesh;
    expect(b.geometry.getAttribute('position').count).toBe(a.geometry.getAttribute('position').count * 16);
    a.geometry.computeBoundingBox();
    expect(b.geometry.boundingBox!.min.distanceTo(a.geometry.boundingBox!.min)).toBeLessThan(1e-6);
    expect(b.geometry.boundingBox!.max.distanceTo(a.geometry.boundingBox!.max)).toBeLessThan(1e-6);
  });

  it('the COLLADA part keeps what its materials say (the case above is not trivially equal)', () => {
    const part = daeHere(daeBytes(colladaDoc())).getObjectByName('part-node') as THREE.Mesh;
    const [shiny, matte] = part.material as [THREE.MeshPhongMaterial, THREE.MeshLambertMaterial];
    expect([shiny.type, matte.type]).toEqual(['MeshPhongMaterial', 'MeshLambertMaterial']);
    expect(shiny.shininess).toBe(20);
    expect(shiny.specular.r).toBeGreaterThan(0.1);
    expect(shiny.emissive.r).toBeGreaterThan(0);
    expect(part.geometry.groups).toHaveLength(2);
    expect(part.position.toArray()).toEqual([0.1, 0.2, 0.3]);
  });

  it('hands a COLLADA file that names a texture back to the page (its image elements load it), bytes and all', () => {
    const data = daeBytes(colladaDoc({ image: true }));
    const { result, transferred } = throughWorker('dae', data);
    expect('onPage' in result).toBe(true);
    const back = result as Extract<MeshPrepResult, { onPage: ArrayBuffer }>;
    expect(back.why).toMatch(/images/);
    // the bytes came back whole (moved, not copied)
    expect(Buffer.from(back.onPage).equals(Buffer.from(data))).toBe(true);
    expect(transferred).toHaveLength(1);
  });

  it("drops a COLLADA file's cameras and lights, in the worker and on the page alike", () => {
    const here = daeHere(daeBytes(colladaDoc({ camera: true })));
    const kinds = new Set<string>();
    here.traverse((o) => kinds.add(o.type));
    expect([...kinds].sort()).toEqual(['Group', 'Mesh']);
    expect(here.getObjectByName('part-node')).toBeDefined();
  });

  it('answers why a file cannot be read instead of throwing; kinds it does not parse are refused', () => {
    expect(throughWorker('stl', new ArrayBuffer(0)).result).toEqual({ problem: 'the file is empty' });
    expect((throughWorker('dae', daeBytes('<COLLADA><library_geometries></COLLADA>')).result as { problem: string }).problem).toMatch(
      /mismatch/,
    );
    expect(throughWorker('ply', new ArrayBuffer(8)).result).toEqual({ problem: 'not an STL, OBJ or COLLADA file' });
    expect(prepareMesh({ format: 'stl', data: 'not bytes' }).result).toEqual({ problem: 'not an STL, OBJ or COLLADA file' });
    expect(prepareMesh(null).result).toEqual({ problem: 'not an STL, OBJ or COLLADA file' });
    expect(Object.keys(scenePrepHandlers)).toContain('mesh');
  });
});

/** A pool whose "worker" runs the scene's handlers in this process, crossing by structured clone. */
function inProcessPool(opts: { fail?: boolean } = {}): { pool: PrepPool; posted: number } {
  const state = { posted: 0 };
  const pool = new PrepPool(() => {
    const port: PrepPort = {
      onmessage: null,
      onerror: null,
      postMessage(m: PrepRequest, transfer?: Transferable[]) {
        state.posted++;
        const req = structuredClone(m, { transfer: transfer as ArrayBuffer[] });
        setTimeout(() => {
          if (opts.fail) {
            port.onerror?.('worker crashed');
            return;
          }
          const { reply, transfer: back } = handlePrep(req);
          port.onmessage?.({ data: structuredClone<PrepReply>(reply, { transfer: back }) });
        }, 1);
      },
    };
    return port;
  }, 1);
  return {
    pool,
    get posted() {
      return state.posted;
    },
  };
}

describe('MeshCache with a preparation pool', () => {
  const files: Record<string, () => ArrayBuffer> = {
    'http://m/p/torso.stl': () => file('torso.stl'),
    'http://m/p/arm.obj': () => file('arm.obj'),
    'http://m/p/head.dae': () => file('head.dae'),
    'http://m/p/skin.dae': () => daeBytes(colladaDoc({ image: true })),
    'http://m/p/empty.stl': () => new ArrayBuffer(0),
  };
  const fetcher = (log: string[]) => async (url: string) => {
    log.push(url);
    const f = files[url];
    if (!f) throw new Error('HTTP 404');
    return f();
  };

  it('parses STL, OBJ and COLLADA in the pool (the file moves to the worker); a textured COLLADA file here', async () => {
    const p = inProcessPool();
    const log: string[] = [];
    const handed: ArrayBuffer[] = [];
    const cache = new MeshCache(
      async (url) => {
        const b = await fetcher(log)(url);
        handed.push(b);
        return b;
      },
      500,
      () => p.pool,
    );
    const torso = await cache.load('http://m/p/torso.stl');
    const arm = await cache.load('http://m/p/arm.obj');
    // the files' bytes went to the worker: moved, not copied
    expect(handed.map((b) => b.byteLength)).toEqual([0, 0]);
    const head = await cache.load('http://m/p/head.dae');
    expect(p.pool.answered).toEqual({ mesh: 3 });
    expect(cache.parsedHere).toBe(0);
    // COLLADA brings its own materials: urdf-loader keeps them (userData.ownMaterial)
    head.traverse((o) => expect(o.userData).toMatchObject({ ownMaterial: true, sharedGeometry: true }));
    expectSame(head, daeHere(file('head.dae')));
    // The textured file went to the worker, came back and was parsed here (Node has no DOM: xmldom stands in).
    const g = globalThis as { DOMParser?: unknown };
    const shim = g.DOMParser;
    g.DOMParser = XmlDomParser;
    const skin = await cache.load('http://m/p/skin.dae').finally(() => (g.DOMParser = shim));
    expect(p.pool.answered).toEqual({ mesh: 4 });
    expect(cache.parsedHere).toBe(1);
    expect(skin.getObjectByName('part-node')).toBeDefined();
    expectSame(torso, parseMesh('stl', file('torso.stl'), 'x.stl'));
    expectSame(arm, parseMesh('obj', file('arm.obj'), 'x.obj'));
    // each file fetched once; later loads are clones sharing the geometry
    const again = (await cache.load('http://m/p/torso.stl')) as THREE.Mesh;
    expect(again.geometry).toBe((torso as THREE.Mesh).geometry);
    expect(log).toEqual(['http://m/p/torso.stl', 'http://m/p/arm.obj', 'http://m/p/head.dae', 'http://m/p/skin.dae']);
  });

  it('a file the worker cannot read is refused with the reason, and tried again on the next load', async () => {
    const p = inProcessPool();
    const log: string[] = [];
    const cache = new MeshCache(fetcher(log), 500, () => p.pool);
    await expect(cache.load('http://m/p/empty.stl')).rejects.toThrow('the file is empty');
    expect(cache.parsedHere).toBe(0);
    await expect(cache.load('http://m/p/empty.stl')).rejects.toThrow('the file is empty');
    expect(log).toHaveLength(2);
  });

  it('when the worker itself fails, the file is fetched again and parsed here: the body still loads', async () => {
    const p = inProcessPool({ fail: true });
    const log: string[] = [];
    const cache = new MeshCache(fetcher(log), 500, () => p.pool);
    const torso = await cache.load('http://m/p/torso.stl');
    expect(p.posted).toBe(1);
    expect(cache.parsedHere).toBe(1);
    expect(log).toEqual(['http://m/p/torso.stl', 'http://m/p/torso.stl']);
    expectSame(torso, parseMesh('stl', file('torso.stl'), 'x.stl'), 'root', false);
  });

  it('without a pool (no Web Workers) everything is parsed here', async () => {
    const cache = new MeshCache(fetcher([]), 500, () => null);
    await cache.load('http://m/p/torso.stl');
    await cache.load('http://m/p/arm.obj');
    expect(cache.parsedHere).toBe(2);
  });
});
