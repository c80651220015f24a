// TEST INSTRUMENTATION, read-only: `window.__scene` lets browser tests ask where things are on screen without
// reading pixels. It changes nothing in the scene.
//   robotScreenPosition(id) -> {x, y} page CSS pixels of the robot's base, or null if not drawn
//   cameraTarget() -> {x, y, z} orbit target in the fixed frame; selectedRobot() -> fleet selection;
//   frameStats(reset?) -> layers' per-frame CPU ms {frames, avgMs, maxMs}; renderCounts() -> renders per scene component since load
//   robotBody(id) -> what the robot is drawn as: 'stand-in' | 'urdf' | 'invalid', meshes shown from files, fallback boxes
//   robotTriangles(id) -> triangles of the robot's visible body
// plus what each scene extension adds (instruments()), e.g. the map's places() and placeScreenPosition(key).

import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import * as THREE from 'three';
import { useFleetStore } from '../fleet';
import { triangleCount } from './meshDetail';
import { sharedPrepPool } from './prepPool';
import { registeredSceneExtensions } from './sceneExtension';
import { renderCounts, type RenderInfo, type SceneRuntime } from './sceneRuntime';

export interface SceneDebugHook {
  robotScreenPosition(id: string): { x: number; y: number } | null;
  /** Where the robot's base is drawn in the fixed frame, or null if not drawn. */
  robotWorldPosition(id: string): { x: number; y: number; z: number } | null;
  cameraTarget(): { x: number; y: number; z: number };
  renderCounts(): Record<string, number>;
  selectedRobot(): string | undefined;
  /** Per-frame CPU time of the layers (TF lookups, joints, markers, grids), ms; reset=true starts over. */
  frameStats(reset?: boolean): { frames: number; avgMs: number; maxMs: number };
  /** What the renderer drew in the last frame (draw calls, triangles) and the frames drawn so far. */
  renderInfo(): RenderInfo;
  /** Start times (requestAnimationFrame time, as performance.now()) of the frames drawn since `since`, at most the last 1,024. */
  drawnSince(since: number): number[];
  /** The page's preparation pool: its workers and the jobs they answered, by kind (null: no Web Workers). */
  prepPool(): { size: number; answered: Record<string, number> } | null;
  /** The frame pacer: smoothed cost of a drawn frame, the wait it leaves after one, frames drawn and passed over. */
  pacer(): { costMs: number; gapMs: number; pacing: boolean; drawn: number; skipped: number };
  /**
   * The level of detail (detailGovernor.ts): what frame costs call for, what is drawn, the person's choice, steps
   * down and up so far, predictions that stepped it down before a slow frame and whether it predicts at all.
   */
  detail(): { level: number; effective: number; full: boolean; coarser: number; finer: number; predicted: number; predictive: boolean };
  robotBody(id: string): RobotBodyInfo | null;
  /** Triangles of the robot's visible body (its round primitives draw coarse twins at reduced detail). */
  robotTriangles(id: string): number;
}

export interface RobotBodyInfo {
  kind: 'stand-in' | 'urdf' | 'invalid';
  /** Visible meshes whose geometry came from a mesh file. */
  fileMeshes: number;
  /** Visible grey boxes standing in for a missing mesh file. */
  fallbackBoxes: number;
  /** Visible collision shapes standing in for a missing visual mesh. */
  collisionShown: number;
}

function bodyInfo(root: THREE.Object3D | undefined): RobotBodyInfo | null {
  if (!root) return null;
  const body = root.children.find(
    (c) => c.name === 'stand-in' || c.name === 'invalid-urdf' || (c as { isURDFRobot?: boolean }).isURDFRobot,
  );
  if (!body) return null;
  const info: RobotBodyInfo = {
    kind: body.name === 'stand-in' ? 'stand-in' : body.name === 'invalid-urdf' ? 'invalid' : 'urdf',
    fileMeshes: 0,
    fallbackBoxes: 0,
    collisionShown: 0,
  };
  body.traverseVisible((o) => {
    if ((o as { isURDFCollider?: boolean }).isURDFCollider) info.collisionShown++;
    if (!(o as THREE.Mesh).isMesh) return;
    if (o.userData.sharedGeometry) info.fileMeshes++;
    if (o.name === 'missing-mesh-box') info.fallbackBoxes++;
  });
  return info;
}

function bodyTriangles(root: THREE.Object3D | undefined): number {
  let n = 0;
  root?.traverseVisible((o) => {
    const g = (o as THREE.Mesh).isMesh ? (o as THREE.Mesh).geometry : undefined;
    if (g) n += triangleCount(g);
  });
  return n;
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
    const toScreen = (p: { x: number; y: number; z: number } | null) => {
      if (!p) return null;
      const v = new THREE.Vector3(p.x, p.y, p.z).project(camera);
      if (v.z > 1 || v.z < -1) return null;
      const r = gl.domElement.getBoundingClientRect();
      return { x: r.left + ((v.x + 1) / 2) * r.width, y: r.top + ((1 - v.y) / 2) * r.height };
    };
    const core = {
      robotScreenPosition: (id: string) => toScreen(rt.robotWorldPosition(id)),
      robotWorldPosition: (id: string) => {
        const p = rt.robotWorldPosition(id);
        return p ? { x: p.x, y: p.y, z: p.z } : null;
      },
      cameraTarget: () => {
        const t = rt.controls?.target ?? new THREE.Vector3();
        return { x: t.x, y: t.y, z: t.z };
      },
      renderCounts: () => ({ ...renderCounts }),
      robotBody: (id: string) => bodyInfo(rt.robotRoots.get(id)),
      robotTriangles: (id: string) => bodyTriangles(rt.robotRoots.get(id)),
      selectedRobot: () => useFleetStore.getState().selectedId,
      renderInfo: () => ({ ...rt.renderInfo }),
      drawnSince: (since: number) => rt.pacer.drawnSince(since),
      prepPool: () => {
        const pool = sharedPrepPool();
        return pool ? { size: pool.size, answered: { ...pool.answered } } : null;
      },
      pacer: () => {
        const p = rt.pacer;
        return { costMs: p.costMs, gapMs: p.gapMs, pacing: p.pacing, drawn: p.drawn, skipped: p.skipped };
      },
      detail: () => {
        const d = rt.detail;
        return {
          level: d.level,
          effective: d.effective,
          full: d.full,
          coarser: d.coarser,
          finer: d.finer,
          predicted: d.predicted,
          predictive: d.predictive,
        };
      },
      frameStats: (reset?: boolean) => {
        const snap = rt.frameStats.snapshot();
        if (reset) rt.frameStats.reset();
        return snap;
      },
    };
    // Extensions declare their additions to SceneDebugHook by module augmentation.
    const hook = Object.assign(core, ...registeredSceneExtensions().map((ext) => ext.instruments?.(rt, toScreen) ?? {})) as SceneDebugHook;
    window.__scene = hook;
    return () => {
      if (window.__scene === hook) delete window.__scene;
    };
  }, [camera, gl, rt]);
  return null;
}
