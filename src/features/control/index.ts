// Control: takeover requests and decisions, teleop with a deadman, e-stop, the audit trail. The robot side is
// src/contracts/ROBOT_CONTRACT.md.
export { TakeoverBanner } from './TakeoverBanner';
export { EStopButton, ESTOP_KEY } from './EStopButton';
export { AuditTrail } from './AuditTrail';
export { OperatorNameField } from './OperatorNameField';
export { TeleopPanel } from './TeleopPanel';
export {
  startTakeoverService,
  approveRequest,
  denyRequest,
  takeControl,
  handBack,
  emergencyStop,
  estopTargets,
  reEnable,
  resumeQueue,
  getChannel,
  breakStaleHold,
} from './takeoverService';
export { onEstop, type EstopRecord } from './estop';
export { useTakeoverStore, type RobotMode } from './takeoverStore';
export { setRobotConfig, robotConfig, type TakeoverRobotConfig } from './robotConfig';
export { getAuditRepo, type AuditEntry } from './auditRepo';
export { consoleId, loadOperatorName } from './consoleIdentity';
export { setEstopWork, stoppedByLastF1, onLastF1Changed, queuePaused, type EstopWork, type EnableResult } from './estopService';
export { incidentCandidateKey, type PendingRequest } from './requestQueue';
export { SafetyBar, ReEnableButton } from './SafetyBar';
