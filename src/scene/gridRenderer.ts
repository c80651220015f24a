// Per-frame upkeep of the site-map planes, apart from React so it can be tested in Node: each robot's latest
// OccupancyGrid becomes a DataTexture on a plane at the grid origin; a new message replaces the texture and
// disposes the old one (no GPU leak); a bad grid is skipped (counted once) and the previous one removed.
// Robots sharing one site map publish identical grids: only the first of identical ones is drawn.

import * as THREE from 'three';
import { decodeOccupancyGrid, type DecodedGrid } from './occupancyGrid';
import type { SceneModel } from './sceneModel';
import { compose, type Transform } from './tfMath';

interface GridSlot {
  rev: number;
  sig: string;
  frame: string;
  origin: Transform;
  group: THREE.Group;
  mesh: THREE.Mesh<THREE.PlaneGeometry, THREE.MeshBasicMaterial>;
  texture: THREE.DataTexture;
}

export class GridRenderer {
  private slots = new Map<string, GridSlot>();
  /** Grid revision per robot that failed to decode, so it is counted once, not every frame. */
  private badRev = new Map<string, number>();

  constructor(readonly root: THREE.Group) {}

  private drop(id: string): void {
    const s = this.slots.get(id);
    if (!s) return;
    s.group.removeFromParent();
    s.texture.dispose();
    s.mesh.geometry.dispose();
    s.mesh.material.dispose();
    this.slots.delete(id);
  }

  textureOf(id: string): THREE.DataTexture | undefined {
    return this.slots.get(id)?.texture;
  }

  groupOf(id: string): THREE.Group | undefined {
    return this.slots.get(id)?.group;
  }

  private createSlot(id: string, rev: number, decoded: DecodedGrid): GridSlot {
    const tex = new THREE.DataTexture(decoded.rgba, decoded.width, decoded.height, THREE.RGBAFormat);
    tex.magFilter = THREE.NearestFilter;
    tex.minFilter = THREE.LinearFilter;
    tex.generateMipmaps = false;
    tex.colorSpace = THREE.SRGBColorSpace;
    tex.needsUpdate = true;
    const w = decoded.width * decoded.resolution;
    const h = decoded.height * decoded.resolution;
    const mesh = new THREE.Mesh(
      new THREE.PlaneGeometry(w, h),
      new THREE.MeshBasicMaterial({ map: tex, transparent: true, depthWrite: false, side: THREE.DoubleSide }),
    );
    // Texture row 0 (v = 0, flipY off) is grid row 0 at the origin, so the plane's corner sits there.
    mesh.position.set(w / 2, h / 2, 0);
    mesh.renderOrder = -1;
    mesh.userData.grid = id;
    const group = new THREE.Group();
    group.add(mesh);
    this.root.add(group);
    const o = decoded.origin;
    const slot: GridSlot = {
      rev,
      sig: `${decoded.frame}|${decoded.width}x${decoded.height}|${decoded.resolution}|${o.tx},${o.ty},${o.tz},${o.qz},${o.qw}`,
      frame: decoded.frame,
      origin: decoded.origin,
      group,
      mesh,
      texture: tex,
    };
    this.slots.set(id, slot);
    return slot;
  }

  update(model: SceneModel): void {
    this.root.visible = model.gridVisible;
    for (const id of [...this.slots.keys()]) if (!model.feeds.get(id)?.grid) this.drop(id);
    const drawn = new Set<string>();
    for (const [id, feed] of model.feeds) {
      const g = feed.grid;
      if (!g) continue;
      let slot = this.slots.get(id);
      if ((!slot || slot.rev !== g.rev) && this.badRev.get(id) !== g.rev) {
        const decoded = decodeOccupancyGrid(g.msg, model.warnings);
        if (!decoded) {
          // Skip the bad grid (counted once) and keep showing the last good one: a site map going blank
          // because of one malformed message would hide more than it tells.
          this.badRev.set(id, g.rev);
        } else {
          this.drop(id);
          slot = this.createSlot(id, g.rev, decoded);
        }
      }
      if (!slot) continue;
      const dup = drawn.has(slot.sig);
      drawn.add(slot.sig);
      let pose = slot.origin;
      if (slot.frame !== model.fixedFrame) {
        const r = feed.tf.lookup(model.fixedFrame, slot.frame);
        if (!r.ok) {
          slot.group.visible = false;
          continue;
        }
        pose = compose(r.transform, slot.origin);
      }
      slot.group.visible = !dup;
      // Slightly below z=0 so floor markers are not hidden by the map.
      slot.group.position.set(pose.tx, pose.ty, pose.tz - 0.02);
      slot.group.quaternion.set(pose.qx, pose.qy, pose.qz, pose.qw);
    }
  }

  dispose(): void {
    for (const id of [...this.slots.keys()]) this.drop(id);
  }
}
