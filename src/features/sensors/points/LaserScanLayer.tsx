// sensor_msgs/LaserScan in 3D: each scan's readings as points in the scan's frame, placed by TF at the scan's
// stamp, coloured by range; readings outside [range_min, range_max] and NaN/Inf skipped. With a decay time the
// last N seconds of scans stay on screen. Scans arrive as points in the robot's scan slot (sensorSlots.ts);
// three.js objects are touched only in useFrame.
import { useFrame } from '@react-three/fiber';
import { useRef } from 'react';
import type { SceneRuntime } from '../../../scene';
import { useSensorLayerStore } from './sensorLayerStore';
import { SCAN_SLOT, SCAN_TOPIC, type ScanSlot } from './sensorSlots';
import { usePointsLayerCore } from './usePointsLayerCore';

export function LaserScanLayer({ rt, robotId }: { rt: SceneRuntime; robotId: string }) {
  const { core, lookup } = usePointsLayerCore(rt, robotId, 'scan', SCAN_TOPIC);
  const lastReport = useRef(0);

  useFrame(() => {
    const c = core;
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

  return <primitive object={core.group} />;
}
