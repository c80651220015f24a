// sensor_msgs/LaserScan in 3D: each scan's readings as points in the scan's frame, placed by TF at the scan's
// stamp, coloured by range; readings outside [range_min, range_max] and NaN/Inf skipped. With a decay time the
// last N seconds of scans stay on screen. Messages are converted in the subscription callback (cheap: one
// loop over a few hundred floats); three.js objects are touched only in useFrame.
import { useFrame } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import type { Compression, RobotLink } from '../../../ros/types';
import { laserScanToPoints, type LaserScanMsg } from './laserScan';
import { PointsLayerCore, type PointsInput, type TfLookup } from './pointsLayerCore';
import { useSensorLayerStore } from './sensorLayerStore';
import { registerSensorProbe } from './sensorProbe';

export interface LaserScanLayerProps {
  /** The robot's link (getLink(robotId) from src/fleet). */
  link: RobotLink | undefined;
  robotId: string;
  topic?: string;
  /** Pose of a frame in the scene's fixed frame (the scene wires its TF buffer here). */
  lookup: TfLookup;
  /** Override the shared settings (useSensorLayerStore().settings.scan). */
  visible?: boolean;
  decaySec?: number;
  pointSize?: number;
  compression?: Compression;
}

export function stampSec(header: { stamp?: { secs?: number; nsecs?: number; sec?: number; nanosec?: number } } | undefined): number | undefined {
  const s = header?.stamp;
  if (!s) return undefined;
  const secs = s.secs ?? s.sec;
  const ns = s.nsecs ?? s.nanosec ?? 0;
  if (typeof secs !== 'number' || !Number.isFinite(secs) || secs <= 0) return undefined;
  return secs + ns * 1e-9;
}

export function frameOf(header: { frame_id?: unknown } | undefined): string {
  const f = typeof header?.frame_id === 'string' ? header.frame_id : '';
  return f.startsWith('/') ? f.slice(1) : f;
}

export function LaserScanLayer({ link, robotId, topic = '/scan', lookup, visible, decaySec, pointSize, compression = 'cbor' }: LaserScanLayerProps) {
  const core = useRef<PointsLayerCore | null>(null);
  core.current ??= new PointsLayerCore();
  const inbox = useRef<PointsInput[]>([]);
  const lastReport = useRef(0);
  const lastTotal = useRef(0);

  useEffect(() => {
    const c = core.current!;
    return () => c.dispose();
  }, []);

  useEffect(() => registerSensorProbe('scan', robotId, topic, core.current!), [robotId, topic]);

  useEffect(() => {
    if (!link) return;
    const off = link.subscribe<LaserScanMsg & { header?: { frame_id?: string; stamp?: { secs: number; nsecs: number } } }>(
      topic,
      { type: 'sensor_msgs/LaserScan', queueLength: 1, compression },
      (msg) => {
        if (!msg || typeof msg !== 'object') return;
        const p = laserScanToPoints(msg);
        lastTotal.current = (msg.ranges?.length ?? 0) >>> 0;
        // Bounded: at most a second's worth of scans waits for the next frame (hidden tab, stalled render).
        if (inbox.current.length > 50) inbox.current.shift();
        inbox.current.push({ ...p, frameId: frameOf(msg.header), stampSec: stampSec(msg.header) });
      },
    );
    return () => {
      off();
      inbox.current = [];
      core.current?.clear();
      useSensorLayerStore.getState().forget(robotId, topic);
    };
  }, [link, robotId, topic, compression]);

  useFrame(() => {
    const c = core.current!;
    const st = useSensorLayerStore.getState();
    const s = st.settings.scan;
    const show = visible ?? s.visible;
    const decayMs = (decaySec ?? s.decaySec) * 1000;
    c.group.visible = show;
    const now = Date.now();
    for (const p of inbox.current.splice(0)) c.add(p, now, decayMs, s.maxPoints);
    const missing = c.update(now, lookup, decayMs, s.maxPoints, pointSize ?? s.pointSize);
    if (now - lastReport.current > 500) {
      lastReport.current = now;
      st.report({ kind: 'scan', robotId, topic, points: c.pointCount, total: lastTotal.current, capped: false, cap: s.maxPoints, noTransform: missing });
    }
  });

  return <primitive object={core.current.group} />;
}
