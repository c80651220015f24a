import { useCallback, useMemo } from 'react';
import type { SceneRuntime } from '../scene/SceneView';
import { SensorLayers } from '../features/sensors/points/SensorLayers';
import type { TfLookup } from '../features/sensors/points/pointsLayerCore';
import { makeTfLookup } from '../features/sensors/points/tfLookup';
import { SceneTaskPaths } from '../features/tasks/TaskPathLayer';
import { IncidentSceneLayers } from '../features/incidents';

// Features' layers drawn in the one 3D canvas, each reading its robot's TF from the scene's own buffers.
function SceneExtras({ rt }: { rt: SceneRuntime }) {
  const cache = useMemo(() => new Map<string, { tf: unknown; lookup: TfLookup }>(), [rt]);
  const lookupFor = useCallback(
    (robotId: string): TfLookup | null => {
      const feed = rt.model.feeds.get(robotId);
      if (!feed) return null;
      let entry = cache.get(robotId);
      if (!entry || entry.tf !== feed.tf) {
        entry = { tf: feed.tf, lookup: makeTfLookup(feed.tf, () => rt.model.fixedFrame) };
        cache.set(robotId, entry);
      }
      return entry.lookup;
    },
    [rt, cache],
  );
  return (
    <>
      <SensorLayers lookupFor={lookupFor} />
      <SceneTaskPaths rt={rt} />
      <IncidentSceneLayers rt={rt} />
    </>
  );
}

export function renderSceneExtras(rt: SceneRuntime) {
  return <SceneExtras rt={rt} />;
}
