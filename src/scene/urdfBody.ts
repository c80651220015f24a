// A robot body from a checked URDF: primitives at once, mesh files fetched through the robot's mesh source
// (meshSource.ts). A link whose visual mesh cannot be loaded shows its collision shapes instead, or a grey box
// when it has none; `settled` names every file that could not be loaded and why. A description that failed
// its check (urdfValidate.ts) is never handed to the loader: the robot is drawn as invalidBody().

import * as THREE from 'three';
import URDFLoader, { type URDFRobot } from 'urdf-loader';
import { meshCache, resolveMeshUri, type MeshCache } from './meshSource';

export interface MissingMesh {
  uri: string;
  reason: string;
}

export interface UrdfBody {
  robot: URDFRobot;
  /** Resolves once every mesh has loaded or fallen back, with the files that could not be loaded. */
  settled: Promise<MissingMesh[]>;
}

const MISSING = 'missingMesh';

function applyMaterial(obj: THREE.Object3D, material: THREE.Material | null): void {
  if (!material) return;
  obj.traverse((o) => {
    const m = o as THREE.Mesh;
    // COLLADA brings its own materials; STL has none and OBJ only defaults: the URDF's colour wins.
    if (m.isMesh && !o.userData.ownMaterial) m.material = material;
  });
}

function isMarker(o: THREE.Object3D): boolean {
  return o.userData[MISSING] !== undefined;
}

function hasRealMesh(root: THREE.Object3D): boolean {
  let found = false;
  root.traverse((o) => {
    if ((o as THREE.Mesh).isMesh && !isMarker(o)) found = true;
  });
  return found;
}

function fallbackBox(): THREE.Mesh {
  const box = new THREE.Mesh(new THREE.BoxGeometry(0.1, 0.1, 0.1), new THREE.MeshPhongMaterial({ color: 0x8a949e }));
  box.name = 'missing-mesh-box';
  return box;
}

/** Collision shapes stay hidden; a visual whose mesh is missing is replaced by them, or by a grey box. */
function applyFallbacks(robot: URDFRobot): void {
  const visuals: THREE.Object3D[] = [];
  robot.traverse((o) => {
    if ((o as { isURDFVisual?: boolean }).isURDFVisual && o.children.some(isMarker)) visuals.push(o);
  });
  for (const v of visuals) {
    const link = v.parent;
    const colliders = (link?.children ?? []).filter((c) => (c as { isURDFCollider?: boolean }).isURDFCollider && hasRealMesh(c));
    if (colliders.length) for (const c of colliders) c.visible = true;
    else for (const m of v.children.filter(isMarker)) if (m.children.length === 0) m.add(fallbackBox());
  }
}

/** Builds the body of a URDF that passed checkUrdf. */
export function buildUrdfBody(urdf: string, meshBase: string | undefined, cache: MeshCache = meshCache): UrdfBody {
  const loader = new URDFLoader();
  // Keep every URI as written (package:// and relative alike); resolveMeshUri decides where it is fetched.
  loader.packages = (pkg: string) => `package://${pkg}`;
  loader.workingPath = '';
  loader.parseCollision = true;
  const pending: Promise<void>[] = [];
  const missing: MissingMesh[] = [];
  loader.loadMeshCb = (uri, _manager, material, done) => {
    const marker = new THREE.Object3D();
    marker.userData[MISSING] = uri;
    let url: string;
    try {
      url = resolveMeshUri(uri, meshBase);
    } catch (err) {
      missing.push({ uri, reason: (err as Error).message });
      done(marker);
      return;
    }
    pending.push(
      cache.load(url).then(
        (obj) => {
          applyMaterial(obj, material);
          done(obj);
        },
        (err: unknown) => {
          missing.push({ uri, reason: `${url}: ${err instanceof Error ? err.message : String(err)}` });
          done(marker);
        },
      ),
    );
  };
  const robot = loader.parse(urdf);
  robot.traverse((o) => {
    if ((o as { isURDFCollider?: boolean }).isURDFCollider) o.visible = false;
  });
  const settled = Promise.all(pending).then(() => {
    applyFallbacks(robot);
    return missing;
  });
  if (!pending.length) applyFallbacks(robot);
  return { robot, settled };
}

/** A robot whose description is invalid: a red wireframe column with a cross, unmistakably not a body. */
export function invalidBody(): THREE.Object3D {
  const g = new THREE.Group();
  const mat = new THREE.LineBasicMaterial({ color: 0xff3b30 });
  const column = new THREE.LineSegments(new THREE.EdgesGeometry(new THREE.BoxGeometry(0.5, 0.5, 1.4)), mat);
  column.position.z = 0.7;
  const cross = new THREE.LineSegments(
    new THREE.BufferGeometry().setFromPoints([
      new THREE.Vector3(-0.25, -0.25, 0),
      new THREE.Vector3(0.25, 0.25, 1.4),
      new THREE.Vector3(0.25, -0.25, 0),
      new THREE.Vector3(-0.25, 0.25, 1.4),
    ]),
    mat,
  );
  g.add(column, cross);
  g.name = 'invalid-urdf';
  g.userData.placeholder = true;
  return g;
}
