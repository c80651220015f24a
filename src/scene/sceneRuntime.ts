// What the 3D layers share inside one <SceneView>: the data model plus three.js objects other parts need to
// reach (robot roots for picking/follow/debug, marker objects, the camera controls). Plain mutable object,
// created once per SceneView; nothing in it is React state.

import * as THREE from 'three';
import type { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { DetailGovernor } from './detailGovernor';
import { FramePacer } from './framePacer';
import { gridCells, lookupCell, type CellLookup } from './gridLookup';
import { SceneModel } from './sceneModel';
import { siteToRobotMap } from './siteFrame';
import { applyToPoint } from './tfMath';

/** The part of a scene extension the runtime calls (kept structural so the runtime needs no registry). */
export interface UiTicker {
  tickUi?(rt: SceneRuntime, nowMs: number): void;
}

/** A point in some robot's frame (a semantic place, a marker). */
export interface FramedPoint {
  robotId: string;
  frame: string;
  x: number;
  y: number;
  z: number;
}

export type CameraCommand = { kind: 'fly'; target: THREE.Vector3; distance?: number } | { kind: 'fit' };

/** Renders per component since the page loaded; read by the e2e test to prove messages don't re-render. */
export const renderCounts: Record<string, number> = {};
export function countRender(name: string): void {
  renderCounts[name] = (renderCounts[name] ?? 0) + 1;
}

/** Time spent in the layers' per-frame work (not GPU/draw), for the test hook and bench reports. */
export class FrameStats {
  frames = 0;
  totalMs = 0;
  maxMs = 0;
  private current = 0;
  add(ms: number): void {
    this.current += ms;
  }
  endFrame(): void {
    this.frames++;
    this.totalMs += this.current;
    if (this.current > this.maxMs) this.maxMs = this.current;
    this.current = 0;
  }
  snapshot() {
    return { frames: this.frames, avgMs: this.frames ? this.totalMs / this.frames : 0, maxMs: this.maxMs };
  }
  reset(): void {
    this.frames = 0;
    this.totalMs = 0;
    this.maxMs = 0;
  }
}

/** What the renderer drew in the last frame (WebGLRenderer.info), copied by PacedFrames.tsx, never React state. */
export interface RenderInfo {
  calls: number;
  triangles: number;
  points: number;
  lines: number;
  /** Frames drawn since the page loaded. */
  frames: number;
  /** Shader programs the renderer holds. */
  programs: number;
  /** The programs the shader warm-up compiled, once it is done (warmUp.ts); -1 until then. */
  warmedUp: number;
}

export class SceneRuntime {
  readonly frameStats = new FrameStats();
  /** Level of detail of the big layers, stepped by what the drawn frames cost (detailGovernor.ts). */
  readonly detail = new DetailGovernor();
  /** Decides which frame callbacks draw (framePacer.ts). */
  // renderInfo holds the frame the pacer measures (PacedFrames.tsx copies it first).
  readonly pacer = new FramePacer({
    onFrameCost: (ms) => this.detail.observe(ms, this.renderInfo.triangles + this.renderInfo.points + this.renderInfo.lines),
  });
  readonly renderInfo: RenderInfo = { calls: 0, triangles: 0, points: 0, lines: 0, frames: 0, programs: 0, warmedUp: -1 };
  readonly model = new SceneModel();
  readonly robotRoots = new Map<string, THREE.Object3D>();
  readonly gridRoot = new THREE.Group();
  readonly markerRoot = new THREE.Group();
  readonly markerObjects = new Map<string, THREE.Object3D>();
  controls: OrbitControls | null = null;
  camera: THREE.Camera | null = null;
  pending: CameraCommand | null = null;

  /** A robot's own mesh source (site profile), before the view's meshBaseUrl. */
  meshSourceFor: (robotId: string) => string | undefined = () => undefined;

  constructor(readonly meshBaseUrl?: string) {
    this.gridRoot.name = 'grids';
    this.markerRoot.name = 'markers';
  }

  /** Where the robot's URDF meshes are fetched from (see meshSource.ts); undefined: nowhere. */
  meshBaseFor(robotId: string): string | undefined {
    return this.meshSourceFor(robotId) || this.meshBaseUrl || undefined;
  }

  command(c: CameraCommand): void {
    this.pending = c;
  }

  robotWorldPosition(id: string): THREE.Vector3 | null {
    const root = this.robotRoots.get(id);
    if (!root || !root.visible) return null;
    return root.getWorldPosition(new THREE.Vector3());
  }

  /** Whose few-Hz hooks run after the scene's own (the mounted extensions; set by SceneView). */
  tickers: readonly UiTicker[] = [];

  /** The scene's and every extension's few-Hz copy into the UI stores. */
  tickUi(nowMs: number): void {
    this.model.tickUi(nowMs);
    for (const t of this.tickers) t.tickUi?.(this, nowMs);
  }

  /** A point's position in the fixed frame (through the publishing robot's TF when it is in another frame). */
  placeWorldPosition(place: FramedPoint): THREE.Vector3 | null {
    const fixed = this.model.fixedFrame;
    const site = this.model.site.of(place.robotId);
    let p: [number, number, number] = [place.x, place.y, place.z];
    if (place.frame.replace(/^\//, '') !== fixed) {
      const r = this.model.feeds.get(place.robotId)?.tf.lookup(fixed, place.frame);
      if (!r?.ok) return null;
      p = applyToPoint(r.transform, place.x, place.y, place.z);
    }
    if (site) p = applyToPoint(site, p[0], p[1], p[2]);
    return new THREE.Vector3(p[0], p[1], p[2]);
  }

  /**
   * A clicked point of the scene (fixed frame, x/y and heading) in the robot's own map frame, the frame a goal for
   * that robot is given in.
   */
  toRobotMap(robotId: string, x: number, y: number, yaw: number): { x: number; y: number; yaw: number; frame: string } {
    return { ...siteToRobotMap(this.model.site.of(robotId), x, y, yaw), frame: this.model.fixedFrame };
  }

  /** The robot's occupancy-grid cell under a point given in one of its frames; null without a grid or a transform. */
  cellAt(robotId: string, frame: string, x: number, y: number): CellLookup | null {
    const feed = this.model.feeds.get(robotId);
    const g = gridCells(feed?.grid?.msg);
    if (!feed || !g) return null;
    if (frame.replace(/^\//, '') === g.frame) return lookupCell(g, x, y);
    const r = feed.tf.lookup(g.frame, frame);
    if (!r.ok) return null;
    const p = applyToPoint(r.transform, x, y, 0);
    return lookupCell(g, p[0], p[1]);
  }

  dispose(): void {
    this.model.dispose();
  }
}
