// The scene's worker-side face (next to index.ts, its UI face): what a preparation worker imports. Nothing here
// pulls React or three, so a worker bundle stays small and starts without a DOM.
export { hostPrepWorker, handlePrep, scenePrepHandlers, gridPrep } from './prepWorkerHost';
export type { PrepHandler, PrepHandlers, PrepReply, PrepRequest, PrepScope } from './prepWorkerHost';
