// Click-to-select without R3F's per-object events: a short click (not a drag) raycasts robots and markers.
// A robot selects it in the fleet; a place or object opens the inspector (an extension may redirect a marker,
// e.g. a label to the place it names).

import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import * as THREE from 'three';
import { useFleetStore } from '../fleet';
import { registeredSceneExtensions } from './sceneExtension';
import { countRender, type SceneRuntime } from './sceneRuntime';
import { useSceneUiStore } from './sceneUiStore';

function shown(o: THREE.Object3D | null): boolean {
  for (let x = o; x; x = x.parent) if (!x.visible) return false;
  return true;
}

export type PickResult = { kind: 'robot'; id: string } | { kind: 'marker'; key: string } | null;

export function pickAt(rt: SceneRuntime, camera: THREE.Camera, ndc: THREE.Vector2): PickResult {
  const ray = new THREE.Raycaster();
  ray.params.Points = { threshold: 0.1 };
  ray.params.Line = { threshold: 0.05 };
  ray.setFromCamera(ndc, camera);
  const hits = [
    ...ray.intersectObjects(
      [...rt.robotRoots.values()].filter((r) => r.visible),
      true,
    ),
    ...ray.intersectObject(rt.markerRoot, true),
  ]
    .filter((h) => shown(h.object))
    .sort((a, b) => a.distance - b.distance);
  // Labels draw on top of everything, so a label hit wins over what is behind it.
  const label = hits.find((h) => (h.object as THREE.Sprite).isSprite);
  for (const h of label ? [label, ...hits] : hits) {
    for (let o: THREE.Object3D | null = h.object; o; o = o.parent) {
      if (typeof o.userData.robotId === 'string') return { kind: 'robot', id: o.userData.robotId };
      if (typeof o.userData.markerKey === 'string') return { kind: 'marker', key: o.userData.markerKey };
    }
  }
  return null;
}

export function ScenePicker({ rt }: { rt: SceneRuntime }) {
  countRender('ScenePicker');
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  useEffect(() => {
    const el = gl.domElement;
    let down: { x: number; y: number } | null = null;
    const onDown = (e: PointerEvent) => {
      down = e.button === 0 ? { x: e.clientX, y: e.clientY } : null;
    };
    const onUp = (e: PointerEvent) => {
      if (!down || Math.hypot(e.clientX - down.x, e.clientY - down.y) > 5) return;
      down = null;
      const rect = el.getBoundingClientRect();
      const ndc = new THREE.Vector2(((e.clientX - rect.left) / rect.width) * 2 - 1, -((e.clientY - rect.top) / rect.height) * 2 + 1);
      const hit = pickAt(rt, camera, ndc);
      const ui = useSceneUiStore.getState();
      if (!hit) {
        ui.inspect(undefined);
        return;
      }
      if (hit.kind === 'robot') {
        useFleetStore.getState().select(hit.id);
        return;
      }
      for (const ext of registeredSceneExtensions()) {
        const key = ext.resolveInspect?.(rt, hit.key);
        if (key) {
          ui.inspect(key);
          return;
        }
      }
      // Duplicates from other robots are not drawn, so a hit is always the drawn (first) copy.
      ui.inspect(hit.key);
    };
    el.addEventListener('pointerdown', onDown);
    el.addEventListener('pointerup', onUp);
    return () => {
      el.removeEventListener('pointerdown', onDown);
      el.removeEventListener('pointerup', onUp);
    };
  }, [gl, camera, rt]);
  return null;
}
