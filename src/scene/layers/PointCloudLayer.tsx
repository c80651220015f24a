// sensor_msgs/PointCloud2 in 3D: x,y,z (any numeric datatype, either endianness, any point_step/row_step),
// coloured by rgb, else intensity, else height; NaN points skipped; capped (default 200k points, subsampled
// evenly, the cap reported to the legend). Only the newest message waiting at a screen refresh is decoded
// (newest wins): a 10 Hz, 50 MB cloud never queues. Decoding reads straight from the Uint8Array into
// Float32Arrays with no per-point objects.
import { useFrame } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import type { Compression, RobotLink } from '../../ros/types';
import { decodePointCloud2, type PointCloud2Msg } from '../sensors/pointCloud2';
import { PointsLayerCore, type TfLookup } from '../sensors/pointsLayerCore';
import { useSensorLayerStore, type SensorLayerStatus } from '../sensors/sensorLayerStore';
import { registerSensorProbe } from '../sensors/sensorProbe';
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
  const last = useRef<{ total: number; capped: boolean; error?: SensorLayerStatus['error'] }>({ total: 0, capped: false });
  const lastReport = useRef(0);

  useEffect(() => {
    const c = core.current!;
    return () => c.dispose();
  }, []);

  useEffect(() => registerSensorProbe('cloud', robotId, topic, core.current!), [robotId, topic]);

  useEffect(() => {
    if (!link) return;
    const off = link.subscribe<PointCloud2Msg>(topic, { type: 'sensor_msgs/PointCloud2', queueLength: 1, compression }, (msg) => {
      pending.current = msg;
    });
    return () => {
      off();
      pending.current = null;
      core.current?.clear();
      useSensorLayerStore.getState().forget(robotId, topic);
    };
  }, [link, robotId, topic, compression]);

  useFrame(() => {
    const c = core.current!;
    const st = useSensorLayerStore.getState();
    const s = st.settings.cloud;
    const cap = maxPoints ?? s.maxPoints;
    const decayMs = (decaySec ?? s.decaySec) * 1000;
    const show = visible ?? s.visible;
    c.group.visible = show;
    const now = Date.now();
    const msg = pending.current;
    pending.current = null;
    if (msg && show) {
      let r: ReturnType<typeof decodePointCloud2>;
      try {
        r = decodePointCloud2(msg, { maxPoints: cap });
      } catch (err) {
        r = { error: { code: 'bad-layout', params: { point_step: String(msg.point_step), row_step: `${msg.row_step} (${String(err)})` } } };
      }
      if (r.error) {
        // Keep the last good cloud on screen; the legend says what is wrong.
        last.current = { ...last.current, error: r.error };
      } else {
        last.current = { total: r.total, capped: r.capped };
        c.add({ positions: r.positions, colors: r.colors, count: r.count, frameId: frameOf(msg.header), stampSec: stampSec(msg.header) }, now, decayMs, cap);
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
