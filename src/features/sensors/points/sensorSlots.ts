// Per-robot inboxes of the 3D sensor layers, filled on the link callback (scene extension onMessage) and drained
// by the layers in useFrame. A scan is turned into points at once (one loop over a few hundred floats); a
// cloud is decoded one at a time, off the UI thread when big, and a newer cloud replaces one still waiting.
import { sharedPrepPool, type PrepPool, type RobotFeed } from '../../../scene';
import { decodeCloud } from './cloudDecoder';
import { laserScanToPoints, type LaserScanMsg } from './laserScan';
import type { CloudResult, PointCloud2Msg } from './pointCloud2';
import type { PointsInput } from './pointsLayerCore';

export const SCAN_TOPIC = '/scan';
export const CLOUD_TOPIC = '/points';
/** At most about a second of scans waits for the next frame (hidden tab, stalled render). */
const MAX_WAITING_SCANS = 50;

type Header = { frame_id?: unknown; stamp?: { secs?: number; nsecs?: number; sec?: number; nanosec?: number } };

export function stampSec(header: Header | undefined): number | undefined {
  const s = header?.stamp;
  if (!s) return undefined;
  const secs = s.secs ?? s.sec;
  const ns = s.nsecs ?? s.nanosec ?? 0;
  if (typeof secs !== 'number' || !Number.isFinite(secs) || secs <= 0) return undefined;
  return secs + ns * 1e-9;
}

export function frameOf(header: Header | undefined): string {
  const f = typeof header?.frame_id === 'string' ? header.frame_id : '';
  return f.startsWith('/') ? f.slice(1) : f;
}

export interface ScanSlot {
  inbox: PointsInput[];
  /** Readings in the newest scan. */
  total: number;
}

export interface CloudSlot {
  pending: PointCloud2Msg | null;
  decoding: boolean;
  ready: { result: CloudResult; msg: PointCloud2Msg } | null;
  /** Written by the layer each frame: a hidden layer decodes nothing, and the cap the decoder subsamples to. */
  shown: boolean;
  cap: number;
  live: boolean;
  /** Clouds replaced while waiting (never decoded). */
  dropped: number;
}

export const SCAN_SLOT = 'sensors.scan';
export const CLOUD_SLOT = 'sensors.cloud';

export function onScan(feed: RobotFeed, msg: unknown): void {
  if (!msg || typeof msg !== 'object') return;
  const m = msg as LaserScanMsg & { header?: Header };
  const slot = feed.slot<ScanSlot>(SCAN_SLOT, () => ({ inbox: [], total: 0 }));
  const p = laserScanToPoints(m);
  slot.total = (m.ranges?.length ?? 0) >>> 0;
  if (slot.inbox.length >= MAX_WAITING_SCANS) slot.inbox.shift();
  slot.inbox.push({ ...p, frameId: frameOf(m.header), stampSec: stampSec(m.header) });
}

export function newCloudSlot(cap: number): CloudSlot {
  return { pending: null, decoding: false, ready: null, shown: true, cap, live: true, dropped: 0 };
}

/**
 * A cloud arrived: decoded at once when nothing is being decoded, else it waits, replacing (dropping) a cloud
 * that was waiting. One cloud per robot is in the pool at a time, so a stream faster than its decoding shows
 * the newest cloud each time one is done, never a backlog, and never starves.
 */
export function onCloud(
  feed: Pick<RobotFeed, 'slot' | 'robotId'>,
  msg: unknown,
  defaultCap: number,
  pool: PrepPool | null = sharedPrepPool(),
): void {
  const slot = feed.slot<CloudSlot>(CLOUD_SLOT, () => newCloudSlot(defaultCap));
  if (!msg || typeof msg !== 'object' || !slot.shown || !slot.live) return;
  if (slot.pending) slot.dropped++;
  slot.pending = msg as PointCloud2Msg;
  if (!slot.decoding) void pumpClouds(slot, pool, `${feed.robotId}|${CLOUD_TOPIC}`);
}

async function pumpClouds(slot: CloudSlot, pool: PrepPool | null, key: string): Promise<void> {
  slot.decoding = true;
  try {
    for (let msg = slot.pending; msg && slot.live; msg = slot.pending) {
      slot.pending = null;
      const result = await decodeCloud(msg, slot.cap, pool, key);
      if (slot.live) slot.ready = { result, msg };
    }
  } finally {
    slot.decoding = false;
  }
}

export function dropSlots(feed: RobotFeed): void {
  const cloud = feed.peekSlot<CloudSlot>(CLOUD_SLOT);
  if (cloud) {
    cloud.live = false;
    cloud.pending = null;
    cloud.ready = null;
  }
  const scan = feed.peekSlot<ScanSlot>(SCAN_SLOT);
  if (scan) scan.inbox.length = 0;
}
