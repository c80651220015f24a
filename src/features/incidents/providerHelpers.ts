// Helpers for wiring startIncidentService's providers.
//
// fleetLinkTap: the robot's link tap (every message in and out, no extra subscriptions), following the fleet's
// links (a robot's link can be opened after its ring, or replaced).
//
// linkTopicsTap: a MessageTap built from plain subscriptions on a robot's link, for when the link itself offers no tap.
// It records a fixed list of topics (by default what the 3D scene and the health views use), adding itself as
// one more consumer: the link shares one rosbridge subscription per topic, so this costs no extra traffic for
// topics the console already receives, but it does keep these topics subscribed while the tap is in use, and
// the first subscriber's options (type, compression) are the ones the link uses. Only topics a robot is expected
// to have are listed, so the link's silence watch reports nothing new.
import { getLink, onLinksChanged } from '../../fleet';
import type { RobotLink, TapEvent } from '../../ros';
import type { MessageTap } from './incidentService';
import type { IncidentPose } from './types';

/** A scene TF lookup result (tx..qw, e.g. SceneModel.robotPose(id).transform) as an incident pose. */
export function poseFromTransform(
  t: { tx: number; ty: number; tz: number; qx: number; qy: number; qz: number; qw: number },
  frame = 'map',
): IncidentPose | null {
  const v = [t.tx, t.ty, t.tz, t.qx, t.qy, t.qz, t.qw];
  if (!v.every(Number.isFinite)) return null;
  return { frame, x: t.tx, y: t.ty, z: t.tz, qx: t.qx, qy: t.qy, qz: t.qz, qw: t.qw };
}

export interface TappedTopic {
  topic: string;
  type: string;
}

export const DEFAULT_RECORDED_TOPICS: readonly TappedTopic[] = [
  { topic: '/tf', type: 'tf2_msgs/TFMessage' },
  { topic: '/tf_static', type: 'tf2_msgs/TFMessage' },
  { topic: '/joint_states', type: 'sensor_msgs/JointState' },
  { topic: '/map', type: 'nav_msgs/OccupancyGrid' },
  { topic: '/semantic_map', type: 'visualization_msgs/MarkerArray' },
  { topic: '/battery', type: 'sensor_msgs/BatteryState' },
  { topic: '/diagnostics', type: 'diagnostic_msgs/DiagnosticArray' },
];

export function linkTopicsTap(
  link: Pick<RobotLink, 'subscribe'> | undefined,
  topics: readonly TappedTopic[] = DEFAULT_RECORDED_TOPICS,
): MessageTap {
  return {
    onMessage(cb) {
      if (!link) return () => undefined;
      const offs = topics.map((t) => link.subscribe(t.topic, { type: t.type }, (msg, at) => cb(t.topic, t.type, msg, at)));
      return () => {
        for (const off of offs) off();
      };
    },
  };
}

type TapCb = Parameters<MessageTap['onMessage']>[0];

/** Hands one tap event to a MessageTap listener; events with no topic (status frames) are not messages. */
function deliver(cb: TapCb, e: TapEvent): void {
  if (e.topic === undefined) return;
  cb(e.topic, e.type ?? '', e.msg, e.at, e);
}

/**
 * A MessageTap on the robot's link tap, re-attached when the fleet's link for the robot changes. A link without
 * a tap (a replay or test link) falls back to linkTopicsTap's fixed topics.
 */
export function fleetLinkTap(
  robotId: string,
  links: { get(id: string): RobotLink | undefined; onChange(cb: () => void): () => void } = { get: getLink, onChange: onLinksChanged },
): MessageTap {
  return {
    onMessage(cb) {
      let current: RobotLink | undefined;
      let off: (() => void) | undefined;
      const attach = () => {
        const link = links.get(robotId);
        if (link === current) return;
        off?.();
        current = link;
        if (!link) off = undefined;
        else if (link.tap) off = link.tap((e) => deliver(cb, e));
        else off = linkTopicsTap(link).onMessage(cb);
      };
      attach();
      const offLinks = links.onChange(attach);
      return () => {
        offLinks();
        off?.();
      };
    },
  };
}
