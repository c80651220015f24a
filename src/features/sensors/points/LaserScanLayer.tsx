// sensor_msgs/LaserScan in 3D: each scan's readings as points in the scan's frame, placed by TF at the scan's
// stamp, coloured by range; readings outside [range_min, range_max] and NaN/Inf skipped. With a decay time the
// last N seconds of scans stay on screen. Scans arrive as points in the robot's scan slot (sensorSlots.ts);
// three.js objects are touched only in useFrame.
import { useFrame } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import type { SceneRuntime } from '../../../scene';
import { PointsLayerCore } from './pointsLayerCore';
import { useSensorLayerStore } from './sensorLayerStore';
import { registerSensorProbe } from './sensorProbe';
import { SCAN_SLOT, SCAN_TOPIC, type ScanSlot } from './sensorSlots';
import { useRobotTfLookup } from './useRobotTfLookup';

export function LaserScanLayer({ rt, robotId }: { rt: SceneRuntime; robotId: string }) {
  const core = useRef<PointsLayerCore | null>(null);
  core.current ??= new PointsLayerCore();
  const lastReport = useRef(0);
  const lookup = useRobotTfLookup(rt, robotId);

  useEffect(() => {
    const c = core.current!;
    return () => {
      c.dispose();
      useSensorLayerStore.getState().forget(robotId, SCAN_TOPIC);
    };
  }, [robotId]);

  useEffect(() => registerSensorProbe('scan', robotId, SCAN_TOPIC, core.current!), [robotId]);

  useFrame(() => {
    const c = core.current!;
    const st = useSensorLayerStore.getState();
    const s = st.settings.scan;
    const decayMs = s.decaySec * 1000;
    c.group.visible = s.visible;
    const now = Date.now();
    const slot = rt.model.feeds.get(robotId)?.peekSlot<ScanSlot>(SCAN_SLOT);
    if (slot) for (const p of slot.inbox.splice(0)) c.add(p, now, decayMs, s.maxPoints);
    const missing = c.update(now, lookup, decayMs, s.maxPoints, s.pointSize);
    if (now - lastReport.current > 500) {
      lastReport.current = now;
      st.report({
        kind: 'scan',
        robotId,
        topic: SCAN_TOPIC,
        points: c.pointCount,
        total: slot?.total ?? 0,
        capped: false,
        cap: s.maxPoints,
        noTransform: missing,
      });
    }
  });

  return <primitive object={core.current.group} />;
}
