// Semantic map and other markers: rebuilds only markers whose revision changed (polled in useFrame from the
// marker store), places each in the fixed frame through its robot's TF (frame_locked ones every frame), and
// hides markers whose frame is not connected (counted once per revision). Identical site markers published by
// several robots are drawn once.

import { useFrame } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import type * as THREE from 'three';
import type { MarkerEntry } from './markerStore';
import { buildMarkerObject, disposeObject } from './markerObjects';
import { countRender, type SceneRuntime } from './sceneRuntime';
import { compose, type Transform } from './tfMath';

interface Slot {
  rev: number;
  entry: MarkerEntry;
  obj: THREE.Object3D;
  placed: boolean;
  warned: boolean;
}

const siteSig = (e: MarkerEntry) =>
  `${e.ns}|${e.id}|${e.frame}|${e.type}|${e.text}|${e.pose.tx.toFixed(2)},${e.pose.ty.toFixed(2)},${e.pose.tz.toFixed(2)}`;

function setPose(obj: THREE.Object3D, t: Transform): void {
  obj.position.set(t.tx, t.ty, t.tz);
  obj.quaternion.set(t.qx, t.qy, t.qz, t.qw);
}

export function MarkerLayer({ rt }: { rt: SceneRuntime }) {
  countRender('MarkerLayer');
  const slots = useRef(new Map<string, Slot>());
  const seen = useRef({ version: -1, feeds: -1 });

  useEffect(() => {
    const map = slots.current;
    return () => {
      for (const s of map.values()) {
        s.obj.removeFromParent();
        disposeObject(s.obj);
      }
      map.clear();
      rt.markerObjects.clear();
    };
  }, [rt]);

  useFrame(() => {
    const model = rt.model;
    const store = model.markers;
    const now = Date.now();
    store.prune(now);
    const map = slots.current;
    if (store.version !== seen.current.version || model.feedsVersion !== seen.current.feeds) {
      seen.current = { version: store.version, feeds: model.feedsVersion };
      const keep = new Set<string>();
      const sigs = new Set<string>();
      for (const e of store.visible()) {
        if (e.frame === model.fixedFrame) {
          const sig = siteSig(e);
          if (sigs.has(sig)) continue;
          sigs.add(sig);
        }
        keep.add(e.key);
        const old = map.get(e.key);
        if (old && old.rev === e.rev) continue;
        if (old) {
          old.obj.removeFromParent();
          disposeObject(old.obj);
          map.delete(e.key);
          rt.markerObjects.delete(e.key);
        }
        const obj = buildMarkerObject(e);
        if (!obj) continue;
        obj.visible = false;
        rt.markerRoot.add(obj);
        map.set(e.key, { rev: e.rev, entry: e, obj, placed: false, warned: false });
        rt.markerObjects.set(e.key, obj);
      }
      for (const [k, s] of map) {
        if (keep.has(k)) continue;
        s.obj.removeFromParent();
        disposeObject(s.obj);
        map.delete(k);
        rt.markerObjects.delete(k);
      }
    }
    for (const s of map.values()) {
      const e = s.entry;
      if (s.placed && !e.frameLocked) continue;
      if (e.frame === model.fixedFrame) {
        setPose(s.obj, e.pose);
        s.obj.visible = true;
        s.placed = true;
        continue;
      }
      const tf = model.feeds.get(e.robotId)?.tf;
      let r = tf?.lookup(model.fixedFrame, e.frame, e.frameLocked || !Number.isFinite(e.stamp) ? undefined : e.stamp);
      if (r && !r.ok && !e.frameLocked) r = tf!.lookup(model.fixedFrame, e.frame);
      if (!r || !r.ok) {
        s.obj.visible = false;
        const feed = model.feeds.get(e.robotId);
        if (!s.warned && feed && feed.lastTfAt > 0 && now - e.receivedAt > 1500) {
          s.warned = true;
          model.warnings.warn('unknown-frame', `${e.key} in ${e.frame}`);
        }
        continue;
      }
      setPose(s.obj, compose(r.transform, e.pose));
      s.obj.visible = true;
      s.placed = true;
    }
  });

  return <primitive object={rt.markerRoot} />;
}
