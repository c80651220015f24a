// Markers layer: MarkerRenderer upkeep once per frame (see markerRenderer.ts), objects from markerObjects.ts,
// cubes, spheres, cylinders and arrows drawn instanced by ShapeBatches,
// and a bright box around the object open in the inspector (read from the UI store in useFrame, no re-render).

import { useFrame } from '@react-three/fiber';
import { useEffect, useState } from 'react';
import * as THREE from 'three';
import { buildMarkerObject, disposeObject } from './markerObjects';
import { MarkerRenderer } from './markerRenderer';
import { ShapeBatches } from './shapeBatches';
import { countRender, type SceneRuntime } from './sceneRuntime';
import { useSceneUiStore } from './sceneUiStore';

export function MarkerLayer({ rt }: { rt: SceneRuntime }) {
  countRender('MarkerLayer');
  const [markers] = useState(() => new MarkerRenderer(rt.markerRoot, rt.markerObjects, buildMarkerObject, disposeObject));
  const [highlight] = useState(() => {
    // A translucent box with bright edges: thin lines alone vanish on a light floor.
    const g = new THREE.Group();
    const unit = new THREE.BoxGeometry(1, 1, 1);
    const fill = new THREE.Mesh(
      unit,
      new THREE.MeshBasicMaterial({ color: 0xffc107, transparent: true, opacity: 0.4, depthTest: false, depthWrite: false }),
    );
    const edges = new THREE.LineSegments(new THREE.EdgesGeometry(unit), new THREE.LineBasicMaterial({ color: 0xffa000, depthTest: false }));
    fill.renderOrder = edges.renderOrder = 5;
    g.add(fill, edges);
    g.visible = false;
    return g;
  });
  const [box] = useState(() => new THREE.Box3());
  const [batches] = useState(() => new ShapeBatches());
  useEffect(
    () => () => {
      markers.dispose();
      batches.dispose();
      disposeObject(highlight);
    },
    [markers, batches, highlight],
  );
  useFrame(() => {
    const t0 = performance.now();
    markers.update(rt.model, Date.now());
    batches.sync(rt.markerRoot, rt.detail.coarseMarkers, markers.changes);
    const key = useSceneUiStore.getState().inspectedKey;
    const obj = key ? rt.markerObjects.get(key) : undefined;
    if (obj && obj.visible && !(obj as THREE.Sprite).isSprite && !box.setFromObject(obj).isEmpty()) {
      box.getCenter(highlight.position);
      box.getSize(highlight.scale).addScalar(0.15);
      highlight.visible = true;
    } else highlight.visible = false;
    rt.frameStats.add(performance.now() - t0);
  });
  return (
    <>
      <primitive object={rt.markerRoot} />
      <primitive object={batches.root} />
      <primitive object={highlight} />
    </>
  );
}
