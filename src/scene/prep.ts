// The scene's worker-side face (next to index.ts, its UI face): what a preparation worker imports. Nothing here
// pulls React or the DOM, so a worker starts without one; of three only what the mesh-file loaders need (STL, OBJ,
// COLLADA with xmldom for its XML).
export { hostPrepWorker, handlePrep, scenePrepHandlers, gridPrep, meshPrep } from './prepWorkerHost';
export { meshDetailReady } from './meshSimplify';
export type { PrepHandler, PrepHandlers, PrepReply, PrepRequest, PrepScope } from './prepWorkerHost';
