import { useEffect } from 'react';
import type { SceneExtension } from '../../scene';
import { getLink } from '../../fleet';
import type { RobotLink } from '../../ros';
import { getReplaySession } from './review/reviewStore';
import { IncidentPinsLayer } from './IncidentPinsLayer';
import { poseFromTransform } from './providerHelpers';
import { SceneScreenshotSource } from './SceneScreenshot';
import type { IncidentPose } from './types';

/** The part of the scene runtime incidents read: the robot's base pose in the fixed frame. */
export interface ScenePoseSource {
  model: {
    fixedFrame: string;
    robotPose(
      id: string,
      nowMs: number,
    ):
      | { ok: true; transform: { tx: number; ty: number; tz: number; qx: number; qy: number; qz: number; qw: number } }
      | { ok: false }
      | undefined;
  };
}

let poseSource: ScenePoseSource | null = null;

/** getPose provider for startIncidentService: the robot's pose from the mounted scene's TF buffer. */
export function scenePose(robotId: string): IncidentPose | null {
  const r = poseSource?.model.robotPose(robotId, Date.now());
  return r && r.ok ? poseFromTransform(r.transform, poseSource!.model.fixedFrame) : null;
}

/**
 * Everything incidents draw or read in the 3D canvas: the pins, the screenshot source (captureSceneScreenshot)
 * and the pose source (scenePose).
 */
function IncidentSceneLayers({ rt }: { rt: ScenePoseSource }) {
  useEffect(() => {
    poseSource = rt;
    return () => {
      if (poseSource === rt) poseSource = null;
    };
  }, [rt]);
  return (
    <>
      <IncidentPinsLayer />
      <SceneScreenshotSource />
    </>
  );
}

export const incidentsSceneExtension: SceneExtension = { id: 'incidents', Layer: IncidentSceneLayers };

/** The link the scene should draw for a robot: the open incident's replay for its robot, else the live one. */
export function sceneLinkFor(robotId: string): RobotLink | undefined {
  const replay = getReplaySession();
  return replay && replay.robotId === robotId ? replay.link : getLink(robotId);
}
