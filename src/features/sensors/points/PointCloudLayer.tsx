// sensor_msgs/PointCloud2 in 3D: x,y,z (any numeric datatype, either endianness, any point_step/row_step),
// coloured by rgb, else intensity, else height; NaN points skipped; capped (default 200k points, subsampled
// evenly, the cap reported to the legend). One decode at a time, big clouds in a worker (cloudDecoder.ts); a
// cloud arriving meanwhile replaces the one waiting (newest wins), so a 10 Hz, 50 MB cloud never queues.
// Decoding reads straight from the Uint8Array into Float32Arrays with no per-point objects.
import { useFrame } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import type { Compression, RobotLink } from '../../../ros/types';
import { decodeCloud } from './cloudDecoder';
import type { CloudResult, PointCloud2Msg } from './pointCloud2';
import { PointsLayerCore, type TfLookup } from './pointsLayerCore';
import { useSensorLayerStore, type SensorLayerStatus } from './sensorLayerStore';
import { registerSensorProbe } from './sensorProbe';
import { frameOf, stampSec } from './LaserScanLayer';

export interface PointCloudLayerProps {
  link: RobotLink | undefined;
  robotId: string;
  topic?: string;
  lookup: TfLookup;
  visible?: boolean;
  decaySec?: number;
  /** Points budget over all kept clouds (default from the store: 200,000). */
  maxPoints?: number;
  pointSize?: number;
  compression?: Compression;
}

export function PointCloudLayer({ link, robotId, topic = '/points', lookup, visible, decaySec, maxPoints, pointSize, compression = 'cbor' }: PointCloudLayerProps) {
  const core = useRef<PointsLayerCore | null>(null);
  core.current ??= new PointsLayerCore(2);
  const pending = useRef<PointCloud2Msg | null>(null);
  const decoding = useRef(false);
  const ready = useRef<{ result: CloudResult; msg: PointCloud2Msg } | null>(null);
  const capRef = useRef(maxPoints ?? useSensorLayerStore.getState().settings.cloud.maxPoints);
  const last = useRef<{ total: number; capped: boolean; error?: SensorLayerStatus['error'] }>({ total: 0, capped: false });
  const lastReport = useRef(0);
  const shown = useRef(true);

  useEffect(() => {
    const c = core.current!;
    return () => c.dispose();
  }, []);

  useEffect(() => registerSensorProbe('cloud', robotId, topic, core.current!), [robotId, topic]);

  useEffect(() => {
    if (!link) return;
    let live = true;
    const pump = async () => {
      decoding.current = true;
      try {
        for (let msg = pending.current; msg && live; msg = pending.current) {
          pending.current = null;
          const result = await decodeCloud(msg, capRef.current);
          if (live) ready.current = { result, msg };
        }
      } finally {
        decoding.current = false;
      }
    };
    const off = link.subscribe<PointCloud2Msg>(topic, { type: 'sensor_msgs/PointCloud2', queueLength: 1, compression }, (msg) => {
      // A hidden layer decodes nothing.
      if (!msg || typeof msg !== 'object' || !shown.current) return;
      pending.current = msg;
      if (!decoding.current) void pump();
    });
    return () => {
      live = false;
      off();
      pending.current = null;
      ready.current = null;
      core.current?.clear();
      useSensorLayerStore.getState().forget(robotId, topic);
    };
  }, [link, robotId, topic, compression]);

  useFrame(() => {
    const c = core.current!;
    const st = useSensorLayerStore.getState();
    const s = st.settings.cloud;
    const cap = maxPoints ?? s.maxPoints;
    capRef.current = cap;
    const decayMs = (decaySec ?? s.decaySec) * 1000;
    shown.current = visible ?? s.visible;
    c.group.visible = shown.current;
    const now = Date.now();
    const r = ready.current;
    ready.current = null;
    if (r) {
      if (r.result.error) {
        // Keep the last good cloud on screen; the legend says what is wrong.
        last.current = { ...last.current, error: r.result.error };
      } else {
        const d = r.result;
        last.current = { total: d.total, capped: d.capped };
        c.add({ positions: d.positions, colors: d.colors, count: d.count, frameId: frameOf(r.msg.header), stampSec: stampSec(r.msg.header) }, now, decayMs, cap);
      }
    }
    const missing = c.update(now, lookup, decayMs, cap, pointSize ?? s.pointSize);
    if (now - lastReport.current > 500) {
      lastReport.current = now;
      const l = last.current;
      st.report({ kind: 'cloud', robotId, topic, points: c.pointCount, total: l.total, capped: l.capped, cap, error: l.error, noTransform: missing });
    }
  });

  return <primitive object={core.current.group} />;
}
