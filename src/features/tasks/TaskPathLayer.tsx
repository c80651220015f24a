// Scene layer (inside the R3F canvas): for every task a robot holds, a line from the robot to the target and a
// marker at the target, in the robot's colour. Reads the engine and links in useFrame; no React state per message.
import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import type { SceneExtension } from '../../scene';
import { getLink } from '../../fleet';
import { useFleetStore } from '../../fleet';
import { PlanarTf } from './adapters/simpleGoalAdapter';
import type { Task } from './taskModel';
import { getTaskEngine } from './tasksRuntime';

const MAX = 32;
const Z = 0.05;

export interface TaskPathLayerProps {
  /** Robot position in the scene's fixed frame (the scene's own tf lookup is best); falls back to feedback/tf. */
  robotPosition?(robotId: string): { x: number; y: number } | undefined;
  /** Only targets in this frame are drawn (the scene's fixed frame). */
  fixedFrame?: string;
}

const tfCache = new Map<string, { msg: unknown; tf: PlanarTf }>();
function poseFromLink(robotId: string): { x: number; y: number } | undefined {
  const latest = getLink(robotId)?.latest<Parameters<PlanarTf['add']>[0]>('/tf');
  if (!latest) return undefined;
  let c = tfCache.get(robotId);
  if (!c) {
    c = { msg: undefined, tf: new PlanarTf() };
    tfCache.set(robotId, c);
  }
  if (c.msg !== latest.msg) {
    c.msg = latest.msg;
    c.tf.add(latest.msg);
  }
  return c.tf.pose('map', 'base_link');
}

export function TaskPathLayer({ robotPosition, fixedFrame = 'map' }: TaskPathLayerProps) {
  const { lines, markers, group } = useMemo(() => {
    const group = new THREE.Group();
    group.name = 'task-paths';
    const lines: THREE.Line[] = [];
    const markers: THREE.Mesh[] = [];
    const ring = new THREE.RingGeometry(0.25, 0.38, 32);
    const cone = new THREE.ConeGeometry(0.12, 0.5, 12).rotateX(Math.PI / 2).translate(0, 0, 0.25);
    for (let i = 0; i < MAX; i++) {
      const geo = new THREE.BufferGeometry();
      geo.setAttribute('position', new THREE.BufferAttribute(new Float32Array(6), 3));
      const line = new THREE.Line(
        geo,
        new THREE.LineDashedMaterial({ color: '#ffffff', dashSize: 0.3, gapSize: 0.15, transparent: true, opacity: 0.9 }),
      );
      line.visible = false;
      line.frustumCulled = false;
      const mat = new THREE.MeshBasicMaterial({ color: '#ffffff', transparent: true, opacity: 0.85, side: THREE.DoubleSide });
      const marker = new THREE.Mesh(ring, mat);
      marker.add(new THREE.Mesh(cone, mat));
      marker.visible = false;
      lines.push(line);
      markers.push(marker);
      group.add(line, marker);
    }
    return { lines, markers, group };
  }, []);

  useEffect(
    () => () => {
      for (const l of lines) {
        l.geometry.dispose();
        (l.material as THREE.Material).dispose();
      }
      const m0 = markers[0];
      if (m0) {
        m0.geometry.dispose();
        (m0.children[0] as THREE.Mesh).geometry.dispose();
      }
      for (const m of markers) (m.material as THREE.Material).dispose();
    },
    [lines, markers],
  );

  useFrame(() => {
    const engine = getTaskEngine();
    let n = 0;
    if (engine) {
      const robots = useFleetStore.getState().robots;
      engine.forEachOnRobot((task: Task) => {
        if (n >= MAX || task.target.frame.replace(/^\//, '') !== fixedFrame) return;
        const color = robots.find((r) => r.id === task.robotId)?.color ?? '#ffffff';
        const line = lines[n]!;
        const marker = markers[n]!;
        const { x, y, yaw } = task.target;
        marker.position.set(x, y, Z);
        marker.rotation.set(0, 0, yaw);
        (marker.material as THREE.MeshBasicMaterial).color.set(task.state === 'unknown' ? '#b26a00' : color);
        marker.visible = true;
        const from =
          robotPosition?.(task.robotId) ??
          poseFromLink(task.robotId) ??
          (task.progress.x !== undefined && task.progress.y !== undefined ? { x: task.progress.x, y: task.progress.y } : undefined);
        if (from) {
          const pos = line.geometry.getAttribute('position') as THREE.BufferAttribute;
          pos.setXYZ(0, from.x, from.y, Z);
          pos.setXYZ(1, x, y, Z);
          pos.needsUpdate = true;
          line.computeLineDistances();
          (line.material as THREE.LineDashedMaterial).color.set(color);
          line.visible = true;
        } else line.visible = false;
        n += 1;
      });
    }
    for (let i = n; i < MAX; i++) {
      lines[i]!.visible = false;
      markers[i]!.visible = false;
    }
  });

  return <primitive object={group} />;
}

/** The scene model parts the layer can use for robot positions (SceneRuntime.model has them). */
export interface TaskPathScene {
  model: {
    fixedFrame: string;
    feeds: ReadonlyMap<
      string,
      { tf: { lookup(target: string, source: string): { ok: true; transform: { tx: number; ty: number } } | { ok: false } } }
    >;
    baseFrames: ReadonlyMap<string, string>;
  };
}

/** The task paths in the 3D view, robots placed by the scene's own tf. */
function SceneTaskPaths({ rt }: { rt: TaskPathScene }) {
  const robotPosition = useMemo(
    () => (robotId: string) => {
      const m = rt.model;
      const r = m.feeds.get(robotId)?.tf.lookup(m.fixedFrame, m.baseFrames.get(robotId) ?? 'base_link');
      return r && r.ok ? { x: r.transform.tx, y: r.transform.ty } : undefined;
    },
    [rt],
  );
  return <TaskPathLayer robotPosition={robotPosition} fixedFrame={rt.model.fixedFrame} />;
}

export const tasksSceneExtension: SceneExtension = { id: 'tasks', Layer: SceneTaskPaths };
