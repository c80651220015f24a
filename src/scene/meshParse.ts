// URDF mesh files (STL, OBJ, COLLADA) parsed off the UI thread: a preparation worker (prepPool.ts) runs three's own
// loaders, works out the normals and bounds there, and hands back plain buffers (transferred, not copied); the
// UI thread only wraps them in geometries and materials. `meshToBuffers` and `meshFromBuffers` are exact
// inverses for what the loaders make (a mesh, or a group of meshes, line segments and points), so a body built
// from the worker's buffers is the one parsing on the UI thread would have built, bit for bit.
// COLLADA is read with an XML DOM for workers (workerXml.ts), unless the file names images
// (textures load through the page's image elements) or holds what the plain-data form does not carry (skins): the
// worker then hands the bytes back and the page parses the file (meshSource.ts). Cameras and lights are dropped.
// Big meshes get their coarse twin here too (meshDetail.ts), carried beside the geometry (meshSimplify.ts).

import * as THREE from 'three';
import { ColladaLoader } from 'three/examples/jsm/loaders/ColladaLoader.js';
import { OBJLoader } from 'three/examples/jsm/loaders/OBJLoader.js';
import { STLLoader } from 'three/examples/jsm/loaders/STLLoader.js';
import { coarseGeometryOf, setCoarseGeometry } from './meshDetail';
import { addCoarseTwins } from './meshSimplify';
import { withXmlDom, XmlReaderLacks } from './workerXml';

/** The formats a preparation worker parses. */
export const WORKER_MESH_FORMATS = ['stl', 'obj', 'dae'] as const;

/**
 * Parses an STL or OBJ file as the UI thread would (materials of STL/OBJ are left for the caller), big meshes
 * with their coarse twins (once meshDetailReady() has resolved: meshSimplify.ts).
 */
export function parseWorkerMesh(format: 'stl' | 'obj', data: ArrayBuffer): THREE.Object3D {
  if (data.byteLength === 0) throw new Error('the file is empty');
  let obj: THREE.Object3D;
  if (format === 'stl') {
    const geometry = new STLLoader().parse(data);
    // Facet normals in STL files are often zero or wrong: shade from the triangles themselves.
    geometry.computeVertexNormals();
    obj = new THREE.Mesh(geometry, new THREE.MeshPhongMaterial());
  } else obj = new OBJLoader().parse(new TextDecoder().decode(data));
  addCoarseTwins(obj);
  return obj;
}

/**
 * A COLLADA document with the DOMParser there is (the page's; in a worker, withXmlDom's), textures relative to
 * `base`, without its cameras and lights.
 */
export function parseCollada(text: string, base: string): THREE.Object3D {
  const dae = new ColladaLoader().parse(text, base);
  if (!dae?.scene) throw new Error('not a COLLADA document');
  return withoutCamerasAndLights(dae.scene);
}

/**
 * A COLLADA file's cameras and lights are left over from the tool it was drawn in (Blender's default scene): a
 * robot's part neither looks nor shines (rviz draws only its meshes too). Removed wherever the file is parsed.
 */
function withoutCamerasAndLights(scene: THREE.Object3D): THREE.Object3D {
  const extras: THREE.Object3D[] = [];
  scene.traverse((o) => {
    if ((o as THREE.Camera).isCamera || (o as THREE.Light).isLight) extras.push(o);
  });
  for (const o of extras) o.removeFromParent();
  return scene;
}

/**
 * COLLADA files that only the page can read: they name images (textures load through image elements). An empty
 * <library_images/>, as Blender writes into every file, names none.
 */
export function colladaNeedsPage(text: string): boolean {
  return /<(?:[\w-]+:)?image[\s>/]/.test(text);
}

type Float = Float32Array | Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array;
interface AttributeBuffers {
  array: Float;
  itemSize: number;
  normalized: boolean;
}
/** The material classes the mesh loaders make that a worker can hand over (textures cannot cross: see above). */
const MATERIALS = {
  MeshPhongMaterial: THREE.MeshPhongMaterial,
  MeshLambertMaterial: THREE.MeshLambertMaterial,
  MeshBasicMaterial: THREE.MeshBasicMaterial,
  MeshStandardMaterial: THREE.MeshStandardMaterial,
  LineBasicMaterial: THREE.LineBasicMaterial,
  PointsMaterial: THREE.PointsMaterial,
} as const;
type MaterialKind = keyof typeof MATERIALS;

/**
 * A material as plain data: its own fields as they are (numbers, flags, names), colours as stored (working colour
 * space, so nothing is rounded to 8 bits), vectors and angles as arrays.
 */
interface MaterialParams {
  type: MaterialKind;
  values: Record<string, string | number | boolean | null>;
  colors: Record<string, [number, number, number]>;
  vectors: Record<string, number[]>;
  angles: Record<string, [number, number, number, THREE.EulerOrder]>;
  userData: Record<string, unknown>;
}

/** One object of a parsed mesh file, as plain data (what a worker posts). */
export interface MeshNode {
  type: 'Group' | 'Mesh' | 'LineSegments' | 'Points';
  name: string;
  position: [number, number, number];
  quaternion: [number, number, number, number];
  scale: [number, number, number];
  children: MeshNode[];
  geometry?: {
    attributes: Record<string, AttributeBuffers>;
    index?: AttributeBuffers;
    groups: { start: number; count: number; materialIndex?: number }[];
    /** STL's per-face colours (STLLoader sets these on the geometry). */
    hasColors?: boolean;
    alpha?: number;
    box: [number, number, number, number, number, number] | null;
    sphere: [number, number, number, number] | null;
    /** The coarse twin of a big mesh (meshDetail.ts): indexed, same bounds. */
    coarse?: { attributes: Record<string, AttributeBuffers>; index: AttributeBuffers };
  };
  /** One entry per material (an array material when more than one). */
  materials?: MaterialParams[];
  multiMaterial?: boolean;
}

/** The plain data of a material; throws for a kind or a field (a texture, say) that cannot cross. */
function materialParams(m: THREE.Material): MaterialParams {
  if (!Object.hasOwn(MATERIALS, m.type) || !(m instanceof MATERIALS[m.type as MaterialKind]))
    throw new Error(`unexpected material ${m.type}`);
  const p: MaterialParams = { type: m.type as MaterialKind, values: {}, colors: {}, vectors: {}, angles: {}, userData: {} };
  for (const [key, v] of Object.entries(m)) {
    if (key === 'uuid' || key === 'id' || key === 'version') continue;
    if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') {
      if (v !== undefined) p.values[key] = v;
    } else if (v instanceof THREE.Color) p.colors[key] = v.toArray() as [number, number, number];
    else if (v instanceof THREE.Vector2 || v instanceof THREE.Vector3) p.vectors[key] = v.toArray();
    else if (v instanceof THREE.Euler) p.angles[key] = [v.x, v.y, v.z, v.order];
    else if (key === 'userData') p.userData = structuredClone(v as Record<string, unknown>);
    else throw new Error(`material ${m.type}: ${key} cannot be handed over`);
  }
  return p;
}

function makeMaterial(p: MaterialParams): THREE.Material {
  const m = new MATERIALS[p.type]() as unknown as Record<string, unknown> & THREE.Material;
  Object.assign(m, p.values);
  for (const [key, c] of Object.entries(p.colors)) (m[key] as THREE.Color).fromArray(c);
  for (const [key, v] of Object.entries(p.vectors)) (m[key] as THREE.Vector2).fromArray(v);
  for (const [key, a] of Object.entries(p.angles)) (m[key] as THREE.Euler).set(...a);
  m.userData = p.userData;
  return m;
}

const attr = (a: THREE.BufferAttribute): AttributeBuffers => ({ array: a.array as Float, itemSize: a.itemSize, normalized: a.normalized });

/** The plain-data form of a parsed mesh file, and the buffers in it (each listed once). */
export function meshToBuffers(obj: THREE.Object3D, transfer: ArrayBuffer[] = []): { node: MeshNode; transfer: ArrayBuffer[] } {
  const seen = new Set<ArrayBuffer>(transfer);
  const take = (a: AttributeBuffers) => {
    const buf = a.array.buffer as ArrayBuffer;
    if (!seen.has(buf)) {
      seen.add(buf);
      transfer.push(buf);
    }
    return a;
  };
  const attributesOf = (g: THREE.BufferGeometry) => {
    const out: Record<string, AttributeBuffers> = {};
    for (const [name, a] of Object.entries(g.attributes)) {
      if ((a as THREE.InterleavedBufferAttribute).isInterleavedBufferAttribute) throw new Error('interleaved attributes are not prepared');
      out[name] = take(attr(a as THREE.BufferAttribute));
    }
    return out;
  };
  const walk = (o: THREE.Object3D): MeshNode => {
    const m = o as THREE.Mesh;
    const type = m.isMesh
      ? 'Mesh'
      : (o as THREE.LineSegments).isLineSegments
        ? 'LineSegments'
        : (o as THREE.Points).isPoints
          ? 'Points'
          : 'Group';
    if (type === 'Group' && o.type !== 'Group' && o.type !== 'Object3D') throw new Error(`unexpected object ${o.type}`);
    const node: MeshNode = {
      type,
      name: o.name,
      position: o.position.toArray(),
      quaternion: o.quaternion.toArray() as MeshNode['quaternion'],
      scale: o.scale.toArray(),
      children: o.children.map(walk),
    };
    if (type !== 'Group') {
      const g = m.geometry;
      const attributes = attributesOf(g);
      // Bounds are worked out here, so the UI thread's first frustum test does not walk every vertex.
      g.computeBoundingBox();
      g.computeBoundingSphere();
      const b = g.boundingBox;
      const s = g.boundingSphere;
      const extra = g as unknown as { hasColors?: boolean; alpha?: number };
      node.geometry = {
        attributes,
        index: g.index ? take(attr(g.index)) : undefined,
        groups: g.groups.map((x) => ({ ...x })),
        box: b ? [b.min.x, b.min.y, b.min.z, b.max.x, b.max.y, b.max.z] : null,
        sphere: s ? [s.center.x, s.center.y, s.center.z, s.radius] : null,
      };
      if (extra.hasColors !== undefined) node.geometry.hasColors = extra.hasColors;
      if (extra.alpha !== undefined) node.geometry.alpha = extra.alpha;
      const twin = coarseGeometryOf(g);
      if (twin?.index) node.geometry.coarse = { attributes: attributesOf(twin), index: take(attr(twin.index)) };
      const mats = Array.isArray(m.material) ? m.material : [m.material];
      node.materials = mats.map(materialParams);
      node.multiMaterial = Array.isArray(m.material);
    }
    return node;
  };
  return { node: walk(obj), transfer };
}

const bufferAttribute = (a: AttributeBuffers) => new THREE.BufferAttribute(a.array, a.itemSize, a.normalized);

function geometryFrom(attributes: Record<string, AttributeBuffers>, index: AttributeBuffers | undefined): THREE.BufferGeometry {
  const g = new THREE.BufferGeometry();
  for (const [name, a] of Object.entries(attributes)) g.setAttribute(name, bufferAttribute(a));
  if (index) g.setIndex(bufferAttribute(index));
  return g;
}

/** Builds the objects back from their plain-data form (on the UI thread: no vertex is touched). */
export function meshFromBuffers(node: MeshNode): THREE.Object3D {
  let o: THREE.Object3D;
  if (node.type === 'Group' || !node.geometry) o = new THREE.Group();
  else {
    const src = node.geometry;
    const g = geometryFrom(src.attributes, src.index);
    for (const x of src.groups) g.addGroup(x.start, x.count, x.materialIndex);
    if (src.box) g.boundingBox = new THREE.Box3(new THREE.Vector3(...src.box.slice(0, 3)), new THREE.Vector3(...src.box.slice(3)));
    if (src.sphere) g.boundingSphere = new THREE.Sphere(new THREE.Vector3(...src.sphere.slice(0, 3)), src.sphere[3]);
    const extra = g as unknown as { hasColors?: boolean; alpha?: number };
    if (src.hasColors !== undefined) extra.hasColors = src.hasColors;
    if (src.alpha !== undefined) extra.alpha = src.alpha;
    if (src.coarse) {
      const twin = geometryFrom(src.coarse.attributes, src.coarse.index);
      if (g.boundingBox) twin.boundingBox = g.boundingBox.clone();
      if (g.boundingSphere) twin.boundingSphere = g.boundingSphere.clone();
      setCoarseGeometry(g, twin);
    }
    const mats = (node.materials ?? []).map(makeMaterial);
    const material = node.multiMaterial ? mats : mats[0];
    o =
      node.type === 'LineSegments'
        ? new THREE.LineSegments(g, material)
        : node.type === 'Points'
          ? new THREE.Points(g, material)
          : new THREE.Mesh(g, material);
  }
  o.name = node.name;
  o.position.fromArray(node.position);
  o.quaternion.fromArray(node.quaternion);
  o.scale.fromArray(node.scale);
  for (const c of node.children) o.add(meshFromBuffers(c));
  return o;
}

/**
 * What the worker answers for a mesh file: its objects, why the file could not be read, or the file's bytes back
 * when only the page can read it (a COLLADA file with textures, colladaNeedsPage, or skins).
 */
export type MeshPrepResult = { node: MeshNode } | { problem: string } | { onPage: ArrayBuffer; why: string };

const problem = (e: unknown) => ({
  result: { problem: e instanceof Error ? e.message : String(e) } satisfies MeshPrepResult,
  transfer: [],
});
const onPage = (data: ArrayBuffer, why: string) => ({ result: { onPage: data, why } satisfies MeshPrepResult, transfer: [data] });

/**
 * Mesh file -> plain buffers (msg: { format, data }), the preparation worker's `mesh` handler
 * (prepWorkerHost.ts). A file that cannot be read is answered, not thrown.
 */
export function prepareMesh(msg: unknown): { result: MeshPrepResult; transfer: ArrayBuffer[] } {
  const { format, data } = (msg ?? {}) as { format?: unknown; data?: unknown };
  if (!(WORKER_MESH_FORMATS as readonly unknown[]).includes(format) || !(data instanceof ArrayBuffer))
    return problem('not an STL, OBJ or COLLADA file');
  let obj: THREE.Object3D;
  try {
    if (format !== 'dae') obj = parseWorkerMesh(format as 'stl' | 'obj', data);
    else {
      if (data.byteLength === 0) throw new Error('the file is empty');
      const text = new TextDecoder().decode(data);
      if (colladaNeedsPage(text)) return onPage(data, 'it names images (textures)');
      obj = withXmlDom(() => parseCollada(text, ''));
      addCoarseTwins(obj);
    }
  } catch (e) {
    // The worker's XML reader lacks a selector the loader asked for: the page's DOM has it.
    if (e instanceof XmlReaderLacks) return onPage(data, e.message);
    return problem(e);
  }
  try {
    const { node, transfer } = meshToBuffers(obj);
    return { result: { node } satisfies MeshPrepResult, transfer };
  } catch (e) {
    // Objects or materials the plain-data form does not carry (a COLLADA skin, a line strip).
    return onPage(data, e instanceof Error ? e.message : String(e));
  }
}
