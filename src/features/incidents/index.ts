// What the shell mounts and wires (see the incidents section of the lead's wiring notes):
//   startIncidentService({ getPose, getActiveTask, getControlMode, captureScreenshot, tapFor }) once at boot;
//   <IncidentButton/> in the header, <IncidentForm/> once anywhere (it positions itself), <CandidateList/> in a
//   side-panel tab, <ReviewPanel/> in a side-panel tab, <IncidentPinsLayer/> inside the canvas (map frame);
//   the scene shows useReplaySession()?.link for useReplaySession()?.robotId while an incident is open.
export { IncidentButton } from './IncidentButton';
export { IncidentForm } from './IncidentForm';
export { CandidateList } from './CandidateList';
export { IncidentPinsLayer } from './IncidentPinsLayer';
export { SceneScreenshotSource, captureSceneScreenshot } from './SceneScreenshot';
export { IncidentSceneLayers, scenePose, sceneLinkFor } from './IncidentSceneLayers';
export { startIncidentService, getIncidentService, addCandidate } from './incidentService';
export type { IncidentProviders, IncidentService, MessageTap } from './incidentService';
export { linkTopicsTap, poseFromTransform, DEFAULT_RECORDED_TOPICS } from './providerHelpers';
export { activeTaskOf, controlModeOf, bridgeTakeoverCandidates } from './fleetBridges';
export { useIncidentHotkey, captureIncidentNow } from './useIncidentHotkey';
export { ReviewPanel } from './review/ReviewPanel';
export { useReplaySession, getReplaySession, onReplayChange, openIncident, closeIncident, useReviewStore } from './review/reviewStore';
export type { Incident, CandidateInput, IncidentPose, TaskRef, ControlMode } from './types';
