// TEST INSTRUMENTATION, read-only: `window.__scene` lets browser tests ask where things are on screen without
// reading pixels. It changes nothing in the scene.
//   robotScreenPosition(id) -> {x, y} page CSS pixels of the robot's base, or null if not drawn
//   placeScreenPosition(key) -> {x, y} of a place (key as in usePlacesStore), or null
//   cameraTarget() -> {x, y, z} orbit target in the fixed frame
//   places() -> [{key, name, x, y, z}] (fixed-frame poses for places in it); selectedRobot() -> fleet selection;
//   frameStats(reset?) -> layers' per-frame CPU ms {frames, avgMs, maxMs}; renderCounts() -> renders per scene component since load

import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import * as THREE from 'three';
import { useFleetStore } from '../fleet/fleetStore';
import { usePlacesStore } from '../features/map/placesStore';
import { renderCounts, type SceneRuntime } from './sceneRuntime';

export interface SceneDebugHook {
  robotScreenPosition(id: string): { x: number; y: number } | null;
  placeScreenPosition(key: string): { x: number; y: number } | null;
  cameraTarget(): { x: number; y: number; z: number };
  places(): { key: string; name: string; x: number; y: number; z: number }[];
  renderCounts(): Record<string, number>;
  selectedRobot(): string | undefined;
  /** Per-frame CPU time of the layers (TF lookups, joints, markers, grids), ms; reset=true starts over. */
  frameStats(reset?: boolean): { frames: number; avgMs: number; maxMs: number };
}

declare global {
  interface Window {
    __scene?: SceneDebugHook;
  }
}

export function SceneInstruments({ rt }: { rt: SceneRuntime }) {
  const camera = useThree((s) => s.camera);
  const gl = useThree((s) => s.gl);
  useEffect(() => {
    const toScreen = (p: THREE.Vector3 | null) => {
      if (!p) return null;
      const v = p.clone().project(camera);
      if (v.z > 1 || v.z < -1) return null;
      const r = gl.domElement.getBoundingClientRect();
      return { x: r.left + ((v.x + 1) / 2) * r.width, y: r.top + ((1 - v.y) / 2) * r.height };
    };
    const hook: SceneDebugHook = {
      robotScreenPosition: (id) => toScreen(rt.robotWorldPosition(id)),
      placeScreenPosition: (key) => {
        const place = usePlacesStore.getState().places.find((p) => p.key === key);
        return place ? toScreen(rt.placeWorldPosition(place)) : null;
      },
      cameraTarget: () => {
        const t = rt.controls?.target ?? new THREE.Vector3();
        return { x: t.x, y: t.y, z: t.z };
      },
      places: () => usePlacesStore.getState().places.map((p) => ({ key: p.key, name: p.name, x: p.x, y: p.y, z: p.z })),
      renderCounts: () => ({ ...renderCounts }),
      selectedRobot: () => useFleetStore.getState().selectedId,
      frameStats: (reset) => {
        const snap = rt.frameStats.snapshot();
        if (reset) rt.frameStats.reset();
        return snap;
      },
    };
    window.__scene = hook;
    return () => {
      if (window.__scene === hook) delete window.__scene;
    };
  }, [camera, gl, rt]);
  return null;
}
