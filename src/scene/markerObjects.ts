// Marker entries -> three.js objects, in the marker's own frame (the layer places the frame). Lists are
// instanced; cubes, spheres, cylinders and arrows are ShapeProxies drawn by ShapeBatches (one draw call per
// geometry and opacity); shapes share unit geometries; each object owns its materials and non-shared geometry,
// released by disposeObject.

import * as THREE from 'three';
import type { MarkerEntry } from './markerStore';
import { MarkerType } from './rosMsgs';
import { makeLabel } from './labelSprite';
import { setLowDetail, ShapeBatches, ShapeProxy } from './shapeBatches';

const UNIT_BOX = new THREE.BoxGeometry(1, 1, 1);
const UNIT_SPHERE = new THREE.SphereGeometry(0.5, 20, 14);
// ROS cylinders stand along z; three's along y.
const UNIT_CYLINDER = new THREE.CylinderGeometry(0.5, 0.5, 1, 24).rotateX(Math.PI / 2);
const UNIT_CONE = new THREE.ConeGeometry(0.5, 1, 16).rotateZ(-Math.PI / 2).translate(0.5, 0, 0);
const UNIT_SHAFT = new THREE.CylinderGeometry(0.5, 0.5, 1, 12).rotateZ(-Math.PI / 2).translate(0.5, 0, 0);
const SHARED = new Set<THREE.BufferGeometry>([UNIT_BOX, UNIT_SPHERE, UNIT_CYLINDER, UNIT_CONE, UNIT_SHAFT]);
// Coarser twins for batches of hundreds of small shapes (shapeBatches.ts LOW_DETAIL_ABOVE), and the coarsest,
// drawn while the view has reduced its detail (detailGovernor.ts).
setLowDetail(UNIT_SPHERE, new THREE.SphereGeometry(0.5, 10, 7), new THREE.SphereGeometry(0.5, 6, 4));
setLowDetail(
  UNIT_CYLINDER,
  new THREE.CylinderGeometry(0.5, 0.5, 1, 10).rotateX(Math.PI / 2),
  new THREE.CylinderGeometry(0.5, 0.5, 1, 5).rotateX(Math.PI / 2),
);
setLowDetail(
  UNIT_CONE,
  new THREE.ConeGeometry(0.5, 1, 8).rotateZ(-Math.PI / 2).translate(0.5, 0, 0),
  new THREE.ConeGeometry(0.5, 1, 4).rotateZ(-Math.PI / 2).translate(0.5, 0, 0),
);
setLowDetail(
  UNIT_SHAFT,
  new THREE.CylinderGeometry(0.5, 0.5, 1, 6).rotateZ(-Math.PI / 2).translate(0.5, 0, 0),
  new THREE.CylinderGeometry(0.5, 0.5, 1, 4).rotateZ(-Math.PI / 2).translate(0.5, 0, 0),
);

function material(e: MarkerEntry, vertexColors = false): THREE.MeshStandardMaterial {
  const c = e.color;
  return new THREE.MeshStandardMaterial({
    color: vertexColors ? 0xffffff : new THREE.Color(c.r, c.g, c.b),
    transparent: c.a < 1,
    opacity: c.a,
    depthWrite: c.a >= 1,
    roughness: 0.7,
    metalness: 0.05,
    vertexColors,
    side: e.type === MarkerType.TRIANGLE_LIST ? THREE.DoubleSide : THREE.FrontSide,
  });
}

function colorAttr(e: MarkerEntry, n: number): THREE.BufferAttribute | null {
  if (!e.colors) return null;
  const rgb = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    rgb[i * 3] = e.colors[i * 4];
    rgb[i * 3 + 1] = e.colors[i * 4 + 1];
    rgb[i * 3 + 2] = e.colors[i * 4 + 2];
  }
  return new THREE.BufferAttribute(rgb, 3);
}

function pointsGeometry(e: MarkerEntry): THREE.BufferGeometry {
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(e.points, 3));
  const ca = colorAttr(e, e.points.length / 3);
  if (ca) g.setAttribute('color', ca);
  return g;
}

const colorOf = (e: MarkerEntry) => new THREE.Color(e.color.r, e.color.g, e.color.b);

function arrow(e: MarkerEntry): THREE.Object3D {
  const g = new THREE.Group();
  const color = colorOf(e);
  let length: number, shaftD: number, headD: number, headL: number;
  if (e.points.length >= 6) {
    const a = new THREE.Vector3(e.points[0], e.points[1], e.points[2]);
    const b = new THREE.Vector3(e.points[3], e.points[4], e.points[5]);
    const dir = b.clone().sub(a);
    length = dir.length();
    shaftD = e.scale.x;
    headD = e.scale.y;
    headL = e.scale.z > 0 ? e.scale.z : length * 0.23;
    g.position.copy(a);
    if (length > 1e-9) g.quaternion.setFromUnitVectors(new THREE.Vector3(1, 0, 0), dir.normalize());
  } else {
    length = e.scale.x;
    shaftD = e.scale.y;
    headD = e.scale.z;
    headL = length * 0.23;
  }
  headL = Math.min(headL, length);
  const shaft = new ShapeProxy(UNIT_SHAFT, color, e.color.a);
  shaft.scale.set(Math.max(1e-4, length - headL), shaftD, shaftD);
  const head = new ShapeProxy(UNIT_CONE, color, e.color.a);
  head.scale.set(Math.max(1e-4, headL), headD, headD);
  head.position.x = length - headL;
  g.add(shaft, head);
  // The layer sets the marker pose on the returned root; the points' direction lives one level down.
  const root = new THREE.Group();
  root.add(g);
  return root;
}

function instanced(e: MarkerEntry, geo: THREE.BufferGeometry): THREE.Object3D {
  const n = e.points.length / 3;
  const mesh = new THREE.InstancedMesh(geo, material(e), Math.max(1, n));
  mesh.count = n;
  const m = new THREE.Matrix4();
  const c = new THREE.Color();
  for (let i = 0; i < n; i++) {
    m.makeScale(e.scale.x, e.scale.y, e.scale.z);
    m.setPosition(e.points[i * 3], e.points[i * 3 + 1], e.points[i * 3 + 2]);
    mesh.setMatrixAt(i, m);
    if (e.colors) mesh.setColorAt(i, c.setRGB(e.colors[i * 4], e.colors[i * 4 + 1], e.colors[i * 4 + 2]));
  }
  mesh.instanceMatrix.needsUpdate = true;
  if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  mesh.computeBoundingSphere();
  return mesh;
}

function placeholder(e: MarkerEntry): THREE.Object3D {
  const g = new THREE.Group();
  const s = new THREE.Vector3(e.scale.x || 0.3, e.scale.y || 0.3, e.scale.z || 0.3);
  const box = new THREE.Mesh(UNIT_BOX, new THREE.MeshBasicMaterial({ color: 0xff00ff, wireframe: true, transparent: true, opacity: 0.9 }));
  box.scale.copy(s);
  const label = makeLabel(`mesh: ${e.meshResource.split('/').pop() || '?'}`, {
    background: 'rgba(120,0,120,0.85)',
    screenHeight: 0.02,
  });
  label.position.z = s.z / 2 + 0.05;
  g.add(box, label);
  return g;
}

/** Builds the object for a marker in its frame; null for markers with nothing to draw. */
export function buildMarkerObject(e: MarkerEntry): THREE.Object3D | null {
  let obj: THREE.Object3D | null = null;
  const s = e.scale;
  switch (e.type) {
    case MarkerType.CUBE:
    case MarkerType.SPHERE:
    case MarkerType.CYLINDER: {
      const geo = e.type === MarkerType.CUBE ? UNIT_BOX : e.type === MarkerType.SPHERE ? UNIT_SPHERE : UNIT_CYLINDER;
      const m = new ShapeProxy(geo, colorOf(e), e.color.a);
      m.scale.set(s.x || 1e-4, s.y || 1e-4, s.z || 1e-4);
      obj = m;
      break;
    }
    case MarkerType.ARROW:
      obj = arrow(e);
      break;
    case MarkerType.LINE_STRIP:
    case MarkerType.LINE_LIST: {
      if (e.points.length < 6) return null;
      const mat = new THREE.LineBasicMaterial({
        color: e.colors ? 0xffffff : new THREE.Color(e.color.r, e.color.g, e.color.b),
        vertexColors: !!e.colors,
        transparent: e.color.a < 1,
        opacity: e.color.a,
      });
      const g = pointsGeometry(e);
      obj = e.type === MarkerType.LINE_STRIP ? new THREE.Line(g, mat) : new THREE.LineSegments(g, mat);
      break;
    }
    case MarkerType.CUBE_LIST:
      obj = e.points.length ? instanced(e, UNIT_BOX) : null;
      break;
    case MarkerType.SPHERE_LIST:
      obj = e.points.length ? instanced(e, UNIT_SPHERE) : null;
      break;
    case MarkerType.POINTS: {
      if (!e.points.length) return null;
      obj = new THREE.Points(
        pointsGeometry(e),
        new THREE.PointsMaterial({
          size: Math.max(s.x, 0.01),
          sizeAttenuation: true,
          color: e.colors ? 0xffffff : new THREE.Color(e.color.r, e.color.g, e.color.b),
          vertexColors: !!e.colors,
          transparent: e.color.a < 1,
          opacity: e.color.a,
        }),
      );
      break;
    }
    case MarkerType.TEXT_VIEW_FACING: {
      if (!e.text.trim()) return null;
      const c = e.color;
      const css = `rgb(${Math.round(c.r * 255)},${Math.round(c.g * 255)},${Math.round(c.b * 255)})`;
      obj = makeLabel(e.text, { color: css, screenHeight: 0.024 });
      break;
    }
    case MarkerType.MESH_RESOURCE:
      obj = placeholder(e);
      break;
    case MarkerType.TRIANGLE_LIST: {
      if (e.points.length < 9) return null;
      const g = pointsGeometry(e);
      g.computeVertexNormals();
      const m = new THREE.Mesh(g, material(e, !!e.colors));
      m.scale.set(s.x || 1, s.y || 1, s.z || 1);
      obj = m;
      break;
    }
    default:
      return null;
  }
  if (!obj) return null;
  obj.traverse((o) => {
    o.userData.markerKey = e.key;
  });
  return obj;
}

export function disposeObject(root: THREE.Object3D): void {
  root.traverse((o) => {
    const any = o as THREE.Mesh;
    if (any.geometry && !SHARED.has(any.geometry)) any.geometry.dispose();
    const mats = any.material ? (Array.isArray(any.material) ? any.material : [any.material]) : [];
    for (const m of mats) {
      const map = (m as THREE.MeshBasicMaterial).map;
      map?.dispose();
      m.dispose();
    }
    if ((o as THREE.InstancedMesh).isInstancedMesh) (o as THREE.InstancedMesh).dispose();
  });
}

function warmUpEntry(type: number, over: Partial<MarkerEntry> = {}): MarkerEntry {
  return {
    key: `warm-up/${type}`,
    robotId: 'warm-up',
    ns: 'warm-up',
    id: type,
    type,
    frame: 'map',
    pose: { tx: 0, ty: 0, tz: 0, qx: 0, qy: 0, qz: 0, qw: 1 },
    scale: { x: 1, y: 1, z: 1 },
    color: { r: 1, g: 1, b: 1, a: 1 },
    points: new Float32Array([0, 0, 0, 1, 0, 0, 1, 1, 0]),
    colors: null,
    text: 'warm-up',
    meshResource: '',
    frameLocked: false,
    stamp: 0,
    receivedAt: 0,
    expiresAt: Infinity,
    rev: 1,
    ...over,
  };
}

/**
 * One object of each material kind markers are drawn with, built by the real builders (shapes through
 * ShapeBatches), for the scene's shader warm-up (warmUp.ts).
 */
export function markerWarmUpObjects(): THREE.Object3D[] {
  const colors = new Float32Array([1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1]);
  const see = { r: 1, g: 1, b: 1, a: 0.5 };
  const entries = [
    warmUpEntry(MarkerType.CUBE),
    warmUpEntry(MarkerType.CUBE, { color: see }),
    warmUpEntry(MarkerType.ARROW),
    warmUpEntry(MarkerType.LINE_STRIP),
    warmUpEntry(MarkerType.LINE_LIST, { colors }),
    warmUpEntry(MarkerType.CUBE_LIST),
    warmUpEntry(MarkerType.SPHERE_LIST, { colors }),
    warmUpEntry(MarkerType.POINTS),
    warmUpEntry(MarkerType.POINTS, { colors }),
    warmUpEntry(MarkerType.TEXT_VIEW_FACING),
    warmUpEntry(MarkerType.TRIANGLE_LIST),
    warmUpEntry(MarkerType.TRIANGLE_LIST, { colors }),
  ];
  const markers = new THREE.Group();
  for (const e of entries) {
    const o = buildMarkerObject(e);
    if (o) markers.add(o);
  }
  const batches = new ShapeBatches();
  batches.sync(markers);
  return [markers, batches.root];
}
