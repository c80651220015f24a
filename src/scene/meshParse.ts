// URDF mesh files (STL and OBJ) parsed off the UI thread: a preparation worker (prepPool.ts) runs three's own
// loaders, works out the normals and bounds there, and hands back plain buffers (transferred, not copied); the
// UI thread only wraps them in geometries and materials. `meshToBuffers` and `meshFromBuffers` are exact
// inverses for what the loaders make (a mesh, or a group of meshes, line segments and points), so a body built
// from the worker's buffers is the one parsing on the UI thread would have built, bit for bit.
// COLLADA is not here: its loader needs the DOM's XML parser, which workers do not have (meshSource.ts).
// Big meshes get their coarse twin here too (meshDetail.ts), carried beside the geometry (meshSimplify.ts).

import * as THREE from 'three';
import { OBJLoader } from 'three/examples/jsm/loaders/OBJLoader.js';
import { STLLoader } from 'three/examples/jsm/loaders/STLLoader.js';
import { coarseGeometryOf, setCoarseGeometry } from './meshDetail';
import { addCoarseTwins } from './meshSimplify';

/** The formats a preparation worker parses. */
export const WORKER_MESH_FORMATS = ['stl', 'obj'] as const;
export type WorkerMeshFormat = (typeof WORKER_MESH_FORMATS)[number];

/**
 * Parses an STL or OBJ file as the UI thread would (materials of STL/OBJ are left for the caller), big meshes
 * with their coarse twins (once meshDetailReady() has resolved: meshSimplify.ts).
 */
export function parseWorkerMesh(format: WorkerMeshFormat, data: ArrayBuffer): THREE.Object3D {
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

type Float = Float32Array | Uint8Array | Uint16Array | Uint32Array | Int8Array | Int16Array | Int32Array;
interface AttributeBuffers {
  array: Float;
  itemSize: number;
  normalized: boolean;
}
interface MaterialParams {
  type: 'MeshPhongMaterial' | 'LineBasicMaterial' | 'PointsMaterial';
  name: string;
  flatShading: boolean;
  vertexColors: boolean;
  /** The colour's components as stored (working colour space), so nothing is rounded to 8 bits. */
  color: [number, number, number];
  opacity: number;
  transparent: boolean;
  size?: number;
  sizeAttenuation?: boolean;
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

function materialParams(m: THREE.Material): MaterialParams {
  const type = m.type as MaterialParams['type'];
  if (type !== 'MeshPhongMaterial' && type !== 'LineBasicMaterial' && type !== 'PointsMaterial')
    throw new Error(`unexpected material ${m.type}`);
  const p: MaterialParams = {
    type,
    name: m.name,
    flatShading: (m as THREE.MeshPhongMaterial).flatShading ?? false,
    vertexColors: m.vertexColors,
    color: (m as THREE.MeshPhongMaterial).color.toArray() as [number, number, number],
    opacity: m.opacity,
    transparent: m.transparent,
  };
  if (m instanceof THREE.PointsMaterial) {
    p.size = m.size;
    p.sizeAttenuation = m.sizeAttenuation;
  }
  return p;
}

function makeMaterial(p: MaterialParams): THREE.Material {
  const m =
    p.type === 'LineBasicMaterial'
      ? new THREE.LineBasicMaterial()
      : p.type === 'PointsMaterial'
        ? new THREE.PointsMaterial({ size: p.size, sizeAttenuation: p.sizeAttenuation })
        : new THREE.MeshPhongMaterial({ flatShading: p.flatShading });
  m.name = p.name;
  m.vertexColors = p.vertexColors;
  (m as THREE.MeshPhongMaterial).color.fromArray(p.color);
  m.opacity = p.opacity;
  m.transparent = p.transparent;
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
      const attributes: Record<string, AttributeBuffers> = {};
      for (const [name, a] of Object.entries(g.attributes)) {
        if ((a as THREE.InterleavedBufferAttribute).isInterleavedBufferAttribute)
          throw new Error('interleaved attributes are not prepared');
        attributes[name] = take(attr(a as THREE.BufferAttribute));
      }
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
      if (twin?.index) {
        const twinAttributes: Record<string, AttributeBuffers> = {};
        for (const [name, a] of Object.entries(twin.attributes)) twinAttributes[name] = take(attr(a as THREE.BufferAttribute));
        node.geometry.coarse = { attributes: twinAttributes, index: take(attr(twin.index)) };
      }
      const mats = Array.isArray(m.material) ? m.material : [m.material];
      node.materials = mats.map(materialParams);
      node.multiMaterial = Array.isArray(m.material);
    }
    return node;
  };
  return { node: walk(obj), transfer };
}

/** Builds the objects back from their plain-data form (on the UI thread: no vertex is touched). */
export function meshFromBuffers(node: MeshNode): THREE.Object3D {
  let o: THREE.Object3D;
  if (node.type === 'Group' || !node.geometry) o = new THREE.Group();
  else {
    const src = node.geometry;
    const g = new THREE.BufferGeometry();
    for (const [name, a] of Object.entries(src.attributes))
      g.setAttribute(name, new THREE.BufferAttribute(a.array, a.itemSize, a.normalized));
    if (src.index) g.setIndex(new THREE.BufferAttribute(src.index.array, src.index.itemSize, src.index.normalized));
    for (const x of src.groups) g.addGroup(x.start, x.count, x.materialIndex);
    if (src.box) g.boundingBox = new THREE.Box3(new THREE.Vector3(...src.box.slice(0, 3)), new THREE.Vector3(...src.box.slice(3)));
    if (src.sphere) g.boundingSphere = new THREE.Sphere(new THREE.Vector3(...src.sphere.slice(0, 3)), src.sphere[3]);
    const extra = g as unknown as { hasColors?: boolean; alpha?: number };
    if (src.hasColors !== undefined) extra.hasColors = src.hasColors;
    if (src.alpha !== undefined) extra.alpha = src.alpha;
    if (src.coarse) {
      const twin = new THREE.BufferGeometry();
      for (const [name, a] of Object.entries(src.coarse.attributes))
        twin.setAttribute(name, new THREE.BufferAttribute(a.array, a.itemSize, a.normalized));
      twin.setIndex(new THREE.BufferAttribute(src.coarse.index.array, src.coarse.index.itemSize, src.coarse.index.normalized));
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

/** What the worker answers for a mesh file: its objects, or why the file could not be read. */
export type MeshPrepResult = { node: MeshNode } | { problem: string };

/**
 * Mesh file -> plain buffers (msg: { format, data }), the preparation worker's `mesh` handler
 * (prepWorkerHost.ts). A file that cannot be read is answered, not thrown.
 */
export function prepareMesh(msg: unknown): { result: MeshPrepResult; transfer: ArrayBuffer[] } {
  const { format, data } = (msg ?? {}) as { format?: unknown; data?: unknown };
  if (!(WORKER_MESH_FORMATS as readonly unknown[]).includes(format) || !(data instanceof ArrayBuffer))
    return { result: { problem: 'not an STL or OBJ file' } satisfies MeshPrepResult, transfer: [] };
  let obj: THREE.Object3D;
  try {
    obj = parseWorkerMesh(format as WorkerMeshFormat, data);
  } catch (e) {
    return { result: { problem: e instanceof Error ? e.message : String(e) } satisfies MeshPrepResult, transfer: [] };
  }
  const { node, transfer } = meshToBuffers(obj);
  return { result: { node } satisfies MeshPrepResult, transfer };
}
