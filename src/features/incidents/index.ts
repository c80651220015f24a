// Incidents and their review: capture (button, I, form, candidates from diagnostics), the evidence ring and
// MCAP clips, review with replay through the scene, dataset bundles. The composition root starts the service
// with its providers, mounts the button, form and tabs, and registers incidentsSceneExtension.
export { IncidentButton } from './IncidentButton';
export { IncidentForm } from './IncidentForm';
export { CandidateList } from './CandidateList';
export { captureSceneScreenshot } from './SceneScreenshot';
export { incidentsSceneExtension, scenePose, sceneLinkFor } from './IncidentSceneLayers';
export { startIncidentService, getIncidentService, addCandidate } from './incidentService';
export type { IncidentProviders, IncidentService, MessageTap } from './incidentService';
export { fleetLinkTap, linkTopicsTap, poseFromTransform, DEFAULT_RECORDED_TOPICS } from './providerHelpers';
export { DEFAULT_RING_BYTES } from './messageRing';
export { useIncidentHotkey, captureIncidentNow } from './useIncidentHotkey';
export { setIncidentTaxonomy } from './taxonomy';
export { ReviewPanel } from './review/ReviewPanel';
export {
  useReplaySession,
  getReplaySession,
  onReplayChange,
  openIncident,
  closeIncident,
  useReviewStore,
  setRemoteBlobSource,
} from './review/reviewStore';
export { DEFAULT_CATEGORIES } from './types';
export type { Incident, CandidateInput, IncidentPose, TaskRef, ControlMode, Severity } from './types';
export { getIncidentRepo } from './incidentRepo';
