// The fleet: one link per robot (outside React), the robot list and selection, and the few-Hz poll that
// mirrors what a person sees of each robot into the store.
export * from './fleetLinks';
export * from './fleetStore';
export { startFleetWatcher } from './fleetWatcher';
export { robotLabels, robotLabel, labelsOf, shownRobotName, ROBOT_LABEL_MAX, type NamedRobot } from './robotIdentity';
export {
  applySafety,
  motionBlocked,
  UNKNOWN_SAFETY,
  type SafetyEvent,
  type SafetyPhase,
  type SafetyView,
  type PendingStop,
} from './safetyModel';
export { safetyOf, useSafetyStore } from './safetyStore';
export { SafetyBadge, safetyHeadline, safetyDetail, safetyLabelText } from './SafetyBadge';
export { consoleNotes, setConsoleNote, type ConsoleNote } from './consoleNotes';
