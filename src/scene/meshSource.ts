// Where a URDF's mesh files come from. rosbridge cannot serve files, so meshes are fetched from a mesh source:
// an HTTP(S) base URL set per robot or for the site (site profile `meshSource`), under which packages are laid
// out as they are in a ROS workspace's share/ folder (<base>/<package>/meshes/arm.stl). STL, COLLADA (.dae)
// and OBJ are read with three's loaders; each file is fetched once and shared by every robot that uses it
// (failures are not cached, so a later reload tries again). STL, OBJ and COLLADA are parsed in a preparation
// worker (meshParse.ts; a humanoid's meshes are tens of megabytes); a COLLADA file with textures (or skins) comes
// back from the worker and is parsed here, on the UI thread, with the page's DOM.

import * as THREE from 'three';
import { meshDetailReady } from './meshSimplify';
import { meshFromBuffers, parseCollada, parseWorkerMesh, type MeshPrepResult } from './meshParse';
import { sharedPrepPool, type PrepPool } from './prepPool';

export const MESH_FORMATS = ['stl', 'dae', 'obj'] as const;

/** Why a mesh URI has no address: what the person can do about it. */
export class MeshUnresolved extends Error {}

function join(base: string, rest: string): string {
  return `${base.replace(/\/+$/, '')}/${rest.replace(/^\/+/, '')}`;
}

/**
 * The URL to fetch a mesh URI from, as written in the URDF: `package://pkg/path`, a path relative to the
 * description, `file:///…/share/pkg/path` (an install path on the robot: the part after share/ is looked up
 * under the base) or an http(s) URL under the base (any other is refused). Throws MeshUnresolved when it cannot be resolved.
 */
export function resolveMeshUri(uri: string, base: string | undefined): string {
  // An address in robot data is fetched only when it lies under the mesh source a person set: a description
  // must not make the console contact hosts of its choosing.
  if (/^https?:\/\//i.test(uri)) {
    if (base && uri.startsWith(base.replace(/\/*$/, '/'))) return uri;
    throw new MeshUnresolved(`${uri} is not under the mesh source${base ? ` ${base}` : ''}`);
  }
  let rest: string;
  if (uri.startsWith('package://')) rest = uri.slice('package://'.length);
  else if (uri.startsWith('file://') || uri.startsWith('/')) {
    const path = uri.replace(/^file:\/\//, '');
    const share = path.lastIndexOf('/share/');
    if (share < 0) throw new MeshUnresolved(`${uri} is a path on the robot's disk outside any share/ folder`);
    rest = path.slice(share + '/share/'.length);
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(uri)) throw new MeshUnresolved(`${uri}: unsupported scheme`);
  else rest = uri;
  if (!base) throw new MeshUnresolved('no mesh source is set for this robot or site');
  if (rest.split('/').includes('..')) throw new MeshUnresolved(`${uri} leaves its package`);
  return join(base, rest);
}

export function meshFormat(url: string): (typeof MESH_FORMATS)[number] | undefined {
  const ext = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url)?.[1]?.toLowerCase();
  return (MESH_FORMATS as readonly string[]).includes(ext ?? '') ? (ext as (typeof MESH_FORMATS)[number]) : undefined;
}

/**
 * Parses a fetched mesh file into an object on this thread; materials of STL/OBJ are left for the caller. COLLADA
 * is read with the page's own DOM and loads its textures relative to the file.
 */
export function parseMesh(format: (typeof MESH_FORMATS)[number], data: ArrayBuffer, url: string): THREE.Object3D {
  if (format !== 'dae') return parseWorkerMesh(format, data);
  return parseCollada(new TextDecoder().decode(data), THREE.LoaderUtils.extractUrlBase(url));
}

export type Fetcher = (url: string) => Promise<ArrayBuffer>;

const httpFetch: Fetcher = async (url) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.arrayBuffer();
};

/**
 * Meshes by URL, fetched and parsed once; hands out clones (geometry shared, marked so bodies keep it). STL and
 * OBJ files are parsed in the pool's workers (`pool`: the page's by default; none, e.g. in Node: here).
 */
export class MeshCache {
  private readonly entries = new Map<string, Promise<THREE.Object3D>>();
  /** Files parsed on this thread (COLLADA, or STL/OBJ without a pool or after a worker failed). */
  parsedHere = 0;

  constructor(
    private readonly fetcher: Fetcher = httpFetch,
    private readonly max = 500,
    private readonly pool: () => PrepPool | null = sharedPrepPool,
  ) {}

  private parse(format: (typeof MESH_FORMATS)[number], data: ArrayBuffer, url: string): Promise<THREE.Object3D> {
    const pool = this.pool();
    if (!pool) {
      this.parsedHere++;
      // Without a page (Node) big STL/OBJ meshes get their twin here, once the simplifier is compiled; a page keeps none.
      return meshDetailReady().then(() => parseMesh(format, data, url));
    }
    return new Promise<THREE.Object3D | null>((resolve, reject) => {
      // The file's bytes move to the worker (not copied); the worker's buffers move back.
      pool.submit(
        `mesh ${url}`,
        { kind: 'mesh', msg: { format, data } },
        (reply) => {
          const result = reply.result as MeshPrepResult | null;
          if (result && 'node' in result) resolve(meshFromBuffers(result.node));
          else if (result && 'problem' in result) reject(new Error(result.problem));
          else if (result && 'onPage' in result) {
            // Only the page can read this file (a COLLADA file with textures): its bytes came back.
            this.parsedHere++;
            try {
              resolve(parseMesh(format, result.onPage, url));
            } catch (e) {
              reject(e instanceof Error ? e : new Error(String(e)));
            }
          } else resolve(null);
        },
        [data],
      );
    }).then(async (obj) => {
      if (obj) return obj;
      // The worker itself failed (not the file): its bytes went with it, so fetch it again and parse it here.
      const again = await this.fetcher(url);
      this.parsedHere++;
      await meshDetailReady();
      return parseMesh(format, again, url);
    });
  }

  load(url: string): Promise<THREE.Object3D> {
    let p = this.entries.get(url);
    if (!p) {
      const format = meshFormat(url);
      if (!format) return Promise.reject(new Error(`not an STL, COLLADA or OBJ file`));
      p = this.fetcher(url)
        .then((data) => this.parse(format, data, url))
        .then((obj) => {
          // A COLLADA file brings its own materials (urdf-loader keeps them); STL and OBJ take the URDF's.
          obj.traverse((o) => {
            o.userData.sharedGeometry = true;
            if (format === 'dae') o.userData.ownMaterial = true;
          });
          return obj;
        });
      p.catch(() => this.entries.delete(url));
      if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(url, p);
    }
    return p.then((obj) => obj.clone(true));
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The page's one mesh cache (robots of one model share their files). */
export const meshCache = new MeshCache();
