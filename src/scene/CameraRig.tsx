// Orbit/pan/zoom (three's OrbitControls, z up as in REP-103), top-down and perspective modes, follow the
// selected robot, fit all, and animated fly-to for place search. Camera moves are driven in useFrame from
// commands left on the runtime, so buttons and shortcuts never re-render the canvas.

import { useFrame, useThree } from '@react-three/fiber';
import { useCallback, useEffect, useRef } from 'react';
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { useFleetStore } from '../fleet';
import { countRender, type SceneRuntime } from './sceneRuntime';
import { useSceneUiStore, type CameraMode } from './sceneUiStore';
import { isTypingTarget } from '../ui';

const TOP_POLAR = 1e-3;
const PERSPECTIVE_POLAR = (50 * Math.PI) / 180;
const FLY_SECONDS = 0.7;

interface Flight {
  fromTarget: THREE.Vector3;
  fromPos: THREE.Vector3;
  toTarget: THREE.Vector3;
  toPos: THREE.Vector3;
  t: number;
}

/** Camera offset from target for a mode at a distance, keeping the current heading. */
function offsetFor(mode: CameraMode, distance: number, azimuth: number): THREE.Vector3 {
  const polar = mode === 'top' ? TOP_POLAR : PERSPECTIVE_POLAR;
  // Spherical around z: azimuth measured in the xy-plane.
  return new THREE.Vector3(
    distance * Math.sin(polar) * Math.cos(azimuth),
    distance * Math.sin(polar) * Math.sin(azimuth),
    distance * Math.cos(polar),
  );
}

/** Scene bounds: grids, visible robots and markers; null when there is nothing yet. */
export function sceneBounds(rt: SceneRuntime): THREE.Box3 | null {
  const box = new THREE.Box3();
  const add = (o: THREE.Object3D) => {
    if (!o.visible) return;
    o.updateWorldMatrix(true, true);
    const b = new THREE.Box3().setFromObject(o);
    if (!b.isEmpty() && Number.isFinite(b.min.x) && Number.isFinite(b.max.x)) box.union(b);
  };
  for (const g of rt.gridRoot.children) add(g);
  for (const r of rt.robotRoots.values()) add(r);
  for (const m of rt.markerObjects.values()) if (!(m as THREE.Sprite).isSprite) add(m);
  return box.isEmpty() ? null : box;
}

export function CameraRig({ rt }: { rt: SceneRuntime }) {
  countRender('CameraRig');
  const camera = useThree((s) => s.camera);
  const gl = useThree((s) => s.gl);
  const mode = useSceneUiStore((s) => s.cameraMode);
  const follow = useSceneUiStore((s) => s.follow);
  const selectedId = useFleetStore((s) => s.selectedId);
  const flight = useRef<Flight | null>(null);
  const fittedOnce = useRef(false);

  useEffect(() => {
    camera.up.set(0, 0, 1);
    const controls = new OrbitControls(camera, gl.domElement);
    controls.enableDamping = true;
    controls.dampingFactor = 0.12;
    controls.screenSpacePanning = true;
    controls.minDistance = 0.5;
    controls.maxDistance = 2000;
    controls.target.set(0, 0, 0);
    camera.position.copy(offsetFor('perspective', 30, -Math.PI / 2));
    controls.update();
    rt.controls = controls;
    rt.camera = camera;
    return () => {
      controls.dispose();
      if (rt.controls === controls) rt.controls = null;
    };
  }, [camera, gl, rt]);

  const flyTo = useCallback(
    (target: THREE.Vector3, distance?: number, m: CameraMode = useSceneUiStore.getState().cameraMode) => {
      const c = rt.controls;
      if (!c) return;
      const cur = camera.position.clone().sub(c.target);
      const d = distance ?? cur.length();
      const az = Math.atan2(cur.y, cur.x);
      flight.current = {
        fromTarget: c.target.clone(),
        fromPos: camera.position.clone(),
        toTarget: target.clone(),
        toPos: target.clone().add(offsetFor(m, d, Math.abs(cur.x) + Math.abs(cur.y) < 1e-6 ? -Math.PI / 2 : az)),
        t: 0,
      };
    },
    [rt, camera],
  );

  const fitAll = (m: CameraMode = useSceneUiStore.getState().cameraMode) => {
    const box = sceneBounds(rt);
    if (!box) return false;
    const size = box.getSize(new THREE.Vector3());
    const center = box.getCenter(new THREE.Vector3());
    center.z = box.min.z;
    const cam = camera as THREE.PerspectiveCamera;
    const tanHalf = Math.tan(((cam.fov ?? 50) * Math.PI) / 180 / 2);
    const aspect = cam.aspect || 1;
    // Footprint extents along the screen's right and up directions for the current heading.
    const off = rt.controls ? camera.position.clone().sub(rt.controls.target) : new THREE.Vector3(0, -1, 1);
    const az = Math.abs(off.x) + Math.abs(off.y) < 1e-6 ? -Math.PI / 2 : Math.atan2(off.y, off.x);
    const rx = -Math.sin(az),
      ry = Math.cos(az);
    const halfRight = (Math.abs(rx) * size.x + Math.abs(ry) * size.y) / 2;
    const halfUp = (Math.abs(ry) * size.x + Math.abs(rx) * size.y) / 2;
    const half = Math.max(halfUp, halfRight / aspect);
    const top = half / tanHalf + size.z;
    const dist = Math.max(2, m === 'top' ? top * 1.06 : top * 1.1);
    flyTo(center, dist, m);
    return true;
  };

  useEffect(() => {
    const c = rt.controls;
    if (!c) return;
    if (mode === 'top') {
      c.minPolarAngle = 0;
      c.maxPolarAngle = TOP_POLAR;
    } else {
      c.minPolarAngle = 0;
      c.maxPolarAngle = (85 * Math.PI) / 180;
    }
    flyTo(c.target, undefined, mode);
  }, [mode, rt, flyTo]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTypingTarget(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const ui = useSceneUiStore.getState();
      switch (e.key.toLowerCase()) {
        case 't':
          ui.setCameraMode('top');
          break;
        case 'p':
          ui.setCameraMode('perspective');
          break;
        case 'f':
          rt.command({ kind: 'fit' });
          break;
        case 'l':
          ui.setFollow(!ui.follow);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rt]);

  useFrame((_, dt) => {
    const c = rt.controls;
    if (!c) return;
    const cmd = rt.pending;
    if (cmd) {
      rt.pending = null;
      if (cmd.kind === 'fit') fitAll();
      else flyTo(cmd.target, cmd.distance);
    }
    // First sight of the site: frame it once.
    if (!fittedOnce.current && rt.gridRoot.children.some((g) => g.visible)) {
      fittedOnce.current = fitAll();
    }
    const f = flight.current;
    if (f) {
      f.t = Math.min(1, f.t + dt / FLY_SECONDS);
      const k = f.t < 0.5 ? 2 * f.t * f.t : 1 - (-2 * f.t + 2) ** 2 / 2;
      c.target.lerpVectors(f.fromTarget, f.toTarget, k);
      camera.position.lerpVectors(f.fromPos, f.toPos, k);
      if (f.t >= 1) flight.current = null;
    } else if (follow && selectedId) {
      const p = rt.robotWorldPosition(selectedId);
      if (p) {
        const delta = p.sub(c.target).multiplyScalar(Math.min(1, dt * 6));
        c.target.add(delta);
        camera.position.add(delta);
      }
    }
    c.update();
    // Camera work runs after the layers (mounted last): close this frame's layer timing.
    rt.frameStats.endFrame();
  });

  return null;
}
