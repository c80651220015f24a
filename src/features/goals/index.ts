// Goals anywhere on the map: a tool in the 3D view (button or G) that sends the selected robot to a clicked point,
// heading by press-drag, with any navigation template; a goal in an obstacle or unknown cell asks first.
export { goalsSceneExtension } from './goalsExtension';
export { navigationTemplates, riskyCell } from './goalSend';
export { dragYaw } from './goalStore';
