// The goal tool inside the canvas: while the mode is on, a press on the map starts a goal and a drag turns its
// heading (an arrow follows the pointer, as RViz's 2D Nav Goal); the release sends it. The tool takes the press
// before the camera controls and the click picker do (capture phase), so the map does not pan meanwhile.

import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useState } from 'react';
import * as THREE from 'three';
import { useFleetStore } from '../../fleet';
import { groundPoint, ndcOf, type SceneLayerProps } from '../../scene';
import { dragYaw, goalDrag, useGoalStore } from './goalStore';
import { finishDrag } from './goalSend';

const ARROW_COLOR = 0x4fb3ff;

export function GoalLayer({ rt }: SceneLayerProps) {
  const gl = useThree((s) => s.gl);
  const camera = useThree((s) => s.camera);
  const [arrow] = useState(() => {
    const a = new THREE.ArrowHelper(new THREE.Vector3(1, 0, 0), new THREE.Vector3(), 1, ARROW_COLOR, 0.35, 0.25);
    a.visible = false;
    a.name = 'goal-arrow';
    return a;
  });

  useEffect(() => {
    const el = gl.domElement;
    const at = (e: PointerEvent) => groundPoint(camera, ndcOf(e.clientX, e.clientY, el.getBoundingClientRect()));
    const take = (e: PointerEvent) => {
      e.stopImmediatePropagation();
      e.preventDefault();
    };
    const onDown = (e: PointerEvent) => {
      const robotId = useFleetStore.getState().selectedId;
      if (e.button !== 0 || !useGoalStore.getState().active || !robotId) return;
      const p = at(e);
      if (!p) return;
      take(e);
      goalDrag.robotId = robotId;
      goalDrag.start = p;
      goalDrag.end = p;
      if (rt.controls) rt.controls.enabled = false;
      el.setPointerCapture?.(e.pointerId);
    };
    const onMove = (e: PointerEvent) => {
      if (!goalDrag.start) return;
      take(e);
      goalDrag.end = at(e) ?? goalDrag.end;
    };
    const onUp = (e: PointerEvent) => {
      if (!goalDrag.start) return;
      take(e);
      goalDrag.end = at(e) ?? goalDrag.end;
      if (rt.controls) rt.controls.enabled = true;
      finishDrag(rt);
    };
    const opts = { capture: true };
    el.addEventListener('pointerdown', onDown, opts);
    el.addEventListener('pointermove', onMove, opts);
    el.addEventListener('pointerup', onUp, opts);
    return () => {
      el.removeEventListener('pointerdown', onDown, opts);
      el.removeEventListener('pointermove', onMove, opts);
      el.removeEventListener('pointerup', onUp, opts);
      goalDrag.start = goalDrag.end = null;
      if (rt.controls) rt.controls.enabled = true;
    };
  }, [gl, camera, rt]);

  useFrame(() => {
    const { start, end } = goalDrag;
    arrow.visible = !!start;
    if (!start) return;
    const yaw = dragYaw(start, end);
    const len = Math.max(0.8, end ? Math.hypot(end.x - start.x, end.y - start.y) : 0);
    arrow.position.set(start.x, start.y, 0.05);
    arrow.setDirection(new THREE.Vector3(Math.cos(yaw), Math.sin(yaw), 0));
    arrow.setLength(len, Math.min(0.5, len * 0.4), Math.min(0.35, len * 0.3));
  });

  return <primitive object={arrow} />;
}
