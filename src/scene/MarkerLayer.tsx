// Markers layer: MarkerRenderer upkeep once per frame (see markerRenderer.ts), objects from markerObjects.ts.

import { useFrame } from '@react-three/fiber';
import { useEffect, useState } from 'react';
import { buildMarkerObject, disposeObject } from './markerObjects';
import { MarkerRenderer } from './markerRenderer';
import { countRender, type SceneRuntime } from './sceneRuntime';

export function MarkerLayer({ rt }: { rt: SceneRuntime }) {
  countRender('MarkerLayer');
  const [markers] = useState(() => new MarkerRenderer(rt.markerRoot, rt.markerObjects, buildMarkerObject, disposeObject));
  useEffect(() => () => markers.dispose(), [markers]);
  useFrame(() => {
    const t0 = performance.now();
    markers.update(rt.model, Date.now());
    rt.frameStats.add(performance.now() - t0);
  });
  return <primitive object={rt.markerRoot} />;
}
