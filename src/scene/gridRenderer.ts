// Per-frame upkeep of the site-map planes, apart from React so it can be tested in Node: each robot's latest
// OccupancyGrid becomes textured planes at the grid origin; a new message replaces them and disposes the old
// ones (no GPU leak); a bad grid is skipped (counted once) and the last good one kept.
// Robots sharing one site map publish identical grids: only the first of identical ones is drawn.
//
// Never a dropped frame for a big map: the grid is cut into strips of whole rows (one texture each). With a
// preparation pool the strips are decoded in a worker and arrive as transferred buffers; with an uploader the
// strips go to the GPU a few per frame (a texel budget, larger while the view paces its frames), while the
// previous map stays on screen; the new one shows when its last strip is uploaded. A strip's texture, plane
// and material are made when it is uploaded (all sixteen of a 2048² map at once were 20 ms in one frame).
// One grid per robot is prepared and one uploaded at a time: a grid that arrives meanwhile waits (a newer one
// replaces it while it waits), and the one in progress is finished and shown first. So a map republished
// faster than it can be prepared and uploaded (a SLAM map every few seconds in a view paced to one frame a
// second) still updates, at the rate the machine manages, instead of never.

import { inSite } from './siteFrame';
import * as THREE from 'three';
import { decodeGridStrips, gridMeta, STRIP_TEXELS, type GridStrips } from './occupancyGrid';
import type { PrepPool } from './prepPool';
import type { PrepReply } from './prepWorkerHost';
import type { SceneModel } from './sceneModel';
import { compose, type Transform } from './tfMath';

interface GridSlot {
  rev: number;
  sig: string;
  frame: string;
  origin: Transform;
  group: THREE.Group;
  /** The strips made so far (a strip's mesh is made when it is uploaded: all of them once the slot is shown). */
  meshes: THREE.Mesh<THREE.PlaneGeometry, THREE.MeshBasicMaterial>[];
  prepared: GridStrips;
  /** Strips handed to the uploader so far (all of them once the slot is shown). */
  uploaded: number;
}

/** Makes the slot's next strip (texture, plane, material) and adds it to the slot's group. */
function nextStrip(s: GridSlot, id: string): THREE.Mesh<THREE.PlaneGeometry, THREE.MeshBasicMaterial> {
  const { meta, rowsPerStrip, strips } = s.prepared;
  const i = s.meshes.length;
  const row = i * rowsPerStrip;
  const mesh = stripMesh(meta.width, meta.resolution, strips[i]!, row, Math.min(rowsPerStrip, meta.height - row), id);
  s.meshes.push(mesh);
  s.group.add(mesh);
  return mesh;
}

export interface GridRendererOptions {
  /** Where big grids are decoded (none: on this thread). */
  pool?: PrepPool | null;
  /** Sends a texture to the GPU now (WebGLRenderer.initTexture). None: three uploads at the next render. */
  upload?: (texture: THREE.Texture) => void;
  /** Texels uploaded per frame at most (at least one strip is). */
  texelsPerFrame?: number;
  /**
   * Times the per-frame texel budget while the view paces its frames (framePacer.ts): a paced frame costs
   * hundreds of milliseconds anyway, and one strip per frame would take half a minute to show a big map.
   */
  pacedBudgetScale?: number;
  /** Texels per strip. */
  stripTexels?: number;
  /** Grids of at most this many cells are decoded on this thread even with a pool (cheaper than a round trip). */
  inlineMaxCells?: number;
}

function stripMesh(width: number, resolution: number, data: Uint8Array, row: number, rows: number, id: string) {
  const tex = new THREE.DataTexture(data, width, rows, THREE.RGBAFormat);
  tex.magFilter = THREE.NearestFilter;
  tex.minFilter = THREE.LinearFilter;
  tex.generateMipmaps = false;
  tex.colorSpace = THREE.SRGBColorSpace;
  tex.needsUpdate = true;
  const w = width * resolution;
  const h = rows * resolution;
  const mesh = new THREE.Mesh(
    new THREE.PlaneGeometry(w, h),
    // A flat strip cannot cover itself: one pass for both sides (three draws a see-through double-sided
    // material twice, back faces first, which doubles the fill of a map that covers the view).
    new THREE.MeshBasicMaterial({ map: tex, transparent: true, depthWrite: false, side: THREE.DoubleSide, forceSinglePass: true }),
  );
  // Texture row 0 (v = 0, flipY off) is grid row `row`, so the strip's corner sits that many rows up.
  mesh.position.set(w / 2, row * resolution + h / 2, 0);
  mesh.renderOrder = -1;
  mesh.userData.grid = id;
  return mesh;
}

/** One strip of a 1x1 grid: the material kind every grid strip draws with (for the shader warm-up). */
export function gridWarmUpObject(): THREE.Object3D {
  return stripMesh(1, 1, new Uint8Array(4), 0, 1, 'warm-up');
}

function disposeSlot(s: GridSlot): void {
  s.group.removeFromParent();
  for (const m of s.meshes) {
    m.material.map?.dispose();
    m.geometry.dispose();
    m.material.dispose();
  }
}

export class GridRenderer {
  private slots = new Map<string, GridSlot>();
  /** A grid being uploaded, shown in place of the robot's slot once complete. */
  private building = new Map<string, GridSlot>();
  /** Prepared strips waiting to be turned into a building slot. */
  private arrived = new Map<string, { rev: number; reply: PrepReply }>();
  /** The newest grid revision per robot (the one to show next). */
  private requested = new Map<string, number>();
  /** The grid revision per robot last handed over for decoding (or decoded here). */
  private submitted = new Map<string, number>();
  /** The grid revision per robot being decoded in the pool. */
  private decoding = new Map<string, number>();
  /** Grid revision per robot that failed to decode, so it is counted once, not every frame. */
  private badRev = new Map<string, number>();
  private readonly stripTexels: number;

  constructor(
    readonly root: THREE.Group,
    private readonly opts: GridRendererOptions = {},
  ) {
    this.stripTexels = opts.stripTexels ?? STRIP_TEXELS;
  }

  private drop(id: string): void {
    const s = this.slots.get(id);
    if (s) disposeSlot(s);
    this.slots.delete(id);
    this.dropBuilding(id);
    this.arrived.delete(id);
    this.requested.delete(id);
    this.submitted.delete(id);
    this.decoding.delete(id);
    this.opts.pool?.cancel(id);
  }

  private dropBuilding(id: string): void {
    const b = this.building.get(id);
    if (b) disposeSlot(b);
    this.building.delete(id);
  }

  /** The texture of the grid's first strip (the whole grid when it fits in one). */
  textureOf(id: string): THREE.DataTexture | undefined {
    return this.slots.get(id)?.meshes[0]?.material.map as THREE.DataTexture | undefined;
  }

  texturesOf(id: string): THREE.DataTexture[] {
    return (this.slots.get(id)?.meshes ?? []).map((m) => m.material.map as THREE.DataTexture);
  }

  groupOf(id: string): THREE.Group | undefined {
    return this.slots.get(id)?.group;
  }

  /** Whether a newer grid than the one shown is being prepared or uploaded. */
  pendingOf(id: string): boolean {
    return (
      this.building.has(id) ||
      this.arrived.has(id) ||
      this.decoding.has(id) ||
      (this.requested.get(id) ?? 0) > (this.slots.get(id)?.rev ?? 0)
    );
  }

  private createSlot(rev: number, prepared: GridStrips): GridSlot {
    const { meta } = prepared;
    const group = new THREE.Group();
    group.visible = false;
    this.root.add(group);
    const o = meta.origin;
    return {
      rev,
      sig: `${meta.frame}|${meta.width}x${meta.height}|${meta.resolution}|${o.tx},${o.ty},${o.tz},${o.qz},${o.qw}`,
      frame: meta.frame,
      origin: meta.origin,
      group,
      meshes: [],
      prepared,
      uploaded: 0,
    };
  }

  /** Hands a new grid revision over for decoding (a worker for a big one), after checking it can be shown. */
  private request(id: string, model: SceneModel, rev: number): void {
    const msg = model.feeds.get(id)!.grid!.msg;
    this.submitted.set(id, rev);
    const meta = gridMeta(msg, model.warnings);
    if (!meta) {
      // Skip the bad grid (counted once) and keep showing the last good one: a site map going blank
      // because of one malformed message would hide more than it tells.
      this.badRev.set(id, rev);
      return;
    }
    const pool = this.opts.pool;
    if (!pool || meta.width * meta.height <= (this.opts.inlineMaxCells ?? 512 * 512)) {
      const result = decodeGridStrips(msg, this.stripTexels);
      this.arrived.set(id, { rev, reply: { id: 0, kind: 'grid', result } });
      return;
    }
    this.decoding.set(id, rev);
    pool.submit(id, { kind: 'grid', msg, opts: { stripTexels: this.stripTexels } }, (reply) => {
      // Not asked for any more: the robot left (or its grid went) while this one was in the worker.
      if (this.decoding.get(id) !== rev) return;
      this.decoding.delete(id);
      this.arrived.set(id, { rev, reply });
    });
  }

  /** Prepared grids become hidden slots; their strips are uploaded within the frame's budget. */
  private build(model: SceneModel, paced: boolean): void {
    for (const [id, { rev, reply }] of this.arrived) {
      // The grid being uploaded is finished first; this one waits for it.
      if (this.building.has(id)) continue;
      this.arrived.delete(id);
      if (!model.feeds.get(id)?.grid) continue;
      if (!reply.result) {
        this.badRev.set(id, rev);
        model.warnings.warn('bad-grid', reply.error ?? 'grid could not be decoded');
        continue;
      }
      this.building.set(id, this.createSlot(rev, reply.result as GridStrips));
    }
    const upload = this.opts.upload;
    let budget = (this.opts.texelsPerFrame ?? this.stripTexels) * (paced ? (this.opts.pacedBudgetScale ?? 4) : 1);
    for (const [id, b] of this.building) {
      const total = b.prepared.strips.length;
      if (upload) {
        for (; b.uploaded < total && (budget > 0 || b.uploaded === 0); b.uploaded++) {
          const tex = nextStrip(b, id).material.map as THREE.DataTexture;
          upload(tex);
          budget -= tex.image.width * tex.image.height;
        }
        if (b.uploaded < total) break;
      } else {
        while (b.meshes.length < total) nextStrip(b, id);
        b.uploaded = total;
      }
      const old = this.slots.get(id);
      if (old) disposeSlot(old);
      this.slots.set(id, b);
      this.building.delete(id);
    }
  }

  /** Once per frame; `paced`: the view is pacing its frames (a bigger upload budget, see pacedBudgetScale). */
  update(model: SceneModel, paced = false): void {
    this.root.visible = model.gridVisible;
    for (const id of new Set([...this.slots.keys(), ...this.building.keys(), ...this.requested.keys()]))
      if (!model.feeds.get(id)?.grid) this.drop(id);
    for (const [id, feed] of model.feeds) {
      const g = feed.grid;
      if (!g || this.badRev.get(id) === g.rev) continue;
      this.requested.set(id, g.rev);
      // The newest grid goes to the pool once the one there is back (the worker cannot be interrupted).
      if (!this.decoding.has(id) && this.submitted.get(id) !== g.rev) this.request(id, model, g.rev);
    }
    this.build(model, paced);
    this.place(model);
  }

  private place(model: SceneModel): void {
    const drawn = new Set<string>();
    for (const [id, feed] of model.feeds) {
      const slot = this.slots.get(id);
      if (!slot) continue;
      // A robot placed in the site by its own transform has a map of its own: never a duplicate of another's.
      const site = model.site.of(id);
      const sig = site ? `${slot.sig}@${id}` : slot.sig;
      const dup = drawn.has(sig);
      drawn.add(sig);
      let pose = slot.origin;
      if (slot.frame !== model.fixedFrame) {
        const r = feed.tf.lookup(model.fixedFrame, slot.frame);
        if (!r.ok) {
          slot.group.visible = false;
          continue;
        }
        pose = compose(r.transform, slot.origin);
      }
      pose = inSite(site, pose);
      slot.group.visible = !dup;
      // Slightly below z=0 so floor markers are not hidden by the map.
      slot.group.position.set(pose.tx, pose.ty, pose.tz - 0.02);
      slot.group.quaternion.set(pose.qx, pose.qy, pose.qz, pose.qw);
    }
  }

  dispose(): void {
    for (const id of new Set([...this.slots.keys(), ...this.building.keys()])) this.drop(id);
  }
}
