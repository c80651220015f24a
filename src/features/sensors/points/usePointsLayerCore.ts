// What the scan and cloud layers share: one PointsLayerCore per mounted layer (disposed, and its legend entry
// forgotten, when the layer goes), registered with the e2e probe, and the robot's TF lookup.
import { useEffect, useRef } from 'react';
import type { SceneRuntime } from '../../../scene';
import { PointsLayerCore, type TfLookup } from './pointsLayerCore';
import { useSensorLayerStore } from './sensorLayerStore';
import { registerSensorProbe } from './sensorProbe';
import { useRobotTfLookup } from './useRobotTfLookup';

export function usePointsLayerCore(
  rt: SceneRuntime,
  robotId: string,
  kind: 'scan' | 'cloud',
  topic: string,
  pointSize?: number,
): { core: PointsLayerCore; lookup: TfLookup } {
  const core = useRef<PointsLayerCore | null>(null);
  core.current ??= new PointsLayerCore(pointSize);
  const lookup = useRobotTfLookup(rt, robotId);

  useEffect(() => {
    const c = core.current!;
    return () => {
      c.dispose();
      useSensorLayerStore.getState().forget(robotId, topic);
    };
  }, [robotId, topic]);

  useEffect(() => registerSensorProbe(kind, robotId, topic, core.current!), [kind, robotId, topic]);

  return { core: core.current, lookup };
}
