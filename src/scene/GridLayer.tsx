// Site maps: each robot's latest nav_msgs/OccupancyGrid as a DataTexture on a plane at the grid's origin
// (position + yaw) in its frame. A new message replaces the texture and disposes the old one. Robots sharing
// one site map publish identical grids; only the first of identical ones is drawn.

import { useFrame } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import * as THREE from 'three';
import { decodeOccupancyGrid } from './occupancyGrid';
import { countRender, type SceneRuntime } from './sceneRuntime';
import { compose } from './tfMath';

interface GridSlot {
  rev: number;
  sig: string;
  frame: string;
  origin: import('./tfMath').Transform;
  group: THREE.Group;
  mesh: THREE.Mesh<THREE.PlaneGeometry, THREE.MeshBasicMaterial>;
  texture: THREE.DataTexture;
}

function disposeSlot(s: GridSlot): void {
  s.group.removeFromParent();
  s.texture.dispose();
  s.mesh.geometry.dispose();
  s.mesh.material.dispose();
}

export function GridLayer({ rt }: { rt: SceneRuntime }) {
  countRender('GridLayer');
  const slots = useRef(new Map<string, GridSlot>());

  useEffect(() => {
    const map = slots.current;
    return () => {
      for (const s of map.values()) disposeSlot(s);
      map.clear();
    };
  }, []);

  useFrame(() => {
    const model = rt.model;
    rt.gridRoot.visible = model.gridVisible;
    const map = slots.current;
    for (const [id, s] of map) {
      if (!model.feeds.get(id)?.grid) {
        disposeSlot(s);
        map.delete(id);
      }
    }
    const drawn = new Set<string>();
    for (const [id, feed] of model.feeds) {
      const g = feed.grid;
      if (!g) continue;
      let slot = map.get(id);
      if (!slot || slot.rev !== g.rev) {
        const decoded = decodeOccupancyGrid(g.msg, model.warnings);
        if (slot) {
          disposeSlot(slot);
          map.delete(id);
        }
        if (!decoded) {
          // Keep the rev so a bad grid is decoded (and counted) once, not every frame.
          feed.grid = null;
          continue;
        }
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
        mesh.position.set(w / 2, h / 2, 0);
        mesh.renderOrder = -1;
        mesh.userData.grid = id;
        const group = new THREE.Group();
        group.add(mesh);
        rt.gridRoot.add(group);
        const o = decoded.origin;
        slot = {
          rev: g.rev,
          sig: `${decoded.frame}|${decoded.width}x${decoded.height}|${decoded.resolution}|${o.tx},${o.ty},${o.tz},${o.qz},${o.qw}`,
          frame: decoded.frame,
          origin: decoded.origin,
          group,
          mesh,
          texture: tex,
        };
        map.set(id, slot);
      }
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
  });

  return <primitive object={rt.gridRoot} />;
}
