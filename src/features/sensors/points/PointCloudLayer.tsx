// sensor_msgs/PointCloud2 in 3D: x,y,z (any numeric datatype, either endianness, any point_step/row_step),
// coloured by rgb, else intensity, else height; NaN points skipped; capped (default 200k points, subsampled
// evenly, the cap reported to the legend). Decoding happens as clouds arrive (sensorSlots.ts: one at a time,
// newest wins, big clouds in the preparation pool), so a 10 Hz, 50 MB cloud never queues; this layer only hands
// results to PointsLayerCore, which uploads them into reused GPU buffers within a per-frame byte budget.
import { useFrame } from '@react-three/fiber';
import { useRef } from 'react';
import { cloudStrideAt, THIN_CLOUDS_ABOVE, type SceneRuntime } from '../../../scene';
import { useSensorLayerStore, type SensorLayerStatus } from './sensorLayerStore';
import { CLOUD_SLOT, CLOUD_TOPIC, frameOf, stampSec, type CloudSlot } from './sensorSlots';
import { usePointsLayerCore } from './usePointsLayerCore';

export function PointCloudLayer({ rt, robotId }: { rt: SceneRuntime; robotId: string }) {
  const { core, lookup } = usePointsLayerCore(rt, robotId, 'cloud', CLOUD_TOPIC, 2);
  const last = useRef<{ total: number; capped: boolean; error?: SensorLayerStatus['error'] }>({ total: 0, capped: false });
  const lastReport = useRef(0);
  // Reused every frame (no allocation per frame): big clouds are thinned while the view has reduced its detail;
  // a big new cloud is first drawn at the level its predicted cost calls for (software renderers).
  const thin = useRef({
    stride: 1,
    above: THIN_CLOUDS_ABOVE,
    admit: (points: number) => cloudStrideAt(rt.detail.expect((level) => points / cloudStrideAt(level))),
  }).current;

  useFrame(() => {
    const c = core;
    const st = useSensorLayerStore.getState();
    const s = st.settings.cloud;
    const cap = s.maxPoints;
    const decayMs = s.decaySec * 1000;
    c.group.visible = s.visible;
    const now = Date.now();
    const slot = rt.model.feeds.get(robotId)?.peekSlot<CloudSlot>(CLOUD_SLOT);
    if (slot) {
      slot.cap = cap;
      slot.shown = s.visible;
      const r = slot.ready;
      slot.ready = null;
      const d = r?.result;
      if (d && 'error' in d) {
        // Keep the last good cloud on screen; the legend says what is wrong.
        last.current = { ...last.current, error: d.error };
      } else if (r && d) {
        last.current = { total: d.total, capped: d.capped };
        c.add(
          { positions: d.positions, colors: d.colors, count: d.count, frameId: frameOf(r.msg.header), stampSec: stampSec(r.msg.header) },
          now,
          decayMs,
          cap,
        );
      }
    }
    thin.stride = rt.detail.cloudStride;
    const missing = c.update(now, lookup, decayMs, cap, s.pointSize, thin);
    if (now - lastReport.current > 500) {
      lastReport.current = now;
      const l = last.current;
      st.report({
        kind: 'cloud',
        robotId,
        topic: CLOUD_TOPIC,
        points: c.pointCount,
        total: l.total,
        capped: l.capped,
        cap,
        thinnedBy: c.stride,
        error: l.error,
        noTransform: missing,
      });
    }
  });

  return <primitive object={core.group} />;
}
