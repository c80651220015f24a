// The 3D view: the renderer core (TF, robot bodies, grids, markers) and the extension registry that features
// register their layers, overlays and topics into.
export { SceneView, type SceneSource, type SceneViewProps } from './SceneView';
export * from './sceneExtension';
export type { SceneRuntime, FramedPoint } from './sceneRuntime';
export type { RobotFeed } from './robotFeed';
export type { SceneDebugHook } from './SceneInstruments';
export { useSceneUiStore } from './sceneUiStore';
export { type LookupResult } from './tfBuffer';
export { useSceneText, sceneText } from './sceneText';
export { MarkerType, MarkerTypeName } from './rosMsgs';
export type { MarkerEntry } from './markerStore';
export { applyToPoint, yawOf } from './tfMath';
export { SceneProblemItems, useSceneProblems } from './SceneProblemItems';
export { lookupCell, cellState, gridCells, type CellLookup, type CellState } from './gridLookup';
export { groundPoint, ndcOf } from './groundPoint';
export { siteTransformOf, inSite, siteToRobotMap, type SitePlacement } from './siteFrame';
export { cloudStrideAt, THIN_CLOUDS_ABOVE, type DetailGovernor, type PrimitivesAt } from './detailGovernor';
export { sharedPrepPool, configurePrepPool, type PrepPool, type PrepPort } from './prepPool';
